/** Ground-truth model of a simulated tenant: plain, typed, normalised (not the API shape). */

export const APPLE_PLATFORMS = ['Mac', 'iPhone', 'iPad', 'AppleTV'] as const;
export type ApplePlatform = (typeof APPLE_PLATFORMS)[number];
export type Platform = ApplePlatform | 'Windows' | 'Android';

/** Apple devices: the only ones Prism, ADE and installed profiles know. */
export function isApplePlatform(platform: Platform): platform is ApplePlatform {
  return (APPLE_PLATFORMS as readonly string[]).includes(platform);
}

/** Platforms the Iru agent exists for (Mac and Windows); elsewhere only MDM checks in. */
export function isAgentPlatform(platform: Platform): boolean {
  return platform === 'Mac' || platform === 'Windows';
}

export const PRISM_CATEGORIES = [
  'device_information',
  'filevault',
  'application_firewall',
  'gatekeeper_and_xprotect',
  'startup_settings',
  'installed_profiles',
  'apps',
  'system_extensions',
] as const;
export type PrismCategory = (typeof PRISM_CATEGORIES)[number];

export function isPrismCategory(value: string): value is PrismCategory {
  return (PRISM_CATEGORIES as readonly string[]).includes(value);
}

export interface FleetSpec {
  seed: number;
  devices: number;
  tenant?: string;
  now?: string;
  edr?: boolean;
  vulnerabilityManagement?: boolean;
  /** Number of blueprints (1..1000; index 0 is the default blueprint). Default: 3..10, drawn from the seed. */
  blueprints?: number;
  /**
   * Audit events a year: the audit log holds this many in the year before `now`, and as the simulator's clock moves
   * past `now` new ones keep arriving at this rate. Default: 20 + half the device count.
   */
  auditEventsPerYear?: number;
}

export interface SimFileVault {
  enabled: boolean;
  keyEscrowed: boolean;
  keyType: 'Personal' | null;
}

export interface SimFirewall {
  enabled: boolean;
  stealthMode: boolean;
  blockAllIncoming: boolean;
}

export interface SimGatekeeper {
  enabled: boolean;
  xprotectVersion: string;
}

export interface SimStartup {
  sip: boolean;
  ssv: boolean;
  secureBootLevel: 'full' | 'medium' | 'off';
}

export interface SimProfile {
  name: string;
  identifier: string;
  uuid: string;
  installedAt: string;
}

export interface SimApp {
  name: string;
  bundleId: string;
  version: string;
  path: string;
  source: 'Apple' | 'App Store' | 'Identified Developer';
}

export interface SimSystemExtension {
  name: string;
  identifier: string;
  teamId: string;
  version: string;
  state: 'activated_enabled' | 'activated_waiting_for_user';
}

export interface SimDevice {
  index: number;
  id: string;
  name: string;
  serialNumber: string;
  platform: Platform;
  /** Marketing model, e.g. "MacBook Air (M1, 2020)". */
  model: string;
  /** Hardware identifier, e.g. "MacBookAir10,1". */
  modelId: string;
  osVersion: string;
  osBuild: string;
  /**
   * The device's latest check-in (ISO instant `...Z`; null = never checked in): the agent clock (`lastAgentCheckIn`) on
   * a Mac or Windows device with the agent installed, else the MDM clock. Prism and library statuses are dated by it.
   */
  lastCheckIn: string | null;
  /**
   * What `/devices` `last_check_in` shows (null when the API shows ""): `lastCheckIn`, except on a Mac without the
   * agent, where it is an agent clock frozen a minute after enrollment (iru-api-observed.md, Check-in times).
   */
  listedCheckIn: string | null;
  /** Last MDM check-in (ISO instant `...Z`); null = never checked in. */
  lastMdmCheckIn: string | null;
  /**
   * Last Iru agent check-in (ISO instant `...Z`); null when the device has no agent (never on iPhone, iPad, AppleTV,
   * Android). A few % of Macs have a broken agent: this is 2-6 weeks old while `lastMdmCheckIn` is fresh.
   */
  lastAgentCheckIn: string | null;
  /**
   * The Iru agent is installed (Mac and Windows only; false on every other platform). The `/devices` row of an
   * iPhone or iPad still sends `agent_installed: true` with `agent_version: ""`, as the real API does.
   */
  agentInstalled: boolean;
  /** "" when no agent. */
  agentVersion: string;
  mdmEnabled: boolean;
  isRemoved: boolean;
  isMissing: boolean;
  supervised: boolean;
  userId: string | null;
  userIndex: number | null;
  blueprintId: string;
  blueprintName: string;
  blueprintIndex: number;
  /** "" when none. */
  assetTag: string;
  tags: string[];
  /** ISO instants `...Z`. */
  firstEnrollment: string;
  lastEnrollment: string;
  /** Mac only (null elsewhere), like firewall, gatekeeper and startup. */
  filevault: SimFileVault | null;
  firewall: SimFirewall | null;
  gatekeeper: SimGatekeeper | null;
  startup: SimStartup | null;
  /** Apple devices only ([] on Windows and Android: Prism covers Apple only). */
  installedProfiles: SimProfile[];
  apps: SimApp[];
  systemExtensions: SimSystemExtension[];
  /** Apple devices only (ADE is Apple Business Manager). */
  adeEligible: boolean;
  autoEnrolled: boolean;
}

