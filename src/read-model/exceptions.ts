import { randomUUID } from 'node:crypto';
import { EXCEPTABLE_TYPES, exceptionEnd, exceptionStateAt, isExceptableType } from '../evidence/exceptions.js';
import type { Connection, DeviceException, EvidenceStore } from '../store/index.js';
import { BadInputError, ConflictError, NotFoundError } from './errors.js';

/** Long enough for the reason and a ticket reference, short enough for a table row and an OSCAL remark. */
export const MAX_JUSTIFICATION_LENGTH = 1_000;
export const MAX_DEVICE_ID_LENGTH = 200;
/**
 * An exception is a risk accepted for a while, not a waiver: it lasts at most a year, the longest audit period (a SOC 2
 * Type II period is at most twelve months), so each one comes up for renewal within any period an auditor examines.
 */
export const MAX_EXCEPTION_DAYS = 365;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PRINTABLE = /^[^\p{Cc}]+$/u;

export interface ExceptionRequest {
  /** Connection name or id. */
  connection: string;
  deviceId: string;
  /** An Artifact type, or '' / 'all' / undefined for every check of the device. */
  check?: string;
  justification: string;
  /** The last day it applies, YYYY-MM-DD (UTC), inclusive. */
  expiresOn: string;
  /** Who grants it: the signed-in admin, or the CLI's operator. */
  approver: string;
}

/** Grants an exception after checking every field; bad input changes nothing. It applies from the next build on. */
export async function grantException(store: EvidenceStore, request: ExceptionRequest, now: Date): Promise<DeviceException> {
  const connection = await connectionNamed(store, request.connection);
  const deviceId = request.deviceId.trim();
  if (deviceId === '') throw new BadInputError('The device id is required: the Iru device id of the device to except (its device_id in Iru)');
  if (deviceId.length > MAX_DEVICE_ID_LENGTH || !PRINTABLE.test(deviceId)) {
    throw new BadInputError(`The device id must be at most ${MAX_DEVICE_ID_LENGTH} printable characters`);
  }
  const justification = request.justification.trim();
  if (justification === '') throw new BadInputError('A justification is required: say why this device may fail the check, and until what is done');
  if (justification.length > MAX_JUSTIFICATION_LENGTH) {
    throw new BadInputError(`The justification must be at most ${MAX_JUSTIFICATION_LENGTH} characters long (it is ${justification.length})`);
  }
  const approver = request.approver.trim();
  if (approver === '') throw new BadInputError('The approver is required');
  return store.createException({
    id: `exc_${randomUUID()}`,
    connectionId: connection.id,
    deviceId,
    check: checkOf(request.check),
    justification,
    approver,
    createdAt: now.toISOString(),
    expiresOn: lastDay(request.expiresOn, now),
  });
}

/** Revokes an exception in force: it stops applying from the next build; Artifacts built before keep it. */
export async function revokeException(store: EvidenceStore, id: string, by: string, now: Date): Promise<DeviceException> {
  const exception = await store.getException(id);
  if (!exception) throw new NotFoundError(`There is no exception with id "${id}"`);
  const state = exceptionStateAt(exception, now.toISOString());
  if (state === 'revoked') throw new ConflictError(`The exception ${id} was already revoked at ${exception.revokedAt} by ${exception.revokedBy}`);
  if (state === 'expired') throw new ConflictError(`The exception ${id} already expired after ${exception.expiresOn} (UTC): there is nothing to revoke`);
  if (!(await store.revokeException(id, now.toISOString(), by))) throw new ConflictError(`The exception ${id} was revoked meanwhile`);
  return (await store.getException(id))!;
}

function checkOf(check: string | undefined): string | null {
  const value = check?.trim() ?? '';
  if (value === '' || value === 'all') return null;
  if (!isExceptableType(value)) throw new BadInputError(`"${value}" is not a check an exception can name: use all, or one of ${EXCEPTABLE_TYPES.join(', ')}`);
  return value;
}

