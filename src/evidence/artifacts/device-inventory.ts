import type { DeviceRow } from '../../iru/schemas/device.js';
import type { ArtifactDefinition } from '../artifact-definition.js';
import { normalizeTimestamp, TimeRange } from '../timestamps.js';
import type { DeviceInventoryRecord } from '../types/device-inventory.generated.js';

export function toInventoryRecord(row: DeviceRow): DeviceInventoryRecord {
  return {
    deviceId: row.device_id,
    deviceName: row.device_name ?? null,
    serialNumber: row.serial_number ?? null,
    platform: row.platform,
    model: row.model ?? null,
    osVersion: row.os_version ?? null,
    blueprintId: row.blueprint_id ?? null,
    blueprintName: row.blueprint_name ?? null,
    assetTag: row.asset_tag || null,
    assignedUserId: row.user && typeof row.user === 'object' ? row.user.id : null,
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
    const records: DeviceInventoryRecord[] = [];
    const checkIns = new TimeRange();
    const byPlatform: Record<string, number> = {};
    let removed = 0;
    let missing = 0;
    for await (const rows of context.pages<DeviceRow>('devices')) {
      for (const row of rows) {
        const record = toInventoryRecord(row);
        records.push(record);
        checkIns.add(record.lastCheckIn);
        byPlatform[record.platform] = (byPlatform[record.platform] ?? 0) + 1;
        if (record.isRemoved) removed++;
        if (record.isMissing) missing++;
      }
    }
    records.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
    const counts: Record<string, number> = { devices: records.length, removed, missing };
    for (const [platform, n] of Object.entries(byPlatform)) counts[`platform:${platform}`] = n;
    return {
      records: records as unknown as Record<string, unknown>[],
      summary: { counts, coverage: { evaluated: records.length, total: records.length, text: `${records.length} of ${records.length} devices evaluated`, gaps: [] } },
      observedAt: checkIns.value,
    };
  },
};
