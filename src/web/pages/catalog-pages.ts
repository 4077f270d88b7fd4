import { CAUSE_TEXT, dayTitle, timelineLegend, timelineSvg } from '../../html/charts.js';
import { html, query, urlPath } from '../../html/html.js';
import type { FrameworkListItem, ControlListItem } from '../views/catalog-views.js';
import type { ControlView } from '../views/control-view.js';
import { artifactLink, controlHref, coverageBar, evidenceBar, freshnessBadge, resultsBar, resultsOrCoverage, time } from './components.js';
import { layout, type PageFrame } from './layout.js';

type Frame = Pick<PageFrame, 'principal'>;

export function frameworksPage(frame: Frame, view: { frameworks: FrameworkListItem[] }): string {
  const rows = view.frameworks.map(
    (f) =>
      html`<tr><td><a href="${urlPath('frameworks', f.id)}">${f.name}</a></td><td>${f.version}</td><td class="num">${f.controls}</td><td>${evidenceBar(f.evidence)}</td></tr>`,
  );
  return layout(
    { ...frame, title: 'Frameworks' },
    html`<p>Pick a framework, then a control, to see the evidence behind each of its actions.</p>
    <table><thead><tr><th>framework</th><th>version</th><th>controls</th><th>evidence per artifact type</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export function frameworkPage(frame: Frame, view: { framework: { id: string; name: string; version: string }; controls: ControlListItem[] }): string {
  const rows = view.controls.map(
    (c) => html`<tr><td><a href="${controlHref(view.framework.id, c.id)}">${c.id}</a></td><td>${c.title}</td><td class="num">${c.actions}</td>
      <td>${evidenceBar(c.evidence)}</td><td>${resultsOrCoverage(c.results, c.coverage)}</td></tr>`,
  );
  return layout(
    { ...frame, title: view.framework.name, trail: [['Frameworks', '/frameworks']] },
    html`<p>${view.framework.version}. <a href="${`/exports${query({ framework: view.framework.id })}`}">Export evidence for this framework</a></p>
    <table><thead><tr><th>control</th><th>title</th><th>actions</th><th>evidence per artifact type</th><th>results or coverage</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export function controlPage(frame: Frame, view: ControlView): string {
  const { framework, control, period } = view;
  const exportQuery = query({ framework: framework.id, from: period.from, to: period.to });
  const actions = view.actions.map(
    (a) => html`<section class="action"><h2>${a.id}</h2><p>${a.description}</p>
      <p>Now: <span class="${a.satisfied ? 'ok' : 'not-ok'}">${a.satisfied ? 'evidence complete and fresh' : 'evidence incomplete'}</span></p>
      ${a.reasons.length ? html`<ul class="reasons">${a.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : null}
      <table><thead><tr><th>artifact type</th><th>coverage</th><th>Artifact</th><th>freshness</th><th>collected</th><th>records</th><th>results or coverage</th></tr></thead><tbody>
      ${a.evidence.map((e) =>
        e.artifacts.length === 0
          ? html`<tr><td>${e.type}</td><td>${e.coverage}${e.note ? html`<br><small>${e.note}</small>` : null}</td><td colspan="5">${freshnessBadge('missing')} no ${e.type} evidence collected yet</td></tr>`
          : e.artifacts.map(
              (art) => html`<tr><td>${e.type}</td><td>${e.coverage}${e.note ? html`<br><small>${e.note}</small>` : null}</td>
                <td>${artifactLink(art.id, `${art.title} (${art.connection.name})`)}</td><td>${freshnessBadge(art.freshness, art.expiresAt)}</td>
                <td>${time(art.collectedAt)}</td><td class="num">${art.records}</td><td>${art.results ? resultsBar(art.results) : coverageBar(art.coverage)}</td></tr>`,
            ),
      )}</tbody></table></section>`,
  );
  const gaps = view.timeline.flatMap((row) => row.days.filter((d) => d.state === 'gap' || d.state === 'partial').map((d) => ({ row, d })));
  return layout(
    {
      ...frame,
      title: `${control.id} ${control.title}`,
      trail: [
        ['Frameworks', '/frameworks'],
        [framework.name, urlPath('frameworks', framework.id)],
      ],
    },
    html`<p>${evidenceBar(control.evidence)}</p>
    <h2>Freshness from ${period.from} to ${period.to}</h2>
    <form class="window" method="get" action="${controlHref(framework.id, control.id)}">
      <label>From <input type="date" name="from" value="${period.from}"></label> <label>to <input type="date" name="to" value="${period.to}"></label>
      <button type="submit">Show</button>
      <a class="button" href="${`/api/v1/exports/package.zip${exportQuery}`}" download>Download evidence package (ZIP)</a>
      <a class="button" href="${`/api/v1/exports/oscal.json${exportQuery}`}" download>OSCAL assessment results</a>
    </form>
    ${timelineSvg(view.timeline)}${timelineLegend()}
    <p>${view.timeline.map((r) => html`<span class="tally">${r.label === 'all' ? 'all types' : r.label}: ${r.freshDays} fresh, ${r.partialDays} partly, ${r.gapDays} without fresh evidence</span> `)}</p>
    ${gaps.length ? html`<details><summary>Gaps and their causes (${gaps.length})</summary><ul>${gaps.slice(0, 200).map(({ row, d }) => html`<li><strong>${CAUSE_TEXT[d.cause ?? 'no_run']}</strong>: ${dayTitle(row.label, d)}</li>`)}</ul></details>` : null}
    ${actions}`,
  );
}
