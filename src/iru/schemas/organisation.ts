import { z } from 'zod';
import { iruBoolean, iruTimestamp, nullableString } from './primitives.js';

const id = z.union([z.string(), z.number()]).transform(String);
const ref = z.object({ id, name: nullableString }).nullable().optional();

/** A Blueprint; its `enrollment_code` (which lets a device enroll) is dropped at the boundary. */
export const BlueprintRow = z.object({
  id: z.string().min(1),
  name: z.string(),
  type: nullableString,
  computers_count: z.number().int().nullable().optional(),
});
export type BlueprintRow = z.infer<typeof BlueprintRow>;

export const BlueprintLibraryItemRow = z.object({ id: z.string().min(1), name: nullableString });
export type BlueprintLibraryItemRow = z.infer<typeof BlueprintLibraryItemRow>;

/** EDR posture, on the status rows of EDR (Avert) items only: `{"status": "enabled", "malware_posture": "Protect", ...}` or null. */
const EdrStatus = z.object({ status: nullableString, malware_posture: nullableString, last_baseline_scan: nullableString }).nullable().optional();

/** Per-device status of one library item; `log` and audit logs are dropped (they may hold script output). */
export const LibraryItemStatusRow = z.object({
  id,
  computer: z.object({ id: z.string().min(1), name: nullableString }),
  blueprint: ref,
  status: z.string(),
  reported_at: iruTimestamp,
  edr_status: EdrStatus,
});
export type LibraryItemStatusRow = z.infer<typeof LibraryItemStatusRow>;

/**
 * One row of GET /devices/{id}/library-items, read into the shape of the per-item status rows so that either path
 * feeds the same source: `parent_id` is the library item, as it is for /library/library-items/{id}/status.
 */
export const DeviceLibraryItemRow = z
  .object({
    id,
    item_id: z.string().min(1),
    computer: z.object({ id: z.string().min(1), name: nullableString }),
    blueprint: ref,
    status: z.string(),
    reported_at: iruTimestamp,
    edr_status: EdrStatus,
  })
  .transform(({ item_id, ...row }) => ({ ...row, parent_id: item_id }));
export type DeviceLibraryItemRow = z.infer<typeof DeviceLibraryItemRow>;

export const AdeIntegrationRow = z.object({
  id: z.string().min(1),
  server_name: nullableString,
  org_name: nullableString,
  status: nullableString,
  days_left: z.number().nullable().optional(),
  access_token_expiry: iruTimestamp,
  last_device_sync: iruTimestamp,
});
export type AdeIntegrationRow = z.infer<typeof AdeIntegrationRow>;

export const AdeDeviceRow = z.object({
  id: z.string().min(1),
  serial_number: nullableString,
  device_family: nullableString,
  model: nullableString,
  os: nullableString,
  profile_status: nullableString,
  blueprint_id: nullableString,
  user_id: nullableString,
  device_assigned_date: iruTimestamp,
  last_assignment_status: nullableString,
  dep_account: z.object({ id: z.string(), server_name: nullableString }).nullable().optional(),
  mdm_device: z
    .object({
      id: z.string().min(1),
      enrolled_at: iruTimestamp,
      enrollment_status: z.union([z.number(), z.string()]).nullable().optional(),
      is_missing: iruBoolean.nullable().optional(),
      is_removed: iruBoolean.nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type AdeDeviceRow = z.infer<typeof AdeDeviceRow>;

export const TagRow = z.object({ id: z.string().min(1), name: z.string() });
export type TagRow = z.infer<typeof TagRow>;

export const Licensing = z.object({
  counts: z.record(z.string(), z.number().nullable()).optional(),
  limits: z.object({ plan_type: nullableString, max_devices: z.number().nullable().optional() }).passthrough().optional(),
  tenantOverLicenseLimit: iruBoolean.nullable().optional(),
});
export type Licensing = z.infer<typeof Licensing>;
