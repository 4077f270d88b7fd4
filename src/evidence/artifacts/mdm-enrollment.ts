import type { ArtifactDefinition } from '../artifact-definition.js';
import { deviceFacts, deviceIdentity, outOfScope } from '../devices.js';
import { failIf, notEvaluable, type Evaluation } from '../evaluation.js';
import { EvaluatedRecords } from '../evidence-builder.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import { AGENT_PLATFORMS } from '../thresholds.js';
import { normalizeTimestamp } from '../timestamps.js';
import type { MdmEnrollmentRecord } from '../types/mdm-enrollment.generated.js';

function evaluate(mdmEnabled: boolean | null, agentRequired: boolean, agentInstalled: boolean | null): Evaluation {
  if (mdmEnabled === null || (agentRequired && agentInstalled === null)) return notEvaluable('missing_data');
  return failIf({ mdm_disabled: !mdmEnabled, agent_not_installed: agentRequired && !agentInstalled });
}

export const mdmEnrollment: ArtifactDefinition = {
  type: 'mdm-enrollment',
  title: 'MDM enrollment',
  description:
    'Whether every device in Iru is enrolled in MDM and, where the platform runs it, has the Iru agent installed, with its enrollment dates. ' +
    'Removed devices are not applicable.',
  sources: ['devices'],
  async build(context) {
    const records = new EvaluatedRecords<MdmEnrollmentRecord>(
      context,
      byKeys((r) => [r.deviceId]),
    );
    for await (const row of rowsOf(context, 'devices')) {
      const device = deviceFacts(row);
      const mdmEnabled = row.mdm_enabled ?? null;
      const agentInstalled = row.agent_installed ?? null;
      const agentRequired = AGENT_PLATFORMS.has(device.platform);
      const lastEnrollment = normalizeTimestamp(row.last_enrollment);
      await records.add(
        {
          deviceId: device.deviceId,
          ...deviceIdentity(row),
          platform: device.platform,
          mdmEnabled,
          agentInstalled,
          agentRequired,
          firstEnrollment: normalizeTimestamp(row.first_enrollment),
          lastEnrollment,
          isRemoved: device.isRemoved,
          ...(outOfScope(device) ?? evaluate(mdmEnabled, agentRequired, agentInstalled)),
        },
        device.lastCheckIn,
      );
    }
    return records.build({ subjects: 'devices' });
  },
};