export interface SimBlueprint {
  index: number;
  id: string;
  name: string;
  icon: string;
  color: string;
  description: string;
  type: 'classic' | 'map';
  enrollmentCode: { code: string; isActive: boolean };
  libraryItemIds: string[];
  deviceCount: number;
}

export type LibraryItemType =
  'custom-script' | 'custom-app' | 'automatic-app' | 'profile' | 'macos-release' | 'kandji-setup' | 'threat-security-policy' | 'vpp-app';

export interface SimLibraryItem {
  index: number;
  id: string;
  name: string;
  type: LibraryItemType;
  /** Only Macs can run it; other platforms report INCOMPATIBLE. */
  macOnly: boolean;
  blueprintIds: string[];
}

export interface SimLibraryItemStatus {
  itemId: string;
  status: string;
  reportedAt: string | null;
}

export interface SimParameterResult {
  itemId: string;
  name: string;
  category: string;
  subcategory: string;
  status: string;
}

export interface SimUser {
  index: number;
  id: string;
  name: string;
  email: string;
  active: boolean;
  archived: boolean;
  department: string | null;
  jobTitle: string | null;
  deprecatedUserId: string;
  createdAt: string;
  updatedAt: string;
  deviceCount: number;
}

export interface SimAdeIntegration {
  index: number;
  id: string;
  blueprintId: string;
  serverName: string;
  serverUuid: string;
  orgName: string;
  adminId: string;
  accessTokenExpiry: string;
  lastDeviceSync: string;
  daysLeft: number;
  status: 'SUCCESS' | 'BROKEN';
  deviceCounts: Record<ApplePlatform, number> & { total: number };
}

export interface SimAdeDevice {
  index: number;
  id: string;
  serialNumber: string;
  deviceFamily: ApplePlatform;
  model: string;
  os: 'OSX' | 'iOS' | 'iPadOS' | 'tvOS';
  integrationId: string;
  blueprintId: string;
  userId: string | null;
  assetTag: string;
  profileStatus: 'assigned' | 'pushed' | 'empty' | 'removed';
  assignedAt: string;
  /** Fleet index of the enrolled device; null = awaiting enrollment (API `mdm_device: null`). */
  deviceIndex: number | null;
}

