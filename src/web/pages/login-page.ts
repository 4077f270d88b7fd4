import { html } from '../../html/html.js';
import { layout } from './layout.js';

export function loginPage(input: { csrf: string; next: string; username?: string; error?: string }): string {
  return layout(
    { title: 'Sign in', principal: null },
    html`${input.error ? html`<p class="error" role="alert">${input.error}</p>` : null}
    <form class="login" method="post" action="/login">
      <input type="hidden" name="_csrf" value="${input.csrf}"><input type="hidden" name="next" value="${input.next}">
      <label>Username <input name="username" autocomplete="username" required value="${input.username ?? ''}"></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">Sign in</button>
    </form>
    <p class="muted">The first admin is created with <code>iru-evidence users create-admin</code>; admins add everyone else under Users.</p>`,
  );
}
