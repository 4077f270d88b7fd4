import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { INVITATION_COLUMNS, INVITATION_INSERT_COLUMNS, invitationValues, userActive, WEB_USER_COLUMNS } from '../columns.js';
import type { Invitation, InvitationAcceptance, InvitationStore, WebUser } from '../types.js';

/** Pending at `now` (given twice): unused, unrevoked, its link unexpired, and made from the CLI or by a user who may still act. */
const PENDING = `used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
  AND (created_by_user_id IS NULL OR EXISTS (SELECT 1 FROM web_users u WHERE u.id = web_invitations.created_by_user_id AND ${userActive('u', '?')}))`;

export function sqliteInvitations(db: Database.Database): InvitationStore {
  const byId = (id: string) => db.prepare<[string], Invitation>(`SELECT ${INVITATION_COLUMNS} FROM web_invitations WHERE id = ?`).get(id);
  const byTokenHash = (tokenHash: string) =>
    db.prepare<[string], Invitation>(`SELECT ${INVITATION_COLUMNS} FROM web_invitations WHERE token_hash = ?`).get(tokenHash);

  return {
    async createInvitation(invitation) {
      db.prepare(`INSERT INTO web_invitations (${INVITATION_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...invitationValues(invitation));
      return byId(invitation.id)!;
    },

    async getInvitation(id) {
      return byId(id);
    },

    async findInvitationByTokenHash(tokenHash) {
      return byTokenHash(tokenHash);
    },

    async listPendingInvitations(now) {
      return db
        .prepare<[string, string], Invitation>(`SELECT ${INVITATION_COLUMNS} FROM web_invitations WHERE ${PENDING} ORDER BY created_at DESC, id`)
        .all(now, now);
    },

    async revokeInvitation(id, at) {
      return db.prepare('UPDATE web_invitations SET revoked_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL').run(at, id).changes === 1;
    },

    async acceptInvitation(tokenHash, user, now) {
      const username = user.username.toLowerCase();
      // BEGIN IMMEDIATE takes the write lock before anything is read: an accept in another connection or process either
      // committed before (the invitation is used: nothing happens here) or waits for this one to commit.
      return db
        .transaction((): InvitationAcceptance => {
          if (!db.prepare(`SELECT 1 FROM web_invitations WHERE token_hash = ? AND ${PENDING}`).get(tokenHash, now, now)) return 'unavailable';
          if (db.prepare('SELECT 1 FROM web_users WHERE username = ?').get(username)) return 'username-taken';
          const id = randomUUID();
          const marked = db
            .prepare(`UPDATE web_invitations SET used_at = ?, used_by_user_id = ? WHERE token_hash = ? AND ${PENDING}`)
            .run(now, id, tokenHash, now, now);
          if (marked.changes !== 1) return 'unavailable';
          const invitation = byTokenHash(tokenHash)!;
          db.prepare('INSERT INTO web_users (id, username, password_hash, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
            id,
            username,
            user.passwordHash,
            invitation.role,
            now,
            invitation.accessExpiresAt,
          );
          return { user: db.prepare<[string], WebUser>(`SELECT ${WEB_USER_COLUMNS} FROM web_users WHERE id = ?`).get(id)!, invitation };
        })
        .immediate();
    },
  };
}
