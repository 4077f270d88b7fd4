import type { AppliedException, EvidencePeriod } from '../../evidence/types/artifact.generated.js';
import { html, query, urlPath, type SafeHtml } from '../../html/html.js';
import type { Principal } from '../auth/principal.js';
import type { RecordsPage } from '../records/records-query.js';
import type { ArtifactView } from '../views/artifact-view.js';
import type { ChangesView } from '../views/changes-view.js';
import type { VerifyResult } from '../views/verify-view.js';
import { controlHref, coverageBar, csrfField, freshnessBadge, resultsBar, statusBadge, time } from './components.js';
import { layout } from './layout.js';
import { recordsTable } from './records-table.js';

export function artifactPage(frame: { principal: Principal | null }, view: ArtifactView, records: RecordsPage, verification?: VerifyResult): string {
  const a = view.artifact;
  const apiBase = urlPath('api', 'v1', 'artifacts', a.id);
  const counts = Object.entries(a.summary.counts).map(([name, n]) => html`<tr><th>${name}</th><td class="num">${n}</td></tr>`);
  const versions = view.versions.map(
    (
      v,
    ) => html`<tr><td>${v.id === a.id ? html`<strong>${v.id}</strong>` : html`<a href="${urlPath('artifacts', v.id)}">${v.id}</a>`}${v.current ? ' (current)' : ''}</td>
      <td>${time(v.collectedAt)}</td><td>${time(v.expiresAt)}</td><td class="num">${v.records}</td>
      <td>${v.changedCounts === null ? html`<span class="muted">oldest shown</span>` : v.changedCounts.length === 0 ? 'no count changed' : v.changedCounts.map((c) => html`${c.name} ${c.before} → ${c.after} (${c.delta > 0 ? '+' : ''}${c.delta})<br>`)}</td>
      <td>${v.previousId ? html`<a href="${`${urlPath('artifacts', v.id, 'changes')}${query({ from: v.previousId })}`}">records added, removed, changed</a>` : null}</td></tr>`,
  );
  return layout(
    { ...frame, title: a.title, trail: [['Frameworks', '/frameworks']] },
    html`<p>${a.description}</p>
    <dl class="facts">
      <dt>Artifact</dt><dd><code>${a.id}</code> (${a.type})${a.current ? ', current version' : ', earlier version'}</dd>
      <dt>Connection</dt><dd>${a.connection.name}</dd>
      <dt>Freshness</dt><dd>${freshnessBadge(a.freshness, a.expiresAt)}</dd>
      <dt>Evidence covers</dt><dd>${coversLine(a.covers)}</dd>
      <dt>Collected</dt><dd>${time(a.collectedAt)}</dd>
      <dt>Observed by devices</dt><dd>${a.observedAt ? html`${time(a.observedAt.oldest)} to ${time(a.observedAt.newest)}` : html`<span class="muted">the API does not say</span>`}</dd>
      <dt>Expires</dt><dd>${time(a.expiresAt)}</dd>
      <dt>Run</dt><dd>${view.run ? html`<a href="${urlPath('runs', view.run.id)}">${view.run.id}</a> ${statusBadge(view.run.status)} ${time(view.run.startedAt)}` : html`<code>${a.runId}</code>`}</dd>
    </dl>
    <h2>Summary and coverage</h2>
    <p>${a.coverage.text}</p><p>${coverageBar(a.coverage)}</p>${a.results ? html`<p>${resultsBar(a.results)}</p>` : null}
    ${a.coverage.gaps.length ? html`<ul>${a.coverage.gaps.map((g) => html`<li>${g.count ?? 'An unknown number of records'} not evaluable: ${g.reason}${g.detail ? html` (${g.detail})` : null}</li>`)}</ul>` : null}
    <table class="counts"><tbody>${counts}</tbody></table>
    ${a.summary.thresholds?.length ? html`<p>Thresholds applied: ${a.summary.thresholds.map((t) => html`${t.name} ${String(t.value)}${t.unit ? ` ${t.unit}` : ''}; `)}</p>` : null}
    ${a.summary.exceptions?.length ? exceptionsTable(a.summary.exceptions) : null}
    <h2>Integrity</h2>
    <dl class="facts"><dt>sha256</dt><dd><code>${a.sha256}</code></dd><dt>contentSha256</dt><dd><code>${a.contentSha256}</code></dd></dl>
    <form method="post" action="${urlPath('artifacts', a.id, 'verify')}" data-verify="${`${apiBase}/verify`}">${csrfField(frame.principal)}<button type="submit">Re-verify hashes</button> <output data-verify-result class="${verification ? (verification.intact ? 'ok' : 'not-ok') : ''}">${verification?.message ?? ''}</output></form>
    <p>Download: <a href="${`${apiBase}/document`}" download>JSON document</a> (every record, as hashed). The records as searched and filtered below download from the links above the table.</p>
    <h2>Records</h2>
    ${recordsTable(a.id, a.connection.id, records)}
    <h2>Source</h2>
    <dl class="facts"><dt>Tenant</dt><dd>${a.source.tenant}</dd><dt>Endpoints read</dt><dd>${a.source.endpoints.map((e) => html`<code>${e}</code><br>`)}</dd>
      <dt>Connector</dt><dd>${a.source.connectorVersion}</dd><dt>Token fingerprint</dt><dd><code>${a.source.tokenFingerprint}</code></dd></dl>
    <h2>Control actions supported</h2>
    <ul>${a.controls.map((c) => html`<li><a href="${controlHref(c.framework, c.control)}">${c.framework} ${c.control}</a>: ${c.action} (${c.coverage})</li>`)}</ul>
    <h2>Versions</h2>
    <table><thead><tr><th>version</th><th>collected</th><th>expires</th><th>records</th><th>counts changed</th><th></th></tr></thead><tbody>${versions}</tbody></table>
    ${view.moreVersions ? html`<p class="muted">Older versions are not shown.</p>` : null}`,
  );
}

