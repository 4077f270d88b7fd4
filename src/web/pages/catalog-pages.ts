import { gapRangeText, timelineLegend, timelineSvg } from '../../html/charts.js';
import { html, query, urlPath, type SafeHtml } from '../../html/html.js';
import { VERDICTS } from '../../read-model/action-judgement.js';
import type { GapRange } from '../../read-model/gap-ranges.js';
import type { FrameworkListItem, FrameworkView } from '../views/catalog-views.js';
import type { CheckView, ControlView } from '../views/control-view.js';
import type { ScopeView } from '../views/posture-view.js';
import {
  artifactLink,
  controlHref,
  coverageBar,
  evidenceBar,
  freshnessBadge,
  resultsBar,
  resultsOrCoverage,
  scopeQuery,
  scopeSelector,
  time,
  verdictBadge,
  verdictBar,
} from './components.js';
import { layout, type PageFrame } from './layout.js';

type Frame = Pick<PageFrame, 'principal'>;

export function frameworksPage(frame: Frame, view: { scope: ScopeView; frameworks: FrameworkListItem[] }): string {
  const rows = view.frameworks.map(
    (f) =>
      html`<tr><td><a href="${`${urlPath('frameworks', f.id)}${scopeQuery(view.scope)}`}">${f.name}</a></td><td>${f.version}</td><td>${verdictBadge(f.verdict)}</td>
        <td>${verdictBar(f.counts)}</td><td class="num">${f.controls}</td><td>${evidenceBar(f.evidence)}</td></tr>`,
  );
  return layout(
    { ...frame, title: 'Frameworks' },
    html`${scopeSelector(view.scope, '/frameworks')}
    <p>Pick a framework, then a control, to see the evidence behind each of its actions and why it is or is not satisfied.</p>
    <table><thead><tr><th>framework</th><th>version</th><th>verdict</th><th>controls by verdict</th><th class="num">controls</th><th>evidence freshness per artifact type</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export function frameworkPage(frame: Frame, view: FrameworkView): string {
  // Failing controls first, then those without usable evidence; catalog order within each (the sort is stable).
  const rows = [...view.controls]
    .sort((a, b) => VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict))
    .map(
      (
        c,
      ) => html`<tr><td><a href="${`${controlHref(view.framework.id, c.id)}${scopeQuery(view.scope)}`}">${c.id}</a></td><td>${c.title}</td><td>${verdictBadge(c.verdict)}</td>
      <td>${resultsOrCoverage(c.results, c.coverage)}</td><td class="num">${c.actions}</td><td>${evidenceBar(c.evidence)}</td></tr>`,
    );
  return layout(
    { ...frame, title: view.framework.name, trail: [['Frameworks', `/frameworks${scopeQuery(view.scope)}`]] },
    html`${scopeSelector(view.scope, urlPath('frameworks', view.framework.id))}
    <p>${view.framework.version}. ${verdictBar(view.counts)} <a href="${`/exports${query({ framework: view.framework.id, connection: view.scope.connection?.name })}`}">Export evidence for this framework</a></p>
    <table><thead><tr><th>control</th><th>title</th><th>verdict</th><th>devices</th><th class="num">actions</th><th>evidence freshness</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export function controlPage(frame: Frame, view: ControlView): string {
  const { framework, control, period } = view;
  const exportQuery = query({ framework: framework.id, from: period.from, to: period.to });
  const checkRow = (type: string, coverage: string, note: string | null, c: CheckView) =>
    html`<tr class="${c.gap ? 'gap' : ''}" data-type="${type}" data-connection="${c.connection.name}"><td>${type}<br><small class="muted">${coverage} coverage${note ? html`: ${note}` : null}</small></td><td>${c.connection.name}</td><td>${verdictBadge(c.verdict)}</td>
      ${
        c.artifact
          ? html`<td>${artifactLink(c.artifact.id, c.artifact.title)}<br><small>${freshnessBadge(c.artifact.freshness, c.artifact.expiresAt)} collected ${time(c.artifact.collectedAt)}</small></td>
            <td>${c.artifact.results ? resultsBar(c.artifact.results) : coverageBar(c.artifact.coverage)}</td>`
          : html`<td colspan="2"><strong>No evidence</strong></td>`
      }<td class="why">${c.gap ? html`<strong>${c.gap.reason.replace(/_/g, ' ')}</strong>: ` : null}${c.findings.length ? html`<ul>${c.findings.map((f) => html`<li>${f}</li>`)}</ul>` : null}</td></tr>`;
  const actions = view.actions.map(
    (a) => html`<section class="action"><h2>${a.id} ${verdictBadge(a.verdict)}</h2><p>${a.description}</p>
      <table class="checks"><thead><tr><th>artifact type</th><th>connection</th><th>verdict</th><th>Artifact</th><th>results or coverage</th><th>why</th></tr></thead><tbody>
      ${a.evidence.map((e) => e.checks.map((c) => checkRow(e.type, e.coverage, e.note, c)))}</tbody></table></section>`,
  );
  return layout(
    {
      ...frame,
      title: `${control.id} ${control.title}`,
      trail: [
        ['Frameworks', `/frameworks${scopeQuery(view.scope)}`],
        [framework.name, `${urlPath('frameworks', framework.id)}${scopeQuery(view.scope)}`],
      ],
    },
    html`${scopeSelector(view.scope, controlHref(framework.id, control.id), { from: period.from, to: period.to })}
    <p>${verdictBadge(control.verdict)} on the current evidence of ${view.scope.connection ? view.scope.connection.name : 'every connection'}. Evidence freshness: ${evidenceBar(control.evidence)}</p>
    ${actions}
    <h2>Freshness from ${period.from} to ${period.to}</h2>
    <form class="window" method="get" action="${controlHref(framework.id, control.id)}">${view.scope.connection ? html`<input type="hidden" name="connection" value="${view.scope.connection.name}">` : null}
      <label>From <input type="date" name="from" value="${period.from}"></label> <label>to <input type="date" name="to" value="${period.to}"></label>
      <button type="submit">Show</button>
      <a class="button" href="${`/api/v1/exports/package.zip${exportQuery}`}" download>Download evidence package (ZIP)</a>
      <a class="button" href="${`/api/v1/exports/oscal.json${exportQuery}`}" download>OSCAL assessment results</a>
    </form>
    ${timelineSvg(view.timeline)}${timelineLegend(view.timelineBuckets.unit)}
    <p>${view.timeline.map((r) => html`<span class="tally">${r.label === 'all' ? 'all types' : r.label}: ${r.freshDays} fresh, ${r.partialDays} partly, ${r.gapDays} without fresh evidence</span> `)}</p>
    ${gapList(view.gapRanges, `/api/v1${controlHref(framework.id, control.id)}${query({ from: period.from, to: period.to, connection: view.scope.connection?.name })}`)}`,
  );
}

const GAP_LINES = 200;

/** Each range of days one row spent in one state for one cause, so a year of one long gap per type is a few lines. */
function gapList(ranges: GapRange[], apiHref: string): SafeHtml | null {
  if (ranges.length === 0) return null;
  const days = ranges.reduce((sum, r) => sum + r.days, 0);
  const more = ranges.length - GAP_LINES;
  return html`<details class="gaps"><summary>Gaps and their causes (${ranges.length} ${ranges.length === 1 ? 'range' : 'ranges'}, ${days} ${days === 1 ? 'day' : 'days'})</summary><ul>${ranges
    .slice(0, GAP_LINES)
    .map((r) => html`<li>${gapRangeText(r)}</li>`)}</ul>${
    more > 0
      ? html`<p class="muted">The first ${GAP_LINES} ranges are shown; ${more} more are in the <code>gapRanges</code> of <a href="${apiHref}">this page's JSON</a>.</p>`
      : null
  }</details>`;
}
