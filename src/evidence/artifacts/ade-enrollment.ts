import type { AdeDeviceRow } from '../../iru/schemas/organisation.js';
import type { ArtifactDefinition, BuildContext } from '../artifact-definition.js';
import { Counter } from '../counts.js';
import { fail, notApplicable, pass, type Evaluation } from '../evaluation.js';
import { EvaluatedRecords } from '../evidence-builder.js';
import { ageInDays } from '../freshness.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { ADE_TOKEN_EXPIRY_WARNING_DAYS, days } from '../thresholds.js';
import { normalizeTimestamp, TimeRange } from '../timestamps.js';
import type { AdeEnrollmentRecord } from '../types/ade-enrollment.generated.js';

/** The health of the ADE server tokens, as summary counts (the summary holds integers only). */
async function integrationCounts(context: BuildContext): Promise<{ counts: Counter; synced: TimeRange }> {
  const counts = new Counter();
  const synced = new TimeRange();
  for await (const row of rowsOf(context, 'ade-integrations')) {
    counts.add('integrations');
    counts.add(`integrationStatus:${row.status || 'unknown'}`);
    const expiryAge = ageInDays(normalizeTimestamp(row.access_token_expiry), context.now);
    if (expiryAge === null) counts.add('integrationTokensWithoutExpiry');
    else {
      // A future expiry has a negative age; days left count started days, as Iru's own days_left does.
      const daysLeft = Math.max(0, Math.ceil(-expiryAge));
      counts.add(`integration:${row.id}:tokenDaysLeft`, daysLeft);
      if (daysLeft === 0) counts.add('integrationTokensExpired');
      else if (daysLeft <= ADE_TOKEN_EXPIRY_WARNING_DAYS) counts.add('integrationTokensExpiringSoon');
    }
    synced.add(normalizeTimestamp(row.last_device_sync));
  }
  return { counts, synced };
}

function evaluate(row: AdeDeviceRow): Evaluation {
  if (row.mdm_device) return row.mdm_device.is_removed === true ? notApplicable('device_removed') : pass();
  if (row.profile_status === 'removed') return notApplicable('profile_removed');
  const noProfile = !row.profile_status || row.profile_status === 'empty';
  return fail(['awaiting_enrollment', ...(noProfile ? ['no_enrollment_profile'] : [])]);
}

export const adeEnrollment: ArtifactDefinition = {
  type: 'ade-enrollment',
  title: 'Automated Device Enrollment',
  description:
    `Every device assigned to the tenant in Apple Business or School Manager: enrolled in Iru passes, still awaiting enrollment fails ` +
    `(with no_enrollment_profile when no enrollment profile is assigned); released or removed devices are not applicable. The summary counts the ` +
    `ADE server tokens by status, those expired or expiring within ${ADE_TOKEN_EXPIRY_WARNING_DAYS} days, and each token's days left.`,
  sources: ['ade-devices', 'ade-integrations'],
  async build(context) {
    const integrations = await integrationCounts(context);
    const records = new EvaluatedRecords<AdeEnrollmentRecord>(
      context,
      byKeys((r) => [r.adeDeviceId]),
    );
    for await (const row of rowsOf(context, 'ade-devices')) {
      await records.add({
        adeDeviceId: row.id,
        serialNumber: row.serial_number || null,
        deviceFamily: row.device_family || null,
        integrationId: row.dep_account?.id ?? null,
        profileStatus: row.profile_status || null,
        enrolled: Boolean(row.mdm_device),
        mdmDeviceId: row.mdm_device?.id ?? null,
        enrolledAt: normalizeTimestamp(row.mdm_device?.enrolled_at),
        ...evaluate(row),
      });
    }
    const built = await records.build({
      subjects: 'ADE devices',
      counts: { integrations: 0, integrationTokensExpired: 0, integrationTokensExpiringSoon: 0, ...integrations.counts.toRecord() },
      thresholds: [days('adeTokenExpiryWarningDays', ADE_TOKEN_EXPIRY_WARNING_DAYS)],
    });
    // Apple's assignments are as recent as each token's last device sync.
    return { ...built, observedAt: integrations.synced.value };
  },
};