/** The period the evidence covers, in one line. */
function coversLine(covers: EvidencePeriod | null): SafeHtml {
  if (!covers) return html`<span class="muted">not stated (sealed before Artifacts stated their period)</span>`;
  if (covers.kind === 'snapshot') return html`a snapshot, as read at ${time(covers.to)}`;
  const rolling = covers.windowDays === undefined ? '' : ` (rolling ${covers.windowDays} days)`;
  const { gap } = covers;
  if (gap?.reason === 'permission_denied') return html`no events of the window ${time(gap.from)} to ${time(gap.to)}${rolling}: ${gap.detail}`;
  return html`${time(covers.from)} to ${time(covers.to)}${gap ? html`, not the whole window from ${time(gap.from)}${rolling}: ${gap.detail}` : rolling}`;
}

export function changesPage(frame: { principal: Principal | null }, view: ChangesView): string {
  const list = (label: string, n: number, keys: string[]) =>
    html`<h2>${label}: ${n}</h2>${n ? html`<ul class="keys">${keys.map((k) => html`<li><code>${k}</code></li>`)}</ul>${n > keys.length ? html`<p class="muted">${n - keys.length} more not shown.</p>` : null}` : null}`;
  return layout(
    {
      ...frame,
      title: `${view.title}: what changed`,
      trail: [
        ['Frameworks', '/frameworks'],
        [view.title, urlPath('artifacts', view.to.id)],
      ],
    },
    html`<p>From <a href="${urlPath('artifacts', view.from.id)}">${view.from.id}</a> (${time(view.from.collectedAt)}, ${view.from.records} records)
      to <a href="${urlPath('artifacts', view.to.id)}">${view.to.id}</a> (${time(view.to.collectedAt)}, ${view.to.records} records). Records are matched by their identifier fields.</p>
    <table><thead><tr><th>count</th><th>before</th><th>after</th><th>change</th></tr></thead><tbody>
    ${view.counts.map((c) => html`<tr><td>${c.name}</td><td class="num">${c.before}</td><td class="num">${c.after}</td><td class="num">${c.delta > 0 ? '+' : ''}${c.delta}</td></tr>`)}</tbody></table>
    ${list('Records added', view.records.added, view.records.addedKeys)}
    ${list('Records removed', view.records.removed, view.records.removedKeys)}
    ${list('Records changed', view.records.changed, view.records.changedKeys)}
    <p>${view.records.unchanged} records unchanged.</p>`,
  );
}

/** The exceptions this Artifact's build applied, and those that had ended shortly before: who approved what, until when. */
function exceptionsTable(exceptions: AppliedException[]): SafeHtml {
  const rows = exceptions.map(
    (e) => html`<tr><td><code>${e.id}</code></td><td>${statusBadge(e.status)}</td><td><code>${e.deviceId}</code></td><td>${e.check ?? 'every check'}</td>
      <td>${e.justification}</td><td>${e.approver}</td><td>${e.expiresOn}</td><td class="num">${e.records ?? ''}</td></tr>`,
  );
  return html`<h3>Exceptions at this build</h3>
    <table class="exceptions"><thead><tr><th>exception</th><th>status</th><th>device</th><th>check</th><th>justification</th><th>approved by</th><th>last day</th><th class="num">records excepted</th></tr></thead><tbody>${rows}</tbody></table>`;
}
