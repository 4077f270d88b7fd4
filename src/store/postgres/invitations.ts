import { randomUUID } from 'node:crypto';
import { INVITATION_COLUMNS, INVITATION_INSERT_COLUMNS, invitationValues, userActive, WEB_USER_COLUMNS } from '../columns.js';
import type { Invitation, InvitationStore, WebUser } from '../types.js';
import type { Database } from './database.js';

/** Pending at `now` ($1): unused, unrevoked, its link unexpired, and made from the CLI or by a user who may still act. */
const PENDING = `used_at IS NULL AND revoked_at IS NULL AND expires_at > $1
  AND (created_by_user_id IS NULL OR EXISTS (SELECT 1 FROM web_users u WHERE u.id = web_invitations.created_by_user_id AND ${userActive('u', '$1')}))`;

/** Thrown inside the accept transaction to roll back the invitation's use when the user name is taken. */
class UsernameTaken extends Error {}

export function postgresInvitations(db: Database): InvitationStore {
  const one = async (where: string, value: string) =>
    (await db.query<Invitation>(`SELECT ${INVITATION_COLUMNS} FROM web_invitations WHERE ${where} = $1`, [value]))[0];

  return {
    async createInvitation(invitation) {
      const [created] = await db.query<Invitation>(
        `INSERT INTO web_invitations (${INVITATION_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${INVITATION_COLUMNS}`,
        invitationValues(invitation),
      );
      return created!;
    },

    async getInvitation(id) {
      return one('id', id);
    },

    async findInvitationByTokenHash(tokenHash) {
      return one('token_hash', tokenHash);
    },

    async listPendingInvitations(now) {
      return db.query<Invitation>(`SELECT ${INVITATION_COLUMNS} FROM web_invitations WHERE ${PENDING} ORDER BY created_at DESC, id`, [now]);
    },

    async revokeInvitation(id, at) {
      const revoked = await db.query<{ id: string }>(
        'UPDATE web_invitations SET revoked_at = $1 WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL RETURNING id',
        [at, id],
      );
      return revoked.length === 1;
    },

    async acceptInvitation(tokenHash, user, now) {
      try {
        return await db.transaction(async (client) => {
          // A concurrent accept holds the row until it commits; this update then re-reads it and, finding it used,
          // changes nothing (READ COMMITTED): exactly one accept marks the invitation used and creates an account.
          const { rows: marked } = await client.query<Invitation>(
            `UPDATE web_invitations SET used_at = $1, used_by_user_id = $2 WHERE token_hash = $3 AND ${PENDING} RETURNING ${INVITATION_COLUMNS}`,
            [now, randomUUID(), tokenHash],
          );
          const invitation = marked[0];
          if (!invitation) return 'unavailable' as const;
          const { rows: created } = await client.query<WebUser>(
            `INSERT INTO web_users (id, username, password_hash, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (username) DO NOTHING RETURNING ${WEB_USER_COLUMNS}`,
            [invitation.usedByUserId, user.username.toLowerCase(), user.passwordHash, invitation.role, now, invitation.accessExpiresAt],
          );
          if (!created[0]) throw new UsernameTaken();
          return { user: created[0], invitation };
        });
      } catch (error) {
        if (error instanceof UsernameTaken) return 'username-taken';
        throw error;
      }
    },
  };
}
