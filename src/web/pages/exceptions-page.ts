import { html, urlPath, type SafeHtml } from '../../html/html.js';
import { EXCEPTABLE_TYPES } from '../../evidence/exceptions.js';
import { MAX_EXCEPTION_DAYS, MAX_JUSTIFICATION_LENGTH, type ExceptionView } from '../../read-model/exceptions.js';
import type { Principal } from '../auth/principal.js';
import { notice } from './admin-pages.js';
import { csrfField, time } from './components.js';
import { layout } from './layout.js';

type Frame = { principal: Principal | null };

export interface ExceptionsPageView {
  exceptions: ExceptionView[];
  connections: { id: string; name: string }[];
}

const STATE_TEXT = { in_force: 'in force', expired: 'expired', revoked: 'revoked' } as const;

function row(frame: Frame, e: ExceptionView): SafeHtml {
  const device = e.deviceName ? html`${e.deviceName}<br><small class="muted">${e.deviceId}</small>` : html`<code>${e.deviceId}</code>`;
  const ended =
    e.state === 'revoked'
      ? html`<br><small>revoked ${time(e.revokedAt)} by ${e.revokedBy}</small>`
      : e.state === 'expired'
        ? html`<br><small>after ${e.expiresOn}</small>`
        : null;
  const revoke =
    e.state === 'in_force'
      ? html`<form class="inline" method="post" action="${urlPath('exceptions', e.id, 'revoke')}">${csrfField(frame.principal)}<button type="submit">Revoke</button></form>`
      : null;
  return html`<tr data-exception="${e.id}"><td>${e.connectionName}</td><td>${device}</td><td>${e.check ?? html`<em>all checks</em>`}</td><td class="why">${e.justification}</td>
    <td>${e.approver}<br><small>${time(e.createdAt)}</small></td><td>${e.expiresOn}</td><td><span class="badge exception-${e.state}">${STATE_TEXT[e.state]}</span>${ended}</td><td>${revoke}</td></tr>`;
}

function table(frame: Frame, exceptions: ExceptionView[], empty: string): SafeHtml {
  if (exceptions.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<table class="exceptions"><thead><tr><th>connection</th><th>device</th><th>check</th><th>justification</th><th>approver</th><th>last day (UTC)</th><th>state</th><th></th></tr></thead>
    <tbody>${exceptions.map((e) => row(frame, e))}</tbody></table>`;
}

/** Admins' exceptions: those in force, those ended, and the form to grant one. */
export function exceptionsPage(frame: Frame, view: ExceptionsPageView, input: { error?: string; done?: SafeHtml } = {}): string {
  const inForce = view.exceptions.filter((e) => e.state === 'in_force');
  const ended = view.exceptions.filter((e) => e.state !== 'in_force');
  return layout(
    { ...frame, title: 'Exceptions' },
    html`${notice(input)}
    <p>An exception lets a device fail a check (or every check) for a while, with a justification: while it is in force, the device's failing records are
    <strong>excepted</strong> instead of failing, and a check whose only failures are excepted is judged <span class="badge verdict verdict-excepted">excepted</span>.
    Exceptions apply from the <strong>next collection</strong> on; they never change Artifacts already published, which keep the exceptions they were built with.
    After its last day (UTC) an exception stops applying at the next collection, and the Artifacts built then list it as expired.</p>
    <h2>In force (${inForce.length})</h2>
    ${table(frame, inForce, 'No exception is in force.')}
    <h2>Expired or revoked (${ended.length})</h2>
    ${table(frame, ended, 'No exception has ended.')}
    <h2>Add an exception</h2>
    ${
      view.connections.length === 0
        ? html`<p class="muted">Add a connection first.</p>`
        : html`<form method="post" action="/exceptions" class="exception">${csrfField(frame.principal)}
      <label>Connection <select name="connection" required>${view.connections.map((c) => html`<option value="${c.name}">${c.name}</option>`)}</select></label>
      <label>Device id <input name="deviceId" required maxlength="200" placeholder="Iru device id"></label>
      <label>Check <select name="check"><option value="all">all checks</option>${EXCEPTABLE_TYPES.map((t) => html`<option value="${t}">${t}</option>`)}</select></label>
      <label>Last day <input name="expiresOn" type="date" required></label>
      <br><label>Justification <textarea name="justification" required maxlength="${String(MAX_JUSTIFICATION_LENGTH)}" rows="3" cols="70" placeholder="Why this device may fail, and what ends the exception"></textarea></label>
      <br><button type="submit">Add exception</button></form>
      <p class="muted">The last day is included (until midnight UTC) and at most ${MAX_EXCEPTION_DAYS} days ahead: an exception is reviewed at least once per audit period. You are recorded as its approver.</p>`
    }`,
  );
}

export function grantedNotice(e: ExceptionView): SafeHtml {
  return html`<p>Excepted ${e.deviceName ?? e.deviceId} of ${e.connectionName} from ${e.check ?? 'every check'} until the end of ${e.expiresOn} (UTC). It applies from the next collection.</p>`;
}
