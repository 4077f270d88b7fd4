import { html, type SafeHtml } from '../../html/html.js';
import type { Principal } from '../auth/principal.js';

export interface PageFrame {
  title: string;
  principal: Principal | null;
  /** Links above the title, outermost first. */
  trail?: [label: string, href: string][];
}

/** Every page: no inline script or style (the CSP forbids both), the session's CSRF token in a meta tag for app.js. */
export function layout(frame: PageFrame, body: SafeHtml): string {
  const p = frame.principal;
  const csrf = p?.kind === 'session' ? p.csrfToken : undefined;
  const nav = p
    ? html`<nav><a href="/">Posture</a> <a href="/frameworks">Frameworks</a> <a href="/runs">Runs</a> <a href="/connections">Connections</a> <a href="/exports">Exports</a>
      ${p.role === 'admin' ? html`<a href="/exceptions">Exceptions</a> <a href="/admin/users">Users</a> <a href="/admin/api-keys">API keys</a>` : null}
      <span class="who">${p.name} (${p.role})</span>
      ${csrf ? html`<form class="inline" method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Sign out</button></form>` : null}</nav>`
    : null;
  const trail = frame.trail?.length ? html`<p class="trail">${frame.trail.map(([label, href]) => html`<a href="${href}">${label}</a> › `)}</p>` : null;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${csrf ? html`<meta name="csrf-token" content="${csrf}">` : null}
<title>${frame.title} · iru-evidence</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script></head>
<body><header><a class="brand" href="/">iru-evidence</a>${nav}</header>
<main>${trail}<h1>${frame.title}</h1>${body}</main></body></html>
`.value;
}
