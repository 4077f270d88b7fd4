import { html, urlPath, type SafeHtml } from '../../html/html.js';
import type { WebUser } from '../../store/index.js';
import type { ApiKeyView } from '../auth/api-keys.js';
import type { Principal } from '../auth/principal.js';
import { csrfField, statusBadge, time } from './components.js';
import { layout } from './layout.js';

type Frame = { principal: Principal | null };

function notice(input: { error?: string; done?: SafeHtml }) {
  return html`${input.error ? html`<p class="error" role="alert">${input.error}</p>` : null}${input.done ? html`<div class="done" role="status">${input.done}</div>` : null}`;
}

const USER_ACTIONS: { action: string; label: string; when: (u: WebUser) => boolean }[] = [
  { action: 'sign-out', label: 'Sign out everywhere', when: () => true },
  { action: 'reset-password', label: 'Reset password', when: () => true },
  { action: 'disable', label: 'Disable', when: (u) => !u.disabledAt },
  { action: 'enable', label: 'Enable', when: (u) => Boolean(u.disabledAt) },
  { action: 'delete', label: 'Delete', when: () => true },
];

export function usersPage(frame: Frame, users: WebUser[], input: { error?: string; done?: SafeHtml } = {}): string {
  const actions = (u: WebUser) =>
    USER_ACTIONS.filter((a) => a.when(u)).map(
      (a) =>
        html`<form class="inline" method="post" action="${urlPath('admin', 'users', u.id, a.action)}">${csrfField(frame.principal)}<button type="submit">${a.label}</button></form>`,
    );
  return layout(
    { ...frame, title: 'Users', trail: [['Frameworks', '/frameworks']] },
    html`${notice(input)}
    <table><thead><tr><th>username</th><th>role</th><th>status</th><th>created</th><th></th></tr></thead><tbody>
    ${users.map(
      (u) =>
        html`<tr><td>${u.username}</td><td>${u.role}</td><td>${u.disabledAt ? html`disabled<br><small>since ${time(u.disabledAt)}</small>` : 'active'}</td><td>${time(u.createdAt)}</td><td>${actions(u)}</td></tr>`,
    )}</tbody></table>
    <p>Disabling or deleting a user ends their sessions and stops the API keys made on their authority at once. Resetting a password shows a generated one once and signs the user out everywhere.</p>
    <h2>Add a user</h2>
    <form method="post" action="/admin/users">${csrfField(frame.principal)}
      <label>Username <input name="username" required></label>
      <label>Role <select name="role"><option value="auditor">auditor (read-only)</option><option value="admin">admin</option></select></label>
      <label>Password <input name="password" type="password" autocomplete="new-password" required minlength="12"></label>
      <button type="submit">Add user</button></form>`,
  );
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
