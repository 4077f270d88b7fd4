/* Generated from schemas/artifacts/device-inventory.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One device of the tenant's inventory (GET /api/v1/devices).
 */
export interface DeviceInventoryRecord {
  deviceId: string;
  deviceName: string | null;
  serialNumber: string | null;
  /**
   * The name of the assigned user, else the e-mail address, as GET /api/v1/devices gives them; absent when the device has no assigned user.
   */
  assignedUser?: string;
  platform: string;
  model: string | null;
  osVersion: string | null;
  blueprintId: string | null;
  blueprintName: string | null;
  assetTag: string | null;
  /**
   * The Iru user id of the assigned user.
   */
  assignedUserId: string | null;
  firstEnrollment: string | null;
  lastEnrollment: string | null;
  lastCheckIn: string | null;
  agentInstalled: boolean | null;
  agentVersion: string | null;
  mdmEnabled: boolean | null;
  isMissing: boolean | null;
  isRemoved: boolean | null;
  tags: string[];
}
