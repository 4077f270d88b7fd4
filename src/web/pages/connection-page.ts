import { html, query, urlPath, type SafeHtml } from '../../html/html.js';
import type { Principal } from '../auth/principal.js';
import type { ConnectionView, ScheduleState } from '../views/connection-view.js';
import { notice } from './admin-pages.js';
import { csrfField, duration, statusBadge, time } from './components.js';
import { layout } from './layout.js';

type Frame = { principal: Principal | null };

export interface ConnectionNotice {
  error?: string;
  /** Shown under the error: why (e.g. the failed connection test). */
  detail?: SafeHtml;
  done?: SafeHtml;
}

/** One connection: status, tenant, token fingerprint, schedule, last runs, permissions, evidence, and (for admins) its actions. */
export function connectionPage(frame: Frame, view: ConnectionView, input: ConnectionNotice = {}): string {
  const c = view.connection;
  const admin = frame.principal?.role === 'admin' && !c.deletedAt;
  const action = (verb: string) => urlPath('connections', c.name, verb);
  return layout(
    { ...frame, title: `Connection ${c.name}`, trail: [['Connections', '/connections']] },
    html`${notice(input)}${input.detail ? html`<div class="refused-detail">${input.detail}</div>` : null}
    ${
      c.deletedAt
        ? html`<p class="deleted-banner" role="status"><strong>Deleted</strong> ${time(c.deletedAt)} by ${c.deletedBy ?? 'unknown'}: it collects no more and
      its token was destroyed. Its runs and Artifacts are kept below and in exports; its name stays taken so that they keep naming it.</p>`
        : null
    }
    <dl class="connection">
      <dt>status</dt><dd data-status="${c.deletedAt ? 'deleted' : c.status}">${c.deletedAt ? statusBadge('deleted') : statusBadge(c.status)}${c.statusReason ? html` <small>${c.statusReason}</small>` : null}
        ${view.attention ? html`<br><span class="attention" data-attention="${view.attention.status}">${statusBadge(view.attention.status)} ${view.attention.detail}</span>` : null}</dd>
      <dt>tenant</dt><dd>${c.region && c.app ? html`${c.app} (region ${c.region}) · <code>${c.baseUrl}</code>` : html`<code>${c.baseUrl}</code>`}</dd>
      <dt>token</dt><dd>${c.deletedAt ? html`<span class="muted">destroyed (it was <code>${c.tokenFingerprint}</code>)</span>` : html`fingerprint <code data-fingerprint>${c.tokenFingerprint}</code> <small class="muted">(never the token itself)</small>`}</dd>
      <dt>freshness policy</dt><dd>${c.freshnessHours} h: each Artifact is valid for ${c.freshnessHours} hours after it was collected</dd>
      <dt>created</dt><dd>${time(c.createdAt)}</dd>
    </dl>
    <h2>Schedule</h2>
    ${c.deletedAt ? html`<p class="muted">None: a deleted connection has no schedule.</p>` : scheduleSection(view.schedule)}
    ${admin ? actions(frame, view, action) : null}
    <h2>Last runs</h2>
    ${runsTable(view)}
    <h2>Permissions</h2>
    ${permissionsSection(view)}
    <h2>Evidence</h2>
    <p><span data-artifacts="${String(view.artifacts.current)}">${view.artifacts.current}</span> current Artifact(s)${view.artifacts.stale ? html`, ${view.artifacts.stale} stale` : null}:
      <a href="${`/${query({ connection: c.name })}`}">posture of ${c.name}</a> ·
      <a href="${`/frameworks${query({ connection: c.name })}`}">frameworks</a> · <a href="${`/runs${query({ connection: c.name })}`}">every run</a></p>`,
  );
}

/** After the wizard saved the connection: saved, and when its first collection is due (or that none is). */
export function savedNotice(view: ConnectionView): SafeHtml {
  const c = view.connection;
  const saved = html`Saved connection <strong>${c.name}</strong>; its token is stored encrypted.`;
  if (!view.schedule.known) return html`<p data-saved>${saved} Whether a collection is scheduled is unknown (${view.schedule.reason}).</p>`;
  const s = view.schedule.schedule;
  if (s && !s.paused && s.nextRuns[0])
    return html`<p data-saved>${saved} Its first collection is scheduled for ${time(s.nextRuns[0])} (${everyText(s.everyMs)}).</p>`;
  return html`<p data-saved>${saved} No collection is scheduled: use <strong>Collect now</strong> below, or schedule collections.</p>`;
}

function everyText(ms: number | null): string {
  if (ms === null) return 'on its own calendar';
  const hours = ms / 3_600_000;
  return Number.isInteger(hours) ? `every ${hours} h` : `every ${Math.round(ms / 60_000)} min`;
}

