import { trendSvg } from '../../html/charts.js';
import { html, query, urlPath } from '../../html/html.js';
import type { CheckItem, PostureView } from '../views/posture-view.js';
import { controlHref, scopeQuery, scopeSelector, statusBadge, time, verdictBadge, verdictBar } from './components.js';
import { layout, type PageFrame } from './layout.js';

type Frame = Pick<PageFrame, 'principal'>;

const GAP_TEXT = {
  not_collected: 'not collected yet',
  permission_denied: 'permission denied',
  collection_failed: 'collection failed',
  stale: 'evidence expired',
} as const;

/**
 * The landing page: is the fleet compliant, per framework, for one connection or all. The headline is the verdict of
 * the controls; failing checks come first with their device counts; freshness appears only as the reason a check is
 * not evaluable.
 */
export function posturePage(frame: Frame, view: PostureView): string {
  const { scope, period } = view;
  const scoped = (extra: Record<string, string | undefined> = {}) => scopeQuery(scope, extra);
  const frameworks = view.frameworks.map(
    (
      f,
    ) => html`<tr data-framework="${f.id}"><td><a href="${`${urlPath('frameworks', f.id)}${scoped()}`}">${f.name}</a> <small class="muted">${f.version}</small></td>
      <td>${verdictBadge(f.verdict)}</td><td class="num">${f.counts.satisfied}</td><td class="num">${f.counts.not_satisfied}</td><td class="num">${f.counts.not_evaluable}</td><td class="num">${f.counts.excepted}</td>
      <td>${verdictBar(f.counts)}</td></tr>`,
  );
  const controlsOf = (item: CheckItem) =>
    item.controls.slice(0, 6).map((c) => html`<a href="${`${controlHref(c.framework, c.id)}${scoped()}`}">${c.framework} ${c.id}</a> `);
  const more = (item: CheckItem) => (item.controls.length > 6 ? html`<span class="muted">and ${item.controls.length - 6} more</span>` : null);
  const failing = view.failing.map(
    (
      item,
    ) => html`<tr data-type="${item.type}" data-connection="${item.connection.name}"><td>${item.artifactId ? html`<a href="${`${urlPath('artifacts', item.artifactId)}${query({ result: 'fail' })}`}">${item.title}</a>` : item.title}</td>
      <td>${item.connection.name}</td><td class="num"><strong>${item.failing.toLocaleString('en-US')}</strong> of ${item.evaluated.toLocaleString('en-US')}</td>
      <td class="controls">${controlsOf(item)}${more(item)}</td></tr>`,
  );
  const notEvaluable = view.notEvaluable.map(
    (
      item,
    ) => html`<tr data-type="${item.type}" data-connection="${item.connection.name}"><td>${item.artifactId ? html`<a href="${urlPath('artifacts', item.artifactId)}">${item.title}</a>` : item.title}</td>
      <td>${item.connection.name}</td><td class="why">${item.gap ? html`<strong>${GAP_TEXT[item.gap.reason]}</strong>: ` : null}${item.findings.join('; ')}</td>
      <td class="controls">${controlsOf(item)}${more(item)}</td></tr>`,
  );
  const excepted = view.excepted.map(
    (
      item,
    ) => html`<tr data-type="${item.type}" data-connection="${item.connection.name}"><td>${item.artifactId ? html`<a href="${`${urlPath('artifacts', item.artifactId)}${query({ result: 'excepted' })}`}">${item.title}</a>` : item.title}</td>
      <td>${item.connection.name}</td><td class="num"><strong>${item.excepted.toLocaleString('en-US')}</strong> of ${item.evaluated.toLocaleString('en-US')}</td>
      <td class="controls">${controlsOf(item)}${more(item)}</td></tr>`,
  );
  const warnings = view.warnings.map(
    (w) =>
      html`<li>${statusBadge(w.status)} <a href="${urlPath('connections', w.connection.name)}">${w.connection.name}</a>${w.at ? html` (run of ${time(w.at)})` : null}: ${w.detail}</li>`,
  );
  return layout(
    { ...frame, title: scope.connection ? `Posture: ${scope.connection.name}` : 'Posture: all connections' },
    html`${scopeSelector(scope, '/', { from: period.from, to: period.to })}
    <p class="muted">Judged on the current evidence at ${time(view.asOf)}. A control is satisfied only when the evidence of every connection in scope is
    present, unexpired and passing.</p>
    ${
      !scope.connection && scope.deleted.length
        ? html`<p class="muted deleted-connections">Not judged here: deleted connection(s) ${scope.deleted.map(
            (c, i) => html`${i ? ', ' : ''}<a href="${`/${query({ connection: c.name })}`}">${c.name}</a> (deleted ${time(c.deletedAt)})`,
          )}. They collect no more; their runs and Artifacts are kept, and each link shows its last evidence.</p>`
        : null
    }
    ${warnings.length ? html`<div class="warnings"><h2>Needs attention</h2><ul>${warnings}</ul></div>` : null}
    <h2>Frameworks</h2>
    <table class="posture"><thead><tr><th>framework</th><th>verdict</th><th class="num">controls satisfied</th><th class="num">not satisfied</th><th class="num">not evaluable</th><th class="num">excepted</th><th>controls</th></tr></thead>
    <tbody>${frameworks}</tbody></table>
    <h2 id="failing">Failing checks (${view.failing.length})</h2>
    ${
      failing.length
        ? html`<table class="checks failing"><thead><tr><th>check</th><th>connection</th><th class="num">devices failing</th><th>controls it fails</th></tr></thead><tbody>${failing}</tbody></table>`
        : html`<p class="muted">No check has failing devices.</p>`
    }
    <h2>Not evaluable (${view.notEvaluable.length})</h2>
    ${
      notEvaluable.length
        ? html`<table class="checks not-evaluable"><thead><tr><th>check</th><th>connection</th><th>why</th><th>controls it leaves open</th></tr></thead><tbody>${notEvaluable}</tbody></table>`
        : html`<p class="muted">Every check has current evidence.</p>`
    }
    <h2>Excepted checks (${view.excepted.length})</h2>
    ${
      excepted.length
        ? html`<table class="checks failing excepted"><thead><tr><th>check</th><th>connection</th><th class="num">devices excepted</th><th>controls</th></tr></thead><tbody>${excepted}</tbody></table>
          <p class="muted">Nothing else failed on these checks; the failing devices are covered by <a href="/exceptions">exceptions</a> in force when the evidence was built.</p>`
        : html`<p class="muted">No check relies on an exception.</p>`
    }
    <h2>Pass rate, ${period.from} to ${period.to}</h2>
    <form class="window" method="get" action="/">${scope.connection ? html`<input type="hidden" name="connection" value="${scope.connection.name}">` : null}
      <label>From <input type="date" name="from" value="${period.from}"></label> <label>to <input type="date" name="to" value="${period.to}"></label>
      <button type="submit">Show</button></form>
    ${trendSvg(view.trend)}
    <p class="muted">Devices passing over devices passing, failing or excepted, across every evaluating check in scope, at the end of each day.</p>`,
  );
}
