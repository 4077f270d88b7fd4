import { z } from 'zod';
import { iruBoolean, iruTimestamp, nullableString } from './primitives.js';

/** An assigned user: an object, or the empty string when the device has none (test/contract/fixtures/devices-pm-apple.json). */
const DeviceUser = z.union([
  z.literal(''),
  z.null(),
  z.object({
    id: z.union([z.string(), z.number()]).transform(String),
    email: nullableString,
    name: nullableString,
    is_archived: iruBoolean.nullable().optional(),
  }),
]);

/** One item of GET /api/v1/devices (test/contract/fixtures/devices-har-2023.json). Unknown fields are dropped, not rejected. */
export const DeviceRow = z.object({
  device_id: z.string().min(1),
  device_name: nullableString,
  model: nullableString,
  serial_number: nullableString,
  platform: z.string(),
  os_version: nullableString,
  supplemental_build_version: nullableString,
  last_check_in: iruTimestamp,
  user: DeviceUser.optional(),
  asset_tag: nullableString,
  blueprint_id: nullableString,
  blueprint_name: nullableString,
  mdm_enabled: iruBoolean.nullable().optional(),
  agent_installed: iruBoolean.nullable().optional(),
  agent_version: nullableString,
  is_missing: iruBoolean.nullable().optional(),
  is_removed: iruBoolean.nullable().optional(),
  first_enrollment: iruTimestamp,
  last_enrollment: iruTimestamp,
  lost_mode_status: nullableString,
  tags: z.array(z.string()).nullable().optional(),
});
export type DeviceRow = z.infer<typeof DeviceRow>;
