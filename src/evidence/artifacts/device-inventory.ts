import type { DeviceRow } from '../../iru/schemas/device.js';
import type { ArtifactDefinition } from '../artifact-definition.js';
import { Counter } from '../counts.js';
import { assignedUser, deviceIdentity } from '../devices.js';
import { RecordedRecords } from '../evidence-builder.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { normalizeTimestamp } from '../timestamps.js';
import type { DeviceInventoryRecord } from '../types/device-inventory.generated.js';

export function toInventoryRecord(row: DeviceRow): DeviceInventoryRecord {
  return {
    deviceId: row.device_id,
    ...deviceIdentity(row),
    platform: row.platform,
    model: row.model ?? null,
    osVersion: row.os_version ?? null,
    blueprintId: row.blueprint_id ?? null,
    blueprintName: row.blueprint_name ?? null,
    assetTag: row.asset_tag || null,
    assignedUserId: assignedUser(row)?.id ?? null,
    firstEnrollment: normalizeTimestamp(row.first_enrollment),
    lastEnrollment: normalizeTimestamp(row.last_enrollment),
    lastCheckIn: normalizeTimestamp(row.last_check_in),
    agentInstalled: row.agent_installed ?? null,
    agentVersion: row.agent_version || null,
    mdmEnabled: row.mdm_enabled ?? null,
    isMissing: row.is_missing ?? null,
    isRemoved: row.is_removed ?? null,
    tags: [...(row.tags ?? [])].sort(),
  };
}

export const deviceInventory: ArtifactDefinition = {
  type: 'device-inventory',
  title: 'Device inventory',
  description: 'Every device enrolled in the Iru tenant, with serial number, platform, OS, Blueprint, owner, enrollment dates and last check-in.',
  sources: ['devices'],
  async build(context) {
    const records = new RecordedRecords<DeviceInventoryRecord>(
      context,
      byKeys((r) => [r.deviceId]),
    );
    const counts = new Counter();
    for await (const row of rowsOf(context, 'devices')) {
      const record = toInventoryRecord(row);
      await records.add(record, record.lastCheckIn);
      counts.add(`platform:${record.platform}`);
      if (record.isRemoved) counts.add('removed');
      if (record.isMissing) counts.add('missing');
    }
    return records.build('devices', { devices: records.length, removed: 0, missing: 0, ...counts.toRecord() });
  },
};
