import { html, urlPath, type SafeHtml } from '../../html/html.js';
import type { Invitation, WebUser } from '../../store/index.js';
import { accessEndDay, accessExpired } from '../auth/access-expiry.js';
import type { ApiKeyView } from '../auth/api-keys.js';
import { DEFAULT_LINK_VALID_DAYS, INVITABLE_ROLES, MAX_LINK_VALID_DAYS } from '../auth/invitations.js';
import type { Principal } from '../auth/principal.js';
import { csrfField, statusBadge, time } from './components.js';
import { layout } from './layout.js';

type Frame = { principal: Principal | null };

/** What a form post did, or why it did nothing, above the page it answers with. */
export function notice(input: { error?: string; done?: SafeHtml }): SafeHtml {
  return html`${input.error ? html`<p class="error" role="alert">${input.error}</p>` : null}${input.done ? html`<div class="done" role="status">${input.done}</div>` : null}`;
}

const USER_ACTIONS: { action: string; label: string; when: (u: WebUser) => boolean }[] = [
  { action: 'sign-out', label: 'Sign out everywhere', when: () => true },
  { action: 'reset-password', label: 'Reset password', when: () => true },
  { action: 'disable', label: 'Disable', when: (u) => !u.disabledAt },
  { action: 'enable', label: 'Enable', when: (u) => Boolean(u.disabledAt) },
  { action: 'delete', label: 'Delete', when: () => true },
];

/** What the Users page shows: the users, the pending invitations, and the moment their expiries are judged at. */
export interface UsersView {
  users: WebUser[];
  invitations: Invitation[];
  now: Date;
}

function accessCell(frame: Frame, u: WebUser, now: Date): SafeHtml {
  if (u.role === 'admin') return html`<span class="muted">—</span>`;
  const state = !u.expiresAt
    ? html`<span class="muted">no end date</span>`
    : accessExpired(u, now)
      ? html`expired<br><small>on ${accessEndDay(u.expiresAt)}</small>`
      : html`expires ${accessEndDay(u.expiresAt)}`;
  const action = urlPath('admin', 'users', u.id, 'access-expiry');
  return html`${state}<br><form class="inline" method="post" action="${action}">${csrfField(frame.principal)}<input type="date" name="accessUntil" required aria-label="Access until" value="${u.expiresAt ? accessEndDay(u.expiresAt) : ''}"><button type="submit">Set end date</button></form>
    ${u.expiresAt ? html`<form class="inline" method="post" action="${action}">${csrfField(frame.principal)}<input type="hidden" name="accessUntil" value=""><button type="submit">Remove end date</button></form>` : null}`;
}

function statusCell(u: WebUser, now: Date): SafeHtml | string {
  if (u.disabledAt) return html`disabled<br><small>since ${time(u.disabledAt)}</small>`;
  return accessExpired(u, now) ? 'access expired' : 'active';
}

export function usersPage(frame: Frame, view: UsersView, input: { error?: string; done?: SafeHtml } = {}): string {
  const actions = (u: WebUser) =>
    USER_ACTIONS.filter((a) => a.when(u)).map(
      (a) =>
        html`<form class="inline" method="post" action="${urlPath('admin', 'users', u.id, a.action)}">${csrfField(frame.principal)}<button type="submit">${a.label}</button></form>`,
    );
  const invitations = view.invitations.length
    ? html`<table><thead><tr><th>for</th><th>role</th><th>access until</th><th>link valid until</th><th>invited by</th><th>created</th><th></th></tr></thead><tbody>
    ${view.invitations.map(
      (i) =>
        html`<tr><td>${i.note ?? html`<span class="muted">—</span>`}</td><td>${i.role}</td><td>${accessEndDay(i.accessExpiresAt)}</td><td>${time(i.expiresAt)}</td><td>${i.createdBy}</td><td>${time(i.createdAt)}</td>
      <td><form class="inline" method="post" action="${urlPath('admin', 'invitations', i.id, 'revoke')}">${csrfField(frame.principal)}<button type="submit">Revoke</button></form></td></tr>`,
    )}</tbody></table>`
    : html`<p class="muted">No pending invitations.</p>`;
  return layout(
    { ...frame, title: 'Users', trail: [['Frameworks', '/frameworks']] },
    html`${notice(input)}
    <table><thead><tr><th>username</th><th>role</th><th>status</th><th>access</th><th>created</th><th></th></tr></thead><tbody>
    ${view.users.map(
      (u) =>
        html`<tr><td>${u.username}</td><td>${u.role}</td><td>${statusCell(u, view.now)}</td><td>${accessCell(frame, u, view.now)}</td><td>${time(u.createdAt)}</td><td>${actions(u)}</td></tr>`,
    )}</tbody></table>
    <p>Disabling or deleting a user ends their sessions and stops the API keys made on their authority at once. Resetting a password shows a generated one once and signs the user out everywhere.
    An auditor's access ends with its end date (UTC): from then on they cannot sign in and their sessions stop.</p>
    <h2>Invitations</h2>
    ${invitations}
    <h3>Invite an auditor</h3>
    <p>The invitee opens the link, picks their user name and password, and is signed in. The link works once, for ${DEFAULT_LINK_VALID_DAYS} days unless you say otherwise (never past the access end date), and is shown only once.</p>
    <form method="post" action="/admin/invitations">${csrfField(frame.principal)}
      <label>Role <select name="role">${INVITABLE_ROLES.map((r) => html`<option value="${r}">${r} (read-only)</option>`)}</select></label>
      <label>Access until <input name="accessUntil" type="date" required></label>
      <label>Link valid for <input name="linkValidDays" type="number" min="1" max="${String(MAX_LINK_VALID_DAYS)}" placeholder="${String(DEFAULT_LINK_VALID_DAYS)}"> days</label>
      <label>For <input name="note" maxlength="100" placeholder="name or firm (optional)"></label>
      <button type="submit">Create invitation link</button></form>
    <h2>Add a user</h2>
    <form method="post" action="/admin/users">${csrfField(frame.principal)}
      <label>Username <input name="username" required></label>
      <label>Role <select name="role"><option value="auditor">auditor (read-only)</option><option value="admin">admin</option></select></label>
      <label>Password <input name="password" type="password" autocomplete="new-password" required minlength="12"></label>
      <button type="submit">Add user</button></form>`,
  );
}