export interface SimAuditEvent {
  index: number;
  id: string;
  occurredAt: string;
  action: 'create' | 'update' | 'delete';
  actorId: string;
  actorType: 'user' | 'api_token' | 'kandji';
  targetId: string;
  targetType: 'blueprint' | 'library_item' | 'api_token' | 'device';
  targetComponent: string;
  newState: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Statuses and classifications are spelled as the API sends them (upper case). */
export interface SimThreat {
  index: number;
  deviceIndex: number;
  deviceId: string;
  threatName: string;
  classification: 'MALWARE' | 'PUP';
  status: 'QUARANTINED' | 'NOT_QUARANTINED' | 'RELEASED' | 'RESOLVED';
  processName: string;
  processOwner: string;
  filePath: string;
  fileHash: string;
  /**
   * ISO instants `...Z` (null = absent). The API prints them without an offset (`2023-04-21T17:23:13.883134`, UTC)
   * and absent ones as "".
   */
  detectedAt: string;
  quarantinedAt: string | null;
  releasedAt: string | null;
  libraryItemId: string;
  libraryItemName: string;
}

export interface SimVulnDetection {
  index: number;
  deviceIndex: number;
  deviceId: string;
  cveId: string;
  cveDescription: string;
  cvssScore: number;
  severity: 'Low' | 'Medium' | 'High' | 'Critical';
  softwareName: string;
  bundleId: string;
  version: string;
  path: string;
  /** ISO instants `...Z`; the API prints them as `2023-10-13 16:15:00.000000` (no offset, UTC). */
  firstDetectedAt: string;
  latestDetectedAt: string;
}

export interface SimLicensing {
  /** `computers` = every active device, Windows and Android included. */
  counts: { computers: number; ios: number; ipados: number; macos: number; tvos: number };
  maxDevices: number;
}

/** One row of GET /library/library-items/{id}/status, in ground-truth form. */
export interface SimLibraryItemDeviceStatus extends SimLibraryItemStatus {
  deviceIndex: number;
}

export interface Fleet {
  spec: Required<FleetSpec>;
  deviceCount: number;
  device(index: number): SimDevice;
  devices(): IterableIterator<SimDevice>;
  /**
   * The k-th device that enrolls while `/devices` is read (the simulator's device churn): generated like device
   * `deviceCount + k`, enrolled `k + 1` seconds after `spec.now`. Not part of devices(); other endpoints ignore it.
   */
  enrollingDevice(k: number): SimDevice;
  /** Id of device i, without generating the device. */
  deviceId(index: number): string;
  /** `lastEnrollment` of device i in microseconds, without generating the device. */
  lastEnrollmentMicros(index: number): number;
  /** Fleet index of a device id, or undefined for an unknown id. O(1). */
  deviceIndexOf(id: string): number | undefined;
  macCount: number;
  /** Devices Prism reports on (Mac, iPhone, iPad, AppleTV). */
  appleDeviceCount: number;
  blueprints: SimBlueprint[];
  libraryItems: SimLibraryItem[];
  libraryItemStatuses(deviceIndex: number): SimLibraryItemStatus[];
  /** Per-device rows of one library item (devices whose blueprint holds it), blueprint by blueprint. */
  libraryItemDeviceStatusCount(itemId: string): number;
  libraryItemDeviceStatuses(itemId: string, offset: number, limit: number): SimLibraryItemDeviceStatus[];
  /** Blueprint parameter results; Mac only ([] otherwise). */
  deviceParameters(deviceIndex: number): SimParameterResult[];
  user(index: number): SimUser;
  users(): IterableIterator<SimUser>;
  userCount: number;
  adeDevice(index: number): SimAdeDevice;
  adeDevices(): IterableIterator<SimAdeDevice>;
  adeDeviceCount: number;
  adeIntegrations: SimAdeIntegration[];
  /** Event i of the audit log's timeline, which goes on past `spec.now` (events the simulator's clock has not reached yet). */
  auditEvent(index: number): SimAuditEvent;
  /** The events of the year before `spec.now`, oldest first: the audit log at the simulator's starting clock. */
  auditEvents(): IterableIterator<SimAuditEvent>;
  /** How many auditEvents() gives. */
  auditEventCount: number;
  /** Index of the first event of the timeline at or after `instant` (+ `plusMicros`). O(log n). */
  auditEventIndexAtOrAfter(instant: string, plusMicros?: number): number;
  /** The timeline's events from `from` to `to`, both included, oldest first (whatever the API would still keep). */
  auditEventsBetween(from: string, to: string): IterableIterator<SimAuditEvent>;
  tags: { id: string; name: string }[];
  threat(index: number): SimThreat;
  threats(): IterableIterator<SimThreat>;
  threatCount: number;
  malwareCount: number;
  pupCount: number;
  vulnerabilityDetection(index: number): SimVulnDetection;
  vulnerabilityDetections(): IterableIterator<SimVulnDetection>;
  vulnerabilityDetectionCount: number;
  licensing: SimLicensing;
  prismRowCount(category: PrismCategory): number;
  prismRows(category: PrismCategory, offset: number, limit: number): Record<string, unknown>[];
}
