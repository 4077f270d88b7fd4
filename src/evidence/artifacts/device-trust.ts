import type { ArtifactDefinition } from '../artifact-definition.js';
import { deviceFacts, deviceIdentity, prismCheckIns } from '../devices.js';
import { failIf, notEvaluable } from '../evaluation.js';
import { EvaluatedRecords } from '../evidence-builder.js';
import { isWithinDays } from '../freshness.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { AGENT_PLATFORMS, days, DEVICE_TRUST_MAX_CHECKIN_AGE_DAYS } from '../thresholds.js';
import type { DeviceTrustRecord } from '../types/device-trust.generated.js';

export const deviceTrust: ArtifactDefinition = {
  type: 'device-trust',
  title: 'Device trust',
  description:
    `Whether each device is verified as trusted: its serial number is known to Iru; it checked in within ${DEVICE_TRUST_MAX_CHECKIN_AGE_DAYS} days, ` +
    'by the most recent check-in known for it (GET /devices gives the agent check-in on a Mac or Windows device with the agent and the MDM ' +
    'check-in elsewhere; Prism device information adds both clocks when collected; the record names the clock used; a Mac without the agent ' +
    'has only a /devices clock that never moves, so without Prism its check-in is unknown, check_in_unknown); the Iru agent is ' +
    'installed (Mac, Windows); it is enrolled in MDM (GET /devices mdm_enabled, every platform); and it is not removed. Every criterion it misses is a reason; ' +
    'a device that misses none but whose mdm_enabled or agent_installed Iru did not report is not evaluable (missing_data).',
  sources: ['devices'],
  optionalSources: ['prism-device-information'],
  async build(context) {
    const prism = await prismCheckIns(context);
    const records = new EvaluatedRecords<DeviceTrustRecord>(
      context,
      byKeys((r) => [r.deviceId]),
    );
    for await (const row of rowsOf(context, 'devices')) {
      const device = deviceFacts(row, prism.get(row.device_id)?.fields);
      const serialKnown = Boolean(row.serial_number?.trim());
      const checkedInWithinLimit = isWithinDays(device.lastCheckIn, context.now, DEVICE_TRUST_MAX_CHECKIN_AGE_DAYS);
      const agentRequired = AGENT_PLATFORMS.has(device.platform);
      const agentInstalled = row.agent_installed ?? null;
      const mdmEnabled = row.mdm_enabled ?? null;
      const failed = failIf({
        serial_unknown: !serialKnown,
        never_checked_in: device.lastCheckIn === null && !device.checkInUnknown,
        check_in_unknown: device.checkInUnknown,
        check_in_too_old: device.lastCheckIn !== null && !checkedInWithinLimit,
        agent_not_installed: agentRequired && agentInstalled === false,
        mdm_not_enrolled: mdmEnabled === false,
        device_removed: device.isRemoved,
      });
      // A flag Iru did not report is not a failure; with nothing else failing, the device cannot be judged (as in mdm-enrollment).
      const unreported = mdmEnabled === null || (agentRequired && agentInstalled === null);
      const evaluation = failed.result === 'fail' || !unreported ? failed : notEvaluable('missing_data');
      await records.add(
        {
          deviceId: device.deviceId,
          ...deviceIdentity(row),
          platform: device.platform,
          verified: evaluation.result === 'pass',
          serialKnown,
          lastCheckIn: device.lastCheckIn,
          lastCheckInClock: device.lastCheckInClock,
          checkedInWithinLimit,
          agentRequired,
          agentInstalled,
          mdmEnabled,
          isRemoved: device.isRemoved,
          ...evaluation,
        },
        device.lastCheckIn,
      );
    }
    return records.build({ subjects: 'devices', thresholds: [days('deviceTrustMaxCheckInAgeDays', DEVICE_TRUST_MAX_CHECKIN_AGE_DAYS)] });
  },
};
