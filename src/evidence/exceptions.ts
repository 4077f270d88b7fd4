import type { DeviceException } from '../store/index.js';
import type { AppliedException, ArtifactType } from './types/artifact.generated.js';

/**
 * The checks an exception can name: the Artifact types judged per Iru device (a record schema with `deviceId`, a
 * `result` and the `exceptedResult` and `exceptionId` fields). ADE devices are not listed: before enrollment they have
 * no Iru device id to except, and the collection run judges sources, not devices.
 */
export const EXCEPTABLE_TYPES: readonly ArtifactType[] = [
  'device-trust',
  'mdm-enrollment',
  'disk-encryption',
  'firewall',
  'malware-protection',
  'os-currency',
  'library-item-compliance',
  'threat-detections',
  'user-assignment',
];

export function isExceptableType(type: string): boolean {
  return (EXCEPTABLE_TYPES as readonly string[]).includes(type);
}

/**
 * How long an ended exception is still listed in the Artifacts built after it ended: a quarter, so the versions an
 * auditor compares around the end say why a device fails again. Older ones stay on the Exceptions page and in the
 * Artifacts built while they were in force.
 */
export const ENDED_EXCEPTION_LISTED_DAYS = 90;

/** The moment an exception stops applying: the midnight (UTC) after its last day. */
export function exceptionEnd(expiresOn: string): string {
  return new Date(Date.parse(`${expiresOn}T00:00:00.000Z`) + 86_400_000).toISOString();
}

export type ExceptionState = 'not_yet_granted' | 'in_force' | 'expired' | 'revoked';

/** What an exception was at `at`: granted yet, in force, or ended, by its last day passing or by being revoked, whichever came first. */
export function exceptionStateAt(exception: DeviceException, at: string): ExceptionState {
  if (exception.createdAt > at) return 'not_yet_granted';
  const end = exceptionEnd(exception.expiresOn);
  if (exception.revokedAt !== null && exception.revokedAt <= at && exception.revokedAt < end) return 'revoked';
  return at < end ? 'in_force' : 'expired';
}

function endedAt(exception: DeviceException): string {
  const end = exceptionEnd(exception.expiresOn);
  return exception.revokedAt !== null && exception.revokedAt < end ? exception.revokedAt : end;
}

/**
 * The exceptions a build of `type` at `collectedAt` applies and lists, from every exception of its connection: those
 * in force then, and those that ended in the ENDED_EXCEPTION_LISTED_DAYS before. Decided by times alone (exceptions are
 * never deleted and a revocation keeps its time), so a retried build of the same collection applies the same ones.
 */
export class BuildExceptions {
  readonly inForce: DeviceException[];
  readonly ended: { exception: DeviceException; status: 'expired' | 'revoked' }[];
  private readonly applied = new Map<string, number>();
  /** The exceptions in force per device, best first (see `apply`): a fleet's failing records each look up theirs once. */
  private readonly byDevice = new Map<string, DeviceException[]>();

  constructor(all: DeviceException[], type: string, collectedAt: string) {
    const relevant = all.filter((e) => e.check === null || e.check === type).sort(byDeviceCheckId);
    const listedFrom = new Date(Date.parse(collectedAt) - ENDED_EXCEPTION_LISTED_DAYS * 86_400_000).toISOString();
    this.inForce = relevant.filter((e) => exceptionStateAt(e, collectedAt) === 'in_force');
    for (const e of this.inForce) this.byDevice.set(e.deviceId, [...(this.byDevice.get(e.deviceId) ?? []), e]);
    for (const list of this.byDevice.values()) list.sort(narrowestLongest);
    this.ended = [];
    for (const exception of relevant) {
      const status = exceptionStateAt(exception, collectedAt);
      if ((status === 'expired' || status === 'revoked') && endedAt(exception) >= listedFrom) this.ended.push({ exception, status });
    }
  }

  /**
   * The exception that excepts a failing record of `deviceId`, counted as applied: one naming this check before one
   * for every check (the narrower grant is the one the admin meant), then the one lasting longest, then by id.
   */
  apply(deviceId: string): DeviceException | undefined {
    const chosen = this.byDevice.get(deviceId)?.[0];
    if (chosen) this.applied.set(chosen.id, (this.applied.get(chosen.id) ?? 0) + 1);
    return chosen;
  }

  /** The summary's list: in force (with the records each excepted), then ended; absent when there is none. */
  summary(): AppliedException[] | undefined {
    const listed: AppliedException[] = [
      ...this.inForce.map((e) => ({ ...entry(e), status: 'in_force' as const, records: this.applied.get(e.id) ?? 0 })),
      ...this.ended.map(({ exception, status }) => ({
        ...entry(exception),
        status,
        ...(status === 'revoked' ? { revokedAt: exception.revokedAt!, revokedBy: exception.revokedBy ?? '' } : {}),
      })),
    ];
    return listed.length > 0 ? listed : undefined;
  }
}

function entry(e: DeviceException): Omit<AppliedException, 'status'> {
  return {
    id: e.id,
    deviceId: e.deviceId,
    check: e.check,
    justification: e.justification,
    approver: e.approver,
    createdAt: e.createdAt,
    expiresOn: e.expiresOn,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function narrowestLongest(a: DeviceException, b: DeviceException): number {
  return Number(a.check === null) - Number(b.check === null) || cmp(b.expiresOn, a.expiresOn) || cmp(a.id, b.id);
}

function byDeviceCheckId(a: DeviceException, b: DeviceException): number {
  return cmp(a.deviceId, b.deviceId) || cmp(a.check ?? '', b.check ?? '') || cmp(a.id, b.id);
}
