import { ARTIFACT_TYPES } from '../../evidence/frameworks/index.js';
import { readVersions } from '../../read-model/artifact-envelope.js';
import { NotFoundError } from '../../read-model/errors.js';
import { cellText } from '../../read-model/flatten-record.js';
import { DEVICE_LINK_FIELDS, linkedDeviceId, schemaFields } from '../../read-model/record-fields.js';
import { recordKeyFields } from '../../read-model/record-key.js';
import { recordResult, type ResultValue } from '../../read-model/record-results.js';
import type { Connection } from '../../store/index.js';
import type { WebContext } from '../context.js';

/** One record of the device in one current Artifact: what was checked and how it came out. */
export interface DeviceCheck {
  artifactId: string;
  type: string;
  title: string;
  collectedAt: string;
  /** What the record is about beyond the device (a library item, a CVE), when the device has several in the Artifact. */
  subject: string | null;
  /** Null for a record that is reported, not judged (an inventory row). */
  result: ResultValue | null;
  reasons: string[];
}

export interface DeviceView {
  connection: { id: string; name: string };
  deviceId: string;
  deviceName: string | null;
  serialNumber: string | null;
  assignedUser: string | null;
  checks: DeviceCheck[];
}

const typeRank = (type: string) => (ARTIFACT_TYPES as readonly string[]).indexOf(type);

/**
 * Every record of one device across the connection's current Artifacts (an enrolled ADE device's record too, by the
 * Iru device it became), in the Artifact registry's order; who the
 * device is comes from the first record that says (the device inventory, when collected). Not found when no current
 * Artifact has a record of it.
 */
export async function deviceView(ctx: WebContext, connection: Connection, deviceId: string): Promise<DeviceView> {
  const versions = (await readVersions(ctx.store, { connectionId: connection.id, currentOnly: true })).sort((a, b) => typeRank(a.type) - typeRank(b.type));
  const identity = { deviceName: null as string | null, serialNumber: null as string | null, assignedUser: null as string | null };
  const checks: DeviceCheck[] = [];
  for (const version of versions) {
    const fields = schemaFields(version.type);
    if (fields && !DEVICE_LINK_FIELDS.some((f) => fields.includes(f))) continue; // records about apps or events: not read
    const data = await ctx.records.get(version.id);
    if (!DEVICE_LINK_FIELDS.some((f) => data.columns.includes(f))) continue;
    const records = data.records.filter((r) => linkedDeviceId(r) === deviceId);
    const keys = records.length > 1 ? recordKeyFields(records).filter((f) => !DEVICE_LINK_FIELDS.includes(f)) : [];
    for (const record of records) {
      identity.deviceName ??= text(record.deviceName);
      identity.serialNumber ??= text(record.serialNumber);
      identity.assignedUser ??= text(record.assignedUser);
      const judged = recordResult(record);
      checks.push({
        artifactId: version.id,
        type: version.type,
        title: version.envelope.title,
        collectedAt: version.collectedAt,
        subject: keys.length ? keys.map((f) => cellText(record[f.replace(/Id$/, 'Name')] ?? record[f])).join(' / ') : null,
        result: judged?.result ?? null,
        reasons: judged?.reasons ?? [],
      });
    }
  }
  if (checks.length === 0) throw new NotFoundError(`No current Artifact of connection ${connection.name} has a record of device ${deviceId}`);
  return { connection: { id: connection.id, name: connection.name }, deviceId, ...identity, checks };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
