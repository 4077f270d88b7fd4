import type { ArtifactDefinition } from '../artifact-definition.js';
import { deviceFacts, deviceIdentity, outOfScope, prismCheckIns } from '../devices.js';
import { failIf, notEvaluable, type Evaluation } from '../evaluation.js';
import { EvaluatedRecords } from '../evidence-builder.js';
import { signalGap } from '../freshness.js';
import { compareVersions, versionParts } from '../os-version.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { MINIMUM_OS_VERSIONS, POSTURE_SIGNAL_MAX_AGE_DAYS, postureSignalThreshold } from '../thresholds.js';
import type { OsCurrencyRecord } from '../types/os-currency.generated.js';

const PLATFORMS_WITH_MINIMUM: ReadonlySet<string> = new Set(Object.keys(MINIMUM_OS_VERSIONS));

function evaluate(osVersion: string | null, minimum: string): Evaluation {
  const observed = versionParts(osVersion);
  if (!observed) return notEvaluable('missing_data');
  return failIf({ below_minimum_os_version: compareVersions(observed, versionParts(minimum)!) < 0 });
}

export const osCurrency: ArtifactDefinition = {
  type: 'os-currency',
  title: 'Operating system currency',
  description:
    'The OS version each device last reported beside the minimum version for its platform: at or above passes, below fails. A version ' +
    'reported longer ago than the freshness threshold is stale, judged by the most recent check-in known for the device (MDM or agent, from ' +
    'GET /devices and, when collected, Prism device information; the record names the clock).',
  sources: ['devices'],
  optionalSources: ['prism-device-information'],
  async build(context) {
    const prism = await prismCheckIns(context);
    const records = new EvaluatedRecords<OsCurrencyRecord>(
      context,
      byKeys((r) => [r.deviceId]),
    );
    for await (const row of rowsOf(context, 'devices')) {
      const device = deviceFacts(row, prism.get(row.device_id)?.fields);
      const osVersion = row.os_version || null;
      const minimum = MINIMUM_OS_VERSIONS[device.platform] ?? null;
      const evaluation =
        outOfScope(device, PLATFORMS_WITH_MINIMUM) ?? signalGap(device.lastCheckIn, context.now, POSTURE_SIGNAL_MAX_AGE_DAYS) ?? evaluate(osVersion, minimum!);
      await records.add(
        {
          deviceId: device.deviceId,
          ...deviceIdentity(row),
          platform: device.platform,
          osVersion,
          minimumOsVersion: minimum,
          lastCheckIn: device.lastCheckIn,
          lastCheckInClock: device.lastCheckInClock,
          ...evaluation,
        },
        device.lastCheckIn,
      );
    }
    return records.build({
      subjects: 'devices',
      gapDetail: {
        missing_data:
          'no check-in is known for the device (it never checked in, or it is a Mac without the agent and Prism gave no MDM check-in) or it reported no OS version',
        stale: `the device last checked in more than ${POSTURE_SIGNAL_MAX_AGE_DAYS} days before this collection`,
      },
      thresholds: [
        ...Object.entries(MINIMUM_OS_VERSIONS).map(([platform, version]) => ({ name: `minimumOsVersion:${platform}`, value: version })),
        postureSignalThreshold(),
      ],
    });
  },
};
