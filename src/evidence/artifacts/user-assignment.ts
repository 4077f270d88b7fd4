import type { ArtifactDefinition, BuildContext } from '../artifact-definition.js';
import { assignedUser, deviceFacts, deviceIdentity, outOfScope } from '../devices.js';
import { failIf, notApplicable, notEvaluable, type Evaluation } from '../evaluation.js';
import { EvaluatedRecords } from '../evidence-builder.js';
import { rowsOf } from '../rows.js';
import { byKeys } from '../sort.js';
import type { UserAssignmentRecord } from '../types/user-assignment.generated.js';

interface DirectoryStatus {
  archived: boolean | null;
  active: boolean | null;
}

/** Status of every directory user, by id: only what the evidence needs, no names or e-mail addresses. */
async function directory(context: BuildContext): Promise<Map<string, DirectoryStatus>> {
  const users = new Map<string, DirectoryStatus>();
  for await (const row of rowsOf(context, 'users')) users.set(row.id, { archived: row.archived ?? null, active: row.active ?? null });
  return users;
}

function evaluate(userId: string | null, archived: boolean | null): Evaluation {
  if (userId === null) return notApplicable('unassigned');
  if (archived === null) return notEvaluable('missing_data');
  return failIf({ user_archived: archived });
}

export const userAssignment: ArtifactDefinition = {
  type: 'user-assignment',
  title: 'User assignment',
  description:
    'The user each device is assigned to and whether that user is archived in the directory: a device still assigned to an archived (departed) ' +
    'user fails. Unassigned and removed devices are not applicable and counted.',
  sources: ['devices', 'users'],
  async build(context) {
    const users = await directory(context);
    const records = new EvaluatedRecords<UserAssignmentRecord>(
      context,
      byKeys((r) => [r.deviceId]),
    );
    for await (const row of rowsOf(context, 'devices')) {
      const device = deviceFacts(row);
      const assigned = assignedUser(row);
      const userId = assigned?.id ?? null;
      const user = userId === null ? undefined : users.get(userId);
      // The directory is authoritative; the device list's own copy of the flag covers users it does not list.
      const archived = user ? user.archived : (assigned?.isArchived ?? null);
      await records.add(
        {
          deviceId: device.deviceId,
          ...deviceIdentity(row),
          platform: device.platform,
          assignedUserId: userId,
          userInDirectory: user !== undefined,
          userArchived: userId === null ? null : archived,
          userActive: user?.active ?? null,
          isRemoved: device.isRemoved,
          ...(outOfScope(device) ?? evaluate(userId, archived)),
        },
        device.lastCheckIn,
      );
    }
    return records.build({
      subjects: 'assigned devices',
      gapDetail: { missing_data: 'the assigned user is not in the directory and the device list does not say whether it is archived' },
    });
  },
};