/** The invitation just made: its link, shown this once. */
export function newInvitationNotice(link: string, invitation: Invitation): SafeHtml {
  return html`<p>Invited ${invitation.note ? html`${invitation.note} as ` : null}${invitation.role} with access until ${accessEndDay(invitation.accessExpiresAt)}.
    Send them this link now; it is not shown again, works once, and expires ${time(invitation.expiresAt)}:</p><p><code class="secret">${link}</code></p>`;
}

export function newPasswordNotice(username: string, password: string, sessionsEnded: number): SafeHtml {
  return html`<p>Set a new password for ${username} and ended ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'}. Give it to them now; it is not shown again:</p><p><code class="secret">${password}</code></p>`;
}

export function apiKeysPage(frame: Frame, keys: ApiKeyView[], input: { error?: string; done?: SafeHtml } = {}): string {
  const rows = keys.map(
    (
      k,
    ) => html`<tr><td>${k.name}</td><td><code>${k.id}</code></td><td>${k.scope}</td><td>${statusBadge(k.status)}${k.status === 'expires_soon' ? html`<br><small>until ${time(k.expiresAt)}</small>` : null}</td>
      <td>${time(k.createdAt)}</td><td>${time(k.lastUsedAt)}</td>
      <td>${k.status === 'active' ? html`<form class="inline" method="post" action="${urlPath('admin', 'api-keys', k.id, 'rotate')}">${csrfField(frame.principal)}<button type="submit">Rotate</button></form>` : null}
      ${k.status === 'active' || k.status === 'expires_soon' ? html`<form class="inline" method="post" action="${urlPath('admin', 'api-keys', k.id, 'invalidate')}">${csrfField(frame.principal)}<button type="submit">Invalidate now</button></form>` : null}</td></tr>`,
  );
  return layout(
    { ...frame, title: 'API keys', trail: [['Frameworks', '/frameworks']] },
    html`${notice(input)}
    <p>The compliance platform calls <code>/api/v1</code> with <code>Authorization: Bearer &lt;key&gt;</code>. Rotating issues a new key; the old one keeps working for 24 hours.
    Invalidating ends a key at once (for a key that may have leaked).</p>
    <table><thead><tr><th>name</th><th>id</th><th>scope</th><th>status</th><th>created</th><th>last used</th><th></th></tr></thead><tbody>${rows}</tbody></table>
    <h2>New key</h2>
    <form method="post" action="/admin/api-keys">${csrfField(frame.principal)}
      <label>Name <input name="name" required maxlength="80"></label>
      <label>Scope <select name="scope"><option value="read">read</option><option value="admin">admin</option></select></label>
      <button type="submit">Create key</button></form>`,
  );
}

export function newKeyNotice(key: string, what: string): SafeHtml {
  return html`<p>${what} Copy the key now; it is not shown again:</p><p><code class="secret">${key}</code></p>`;
}
