import type { DeviceRow } from '../../iru/schemas/device.js';
import type { PrismInstalledProfileRow } from '../../iru/schemas/prism.js';
import type { ArtifactDefinition, BuildContext } from '../artifact-definition.js';
import { deviceFacts } from '../devices.js';
import { failIf } from '../evaluation.js';
import { EvaluatedRecords } from '../evidence-builder.js';
import { isWithinDays } from '../freshness.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { AGENT_PLATFORMS, days, DEVICE_TRUST_MAX_CHECKIN_AGE_DAYS, MDM_PROFILE_IDENTIFIER } from '../thresholds.js';
import type { DeviceTrustRecord } from '../types/device-trust.generated.js';

async function devicesWithMdmProfile(context: BuildContext): Promise<Set<string>> {
  const found = new Set<string>();
  for await (const row of rowsOf<PrismInstalledProfileRow>(context, 'prism-installed-profiles')) {
    if (row.payload_identifier === MDM_PROFILE_IDENTIFIER) found.add(row.device_id);
  }
  return found;
}

export const deviceTrust: ArtifactDefinition = {
  type: 'device-trust',
  title: 'Device trust',
  description: `Whether each device is verified as trusted: its serial number is known to Iru, it checked in within ${DEVICE_TRUST_MAX_CHECKIN_AGE_DAYS} days, the Iru agent is installed (Mac, Windows), the Iru MDM profile is installed and it is not removed. Every criterion it misses is a reason.`,
  sources: ['devices', 'prism-installed-profiles'],
  async build(context) {
    const withMdmProfile = await devicesWithMdmProfile(context);
    const records = new EvaluatedRecords<DeviceTrustRecord>(context, byKeys((r) => [r.deviceId]));
    for await (const row of rowsOf<DeviceRow>(context, 'devices')) {
      const device = deviceFacts(row);
      const serialKnown = Boolean(row.serial_number?.trim());
      const checkedInWithinLimit = isWithinDays(device.lastCheckIn, context.now, DEVICE_TRUST_MAX_CHECKIN_AGE_DAYS);
      const agentRequired = AGENT_PLATFORMS.has(device.platform);
      const agentInstalled = row.agent_installed ?? null;
      const mdmProfileInstalled = withMdmProfile.has(device.deviceId);
      const evaluation = failIf({
        serial_unknown: !serialKnown,
        never_checked_in: device.lastCheckIn === null,
        check_in_too_old: device.lastCheckIn !== null && !checkedInWithinLimit,
        agent_not_installed: agentRequired && agentInstalled !== true,
        mdm_profile_missing: !mdmProfileInstalled,
        device_removed: device.isRemoved,
      });
      await records.add(
        {
          deviceId: device.deviceId,
          platform: device.platform,
          verified: evaluation.result === 'pass',
          serialKnown,
          lastCheckIn: device.lastCheckIn,
          checkedInWithinLimit,
          agentRequired,
          agentInstalled,
          mdmProfileInstalled,
          isRemoved: device.isRemoved,
          ...evaluation,
        },
        device.lastCheckIn,
      );
    }
    return records.build({
      subjects: 'devices',
      thresholds: [days('deviceTrustMaxCheckInAgeDays', DEVICE_TRUST_MAX_CHECKIN_AGE_DAYS), { name: 'mdmProfileIdentifier', value: MDM_PROFILE_IDENTIFIER }],
    });
  },
};