/** The last day, checked: a real day, not over yet at `now`, and at most MAX_EXCEPTION_DAYS ahead. */
function lastDay(expiresOn: string, now: Date): string {
  const written = expiresOn.trim();
  const match = DATE.exec(written);
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!day || day.toISOString().slice(0, 10) !== written) {
    throw new BadInputError(`The expiry must be the exception's last day, written YYYY-MM-DD, not "${expiresOn}"`);
  }
  const today = now.toISOString().slice(0, 10);
  if (Date.parse(exceptionEnd(written)) <= now.getTime()) throw new BadInputError(`The expiry ${written} is in the past: today is ${today} (UTC)`);
  const latest = new Date(Date.parse(`${today}T00:00:00.000Z`) + MAX_EXCEPTION_DAYS * 86_400_000).toISOString().slice(0, 10);
  if (written > latest) {
    throw new BadInputError(
      `The expiry ${written} is more than ${MAX_EXCEPTION_DAYS} days ahead: the latest is ${latest}; renew the exception when it ends instead`,
    );
  }
  return written;
}

async function connectionNamed(store: EvidenceStore, nameOrId: string): Promise<Connection> {
  const name = nameOrId.trim();
  if (name === '') throw new BadInputError('The connection is required: the name of the Iru connection the device belongs to');
  const connection = await store.getConnection(name);
  if (!connection) throw new NotFoundError(`There is no connection named "${name}"`);
  return connection;
}

/** An exception as the Exceptions page and API show it, judged at one moment. */
export interface ExceptionView extends DeviceException {
  connectionName: string;
  /** The device's name in the connection's current device inventory; null when it is not there (or none was collected). */
  deviceName: string | null;
  state: 'in_force' | 'expired' | 'revoked';
  /** When it stops (or stopped) applying: the midnight (UTC) after its last day. */
  endsAt: string;
}

/** Every exception (of one connection, when given), newest first, with its state at `now` and its device's name if known. */
export async function exceptionViews(store: EvidenceStore, now: Date, connection?: Connection): Promise<ExceptionView[]> {
  const exceptions = await store.listExceptions(connection ? { connectionId: connection.id } : {});
  const connections = new Map((await store.listConnections()).map((c) => [c.id, c.name]));
  const names = new Map<string, Map<string, string>>();
  for (const connectionId of new Set(exceptions.map((e) => e.connectionId))) {
    names.set(connectionId, await deviceNames(store, connectionId, new Set(exceptions.filter((e) => e.connectionId === connectionId).map((e) => e.deviceId))));
  }
  return exceptions.map((e) => {
    const state = exceptionStateAt(e, now.toISOString());
    return {
      ...e,
      connectionName: connections.get(e.connectionId) ?? e.connectionId,
      deviceName: names.get(e.connectionId)?.get(e.deviceId) ?? null,
      // Granted "in the future" only by a clock set back: shown as in force, as it will be.
      state: state === 'not_yet_granted' ? 'in_force' : state,
      endsAt: exceptionEnd(e.expiresOn),
    };
  });
}

/** The names of `deviceIds` in the connection's current device inventory, read a record at a time (only theirs parsed). */
async function deviceNames(store: EvidenceStore, connectionId: string, deviceIds: Set<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const inventory = (await store.currentArtifacts(connectionId)).find((a) => a.type === 'device-inventory');
  if (!inventory) return names;
  const needles = [...deviceIds].map((id) => [id, `"deviceId":${JSON.stringify(id)}`] as const);
  for await (const body of store.artifactRecords(inventory.id)) {
    const found = needles.find(([, needle]) => body.includes(needle));
    if (!found) continue;
    const record = JSON.parse(body) as { deviceId?: unknown; deviceName?: unknown };
    if (record.deviceId === found[0] && typeof record.deviceName === 'string') names.set(found[0], record.deviceName);
    if (names.size === deviceIds.size) break;
  }
  return names;
}
