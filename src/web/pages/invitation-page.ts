import { html, urlPath } from '../../html/html.js';
import type { Invitation } from '../../store/index.js';
import { accessEndDay } from '../auth/access-expiry.js';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { layout } from './layout.js';

/** Where an invitee makes their account: their own user name and password. */
export function invitationPage(input: { csrf: string; token: string; invitation: Invitation; username?: string; error?: string }): string {
  const { invitation } = input;
  return layout(
    { title: 'Accept your invitation', principal: null },
    html`${input.error ? html`<p class="error" role="alert">${input.error}</p>` : null}
    <p>You are invited to iru-evidence as ${invitation.role} (read-only), with access until ${accessEndDay(invitation.accessExpiresAt)} (UTC).
    Pick the user name and password you will sign in with. This link works once.</p>
    <form class="login" method="post" action="${urlPath('invitations', input.token)}">
      <input type="hidden" name="_csrf" value="${input.csrf}">
      <label>Username <input name="username" autocomplete="username" required value="${input.username ?? ''}"></label>
      <label>Password <input name="password" type="password" autocomplete="new-password" required minlength="${String(MIN_PASSWORD_LENGTH)}"></label>
      <label>Password again <input name="passwordAgain" type="password" autocomplete="new-password" required minlength="${String(MIN_PASSWORD_LENGTH)}"></label>
      <button type="submit">Create my account</button>
    </form>
    <p class="muted">Passwords are at least ${String(MIN_PASSWORD_LENGTH)} characters long.</p>`,
  );
}

/** An invitation link that can no longer be used, whatever the reason. */
export function invitationUnavailablePage(message: string): string {
  return layout({ title: 'Invitation not valid', principal: null }, html`<p class="error" role="alert">${message}</p><p><a href="/login">Sign in</a></p>`);
}