function scheduleSection(state: ScheduleState): SafeHtml {
  if (!state.known) {
    return html`<p class="schedule-unknown" data-schedule="unknown">Schedule unknown: ${state.reason}. Run <code>iru-evidence dev</code>, or point the web app at a
      running Temporal server (<code>TEMPORAL_ADDRESS</code>).</p>`;
  }
  const s = state.schedule;
  if (!s) return html`<p data-schedule="none">No schedule: this connection is collected only on demand.</p>`;
  return html`<p data-schedule="${s.paused ? 'paused' : 'active'}">${everyText(s.everyMs)} ·
    ${s.paused ? html`<strong>paused</strong>${s.note ? html` (${s.note})` : null}` : html`active; next runs ${s.nextRuns.map((t, i) => html`${i ? ', ' : ''}${time(t)}`)}`}
    ${s.running.length ? html` · running now: ${s.running.map((id) => html`<a href="${urlPath('runs', id)}">${id}</a> `)}` : null}</p>`;
}

function actions(frame: Frame, view: ConnectionView, action: (verb: string) => string): SafeHtml {
  const c = view.connection;
  const csrf = csrfField(frame.principal);
  const s = view.schedule.known ? view.schedule.schedule : undefined;
  const scheduleButton =
    s === null
      ? html`<form class="inline" method="post" action="${action('schedule')}">${csrf}<button type="submit">Schedule collections every 24 h</button></form>`
      : s
        ? html`<form class="inline" method="post" action="${action(s.paused ? 'resume' : 'pause')}">${csrf}<button type="submit">${s.paused ? 'Resume schedule' : 'Pause schedule'}</button></form>`
        : null;
  return html`<section class="connection-actions"><h2>Actions</h2>
    <div class="buttons"><form class="inline" method="post" action="${action('collect')}">${csrf}<button type="submit" id="collect-now">Collect now</button></form> ${scheduleButton}</div>
    <form method="post" action="${action('rotate-token')}" class="rotate" autocomplete="off">${csrf}
      <h3>Rotate the token</h3>
      <p class="muted">The new token is tested with the same read-only connection test as a new connection; only if it passes does it replace the old one,
        which is then no longer stored. Revoke the old token in Iru afterwards (Access &gt; API tokens).</p>
      <label>New Bearer JWT <input name="token" type="password" required maxlength="1000" autocomplete="off" spellcheck="false"></label>
      <button type="submit">Test and replace</button></form>
    <form method="post" action="${action('delete')}" class="delete" autocomplete="off">${csrf}
      <h3>Delete this connection</h3>
      <p class="muted">Its schedule is deleted and its token destroyed; nothing collects it again. Its runs and Artifacts are kept and stay browsable, and
        its name stays taken. Type <code>${c.name}</code> to confirm.</p>
      <label>Name <input name="confirm" required maxlength="200" autocomplete="off" spellcheck="false"></label>
      <button type="submit">Delete</button></form></section>`;
}

function runsTable(view: ConnectionView): SafeHtml {
  if (view.runs.length === 0) return html`<p class="muted">No run yet.</p>`;
  const rows = view.runs.map(
    (r) => html`<tr data-run="${r.id}"><td><a href="${urlPath('runs', r.id)}">${statusBadge(r.status)}</a></td><td>${time(r.startedAt)}</td>
      <td class="num">${duration(r.durationMs)}</td><td class="num">${r.requests ?? '—'}</td></tr>`,
  );
  return html`<table class="runs"><thead><tr><th>status</th><th>started</th><th>duration</th><th>requests</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function permissionsSection(view: ConnectionView): SafeHtml {
  const p = view.permissions;
  if (!p.runId) return html`<p class="muted">Not known yet: no collection has finished.</p>`;
  const from = html`From the newest finished run, <a href="${urlPath('runs', p.runId)}">${time(p.checkedAt)}</a>.`;
  if (p.denied.length === 0) return html`<p data-permissions="all">${from} Every GET permission the collection used was granted.</p>`;
  const rows = p.denied.map(
    (d) => html`<tr class="denied" data-source="${d.source}"><td>${d.source}</td><td>${d.message}</td>
      <td>${d.effect === 'evidence_lost' ? 'evidence lost: its records are not evaluable' : html`evidence complete, read via <code>${d.via ?? 'another endpoint'}</code>`}</td>
      <td class="remedy">${d.remedy ?? '—'}</td></tr>`,
  );
  return html`<p>${from} Denied GET permissions:</p>
    <table class="permissions"><thead><tr><th>source</th><th>what Iru said</th><th>effect</th><th>fix</th></tr></thead><tbody>${rows}</tbody></table>`;
}
