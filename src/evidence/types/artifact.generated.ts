/* Generated from schemas/artifact.schema.json by scripts/gen-types.mjs. Do not edit. */

export type ArtifactType =
  | 'device-inventory'
  | 'mdm-enrollment'
  | 'device-trust'
  | 'disk-encryption'
  | 'firewall'
  | 'malware-protection'
  | 'os-currency'
  | 'configuration-profiles'
  | 'library-item-compliance'
  | 'software-inventory'
  | 'user-assignment'
  | 'ade-enrollment'
  | 'admin-activity'
  | 'vulnerabilities'
  | 'threat-detections'
  | 'collection-run';
export type NotEvaluableReason = 'permission_denied' | 'transient' | 'stale' | 'missing_data' | 'unknown_value';
export type Sha256 = string;

/**
 * One immutable, hashed, dated piece of compliance evidence (Artifact contract v1).
 */
export interface Artifact {
  /**
   * Stable id of this version.
   */
  id: string;
  type: ArtifactType;
  schemaVersion: 1;
  title: string;
  description: string;
  connectionId: string;
  runId: string;
  /**
   * When the data was fetched from Iru.
   */
  collectedAt: string;
  observedAt?: ObservedAt;
  covers?: EvidencePeriod;
  /**
   * collectedAt plus the connection's freshness policy.
   */
  expiresAt: string;
  source: ArtifactSource;
  controls: ControlAction[];
  summary: ArtifactSummary;
  records: {}[];
  contentSha256: Sha256;
  sha256: Sha256;
}
/**
 * When the devices last reported the signal, where the API says.
 */
export interface ObservedAt {
  oldest: string;
  newest: string;
}
/**
 * The period the evidence covers; outside the content hash, like collectedAt. A snapshot (inventory, posture) is the state as read at one instant: from = to = collectedAt. A window (events) holds every event from `from` to `to`, both included. Present in every Artifact sealed since it was introduced; absent from older ones.
 */
export interface EvidencePeriod {
  kind: 'snapshot' | 'window';
  from: string;
  to: string;
  /**
   * A window: the length of the stated rolling window, which ends at `to`.
   */
  windowDays?: number;
  gap?: PeriodGap;
}
/**
 * The part of the stated window the evidence does not cover (it starts at the window's start).
 */
export interface PeriodGap {
  from: string;
  to: string;
  reason: 'history_unavailable' | 'permission_denied';
  detail: string;
}
export interface ArtifactSource {
  tenant: string;
  /**
   * @minItems 1
   */
  endpoints: string[];
  connectorVersion: string;
  /**
   * A non-reversible id of the token; never the token.
   */
  tokenFingerprint: string;
}
export interface ControlAction {
  framework: string;
  control: string;
  action: string;
  coverage: 'full' | 'partial';
}
export interface ArtifactSummary {
  counts: {
    [k: string]: number;
  };
  coverage: {
    evaluated: number;
    total: number;
    /**
     * For people: "N of M devices evaluated".
     */
    text: string;
    gaps: CoverageGap[];
  };
  thresholds?: Threshold[];
  /**
   * The admins' exceptions for this check and connection at collectedAt: those in force (records counts the failing records they turned excepted), then those that ended (expired or revoked) in the 90 days before. Absent when there are none.
   */
  exceptions?: AppliedException[];
}
export interface CoverageGap {
  reason: NotEvaluableReason;
  /**
   * Subjects not evaluable for this reason; null when unknown: the records a denied source would have added to an inventory or log are not known, so none is counted.
   */
  count: number | null;
  detail?: string;
}
export interface Threshold {
  name: string;
  value: string | number | boolean;
  unit?: string;
}
export interface AppliedException {
  id: string;
  deviceId: string;
  /**
   * The Artifact type it applies to; null: every check of the device.
   */
  check: string | null;
  justification: string;
  /**
   * The admin who granted it.
   */
  approver: string;
  createdAt: string;
  /**
   * The last day (UTC) it applies, inclusive.
   */
  expiresOn: string;
  status: 'in_force' | 'expired' | 'revoked';
  /**
   * In force: the records it turned from fail to excepted.
   */
  records?: number;
  revokedAt?: string;
  revokedBy?: string;
}
