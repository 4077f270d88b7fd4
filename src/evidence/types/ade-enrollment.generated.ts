/* Generated from schemas/artifacts/ade-enrollment.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One device of Automated Device Enrollment (GET /api/v1/integrations/apple/ade/devices).
 */
export interface AdeEnrollmentRecord {
  adeDeviceId: string;
  serialNumber: string | null;
  deviceFamily: string | null;
  /**
   * The ADE server token it belongs to.
   */
  integrationId: string | null;
  /**
   * assigned, pushed, empty or removed.
   */
  profileStatus: string | null;
  /**
   * Iru has an enrolled device for it (mdm_device not null).
   */
  enrolled: boolean;
  mdmDeviceId: string | null;
  enrolledAt: string | null;
  result: 'pass' | 'fail' | 'not_evaluable' | 'not_applicable' | 'excepted';
  /**
   * Empty for pass. fail: awaiting_enrollment, no_enrollment_profile. not_evaluable: one of stale, missing_data, unknown_value, transient, permission_denied. not_applicable: device_removed, profile_removed.
   */
  reasons: string[];
}
