import { collectedFraction, estimateText, formatCount, goneNote, stageLabel, type LiveProgress } from '../../collector/live-progress.js';
import { html, query, urlPath, type SafeHtml } from '../../html/html.js';
import type { WindowEndSource } from '../../iru/index.js';
import type { Principal } from '../auth/principal.js';
import type { RunListItem, RunView } from '../views/runs-view.js';
import { artifactLink, duration, statusBadge, time } from './components.js';
import { layout } from './layout.js';

/** Who said when the budget window ends, as the run page tells it. */
const WINDOW_END: Record<WindowEndSource, string> = {
  'ratelimit-reset': "the end Iru's RateLimit-Reset announced",
  'retry-after': "the end Iru's Retry-After announced",
  'clock-hour': 'the clock-aligned hour: Iru announced no end',
};

type Frame = { principal: Principal | null };

export function runsPage(frame: Frame, view: { runs: RunListItem[] }, connection?: string): string {
  const rows = view.runs.map(
    (
      r,
    ) => html`<tr><td><a href="${urlPath('runs', r.id)}">${r.id}</a></td><td><a href="${`/runs${query({ connection: r.connection.name })}`}">${r.connection.name}</a></td>
      <td>${statusBadge(r.status)}</td><td>${time(r.startedAt)}</td><td>${duration(r.durationMs)}</td>
      <td class="num">${r.sources.succeeded}</td><td class="num">${r.sources.failed}</td><td class="num">${r.sources.notApplicable}</td><td class="num">${r.artifacts}</td></tr>`,
  );
  return layout(
    { ...frame, title: connection ? `Runs of ${connection}` : 'Runs' },
    html`${view.runs.length === 0 ? html`<p>No collection has run yet.</p>` : null}
    <table><thead><tr><th>run</th><th>connection</th><th>status</th><th>started</th><th>took</th><th>sources ok</th><th>failed</th><th>n/a</th><th>Artifacts</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export function runPage(frame: Frame, run: RunView, live?: LiveProgress): string {
  const s = run.summary;
  return layout(
    { ...frame, title: `Run ${run.id}`, trail: [['Runs', '/runs']] },
    html`<dl class="facts"><dt>Connection</dt><dd>${run.connection.name}</dd><dt>Status</dt><dd>${statusBadge(run.status)}</dd>
      <dt>Started</dt><dd>${time(run.startedAt)}</dd><dt>Finished</dt><dd>${time(run.finishedAt)}</dd><dt>Took</dt><dd>${duration(run.durationMs)}</dd></dl>
    ${s?.error ? html`<p class="error"><strong>${s.error.code}</strong>: ${s.error.message}${s.error.remedy ? html`<br>${s.error.remedy}` : null}</p>` : null}
    ${s?.plan ? html`<p>Planned ${s.plan.estimatedRequests} requests (${s.plan.probeRequests} probes) with ${s.plan.budgetLeft} left in the budget window${s.plan.waitedMs ? html`; waited ${duration(s.plan.waitedMs)} for it to end (${WINDOW_END[s.plan.windowEndSource ?? 'clock-hour']})` : null}.</p>` : null}
    ${live ? liveSection(live) : outcome(run)}`,
  );
}

function outcome(run: RunView): SafeHtml {
  const s = run.summary;
  const sources = (s?.sources ?? []).map(
    (
      src,
    ) => html`<tr><td>${src.name}${src.via ? html`<br><small>via ${src.via}</small>` : null}</td><td>${statusBadge(src.status)}</td><td class="num">${src.records}</td><td class="num">${src.pages}</td><td class="num">${src.requests}</td>
      <td>${duration(src.rateLimitWaitMs)}</td><td>${duration(src.durationMs)}</td>
      <td>${[src.denied, src.error].map((e) => (e ? html`<p><strong>${e.code}</strong>: ${e.message}${e.remedy ? html`<br><em>${e.remedy}</em>` : null}</p>` : null))}${src.gone ? html`<p class="muted">${goneNote(src.gone)}</p>` : null}</td></tr>`,
  );
  return html`<h2>Sources</h2>
    <table><thead><tr><th>source</th><th>status</th><th>records</th><th>pages</th><th>requests</th><th>rate-limit wait</th><th>took</th><th>error or missing permission</th></tr></thead><tbody>${sources}</tbody></table>
    ${s?.notEvaluable?.length ? html`<h2>Not evaluable</h2><ul>${s.notEvaluable.map((n) => html`<li>${n.type}: ${n.reason} (sources ${n.sources.join(', ')})</li>`)}</ul>` : null}
    <h2>Artifacts</h2>
    <ul>${run.artifactIds.map((a) => html`<li>${a.published ? artifactLink(a.id, `${a.type} ${a.id}`) : html`${a.type} ${a.id} (not published: the run failed)`}</li>`)}</ul>`;
}

/** The fragment /runs/:id/live serves: app.js swaps it in every few seconds, and reloads the page once the run has ended. */
export function liveStatus(live: LiveProgress): string {
  return liveSection(live).value;
}

function liveSection(live: LiveProgress): SafeHtml {
  const fraction = collectedFraction(live);
  const sources = live.sources.map(
    (s) => html`<tr><td>${s.source}</td><td class="num">${formatCount(s.pages)}</td><td class="num">${formatCount(s.rows)}</td></tr>`,
  );
  return html`<section class="live" data-live="${urlPath('runs', live.runId, 'live')}" data-status="${live.status}" aria-live="polite">
    <h2>Live status</h2>
    <p><strong data-live-stage>${stageLabel(live)}</strong> for ${duration(live.elapsedMs)} · requests ${formatCount(live.requests.fetched)}${estimateText(live)} · rows ${formatCount(live.rows)}
      ${live.stage === undefined ? html`<span class="muted">(Temporal could not be asked what the run is doing; these counts are the pages stored so far.)</span>` : null}</p>
    ${fraction === undefined ? null : html`<p><progress max="100" value="${Math.floor(fraction * 100)}">${Math.floor(fraction * 100)}%</progress> ${Math.floor(fraction * 100)}%</p>`}
    ${sources.length ? html`<table><thead><tr><th>source</th><th>pages</th><th>rows</th></tr></thead><tbody>${sources}</tbody></table>` : null}
  </section>`;
}
