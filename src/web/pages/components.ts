import type { ArtifactSummary } from '../../evidence/types/artifact.generated.js';
import { stackedBar } from '../../html/charts.js';
import { html, query, urlPath, type SafeHtml } from '../../html/html.js';
import type { Verdict } from '../../read-model/action-judgement.js';
import type { Freshness } from '../../read-model/freshness.js';
import type { ResultCounts } from '../../read-model/record-results.js';
import type { Principal } from '../auth/principal.js';
import type { StateTally } from '../views/evidence-state.js';
import type { ScopeView } from '../views/posture-view.js';

export function freshnessBadge(freshness: Freshness | 'missing', expiresAt?: string): SafeHtml {
  const label = { fresh: 'fresh', due: 'due', stale: 'stale', missing: 'no evidence' }[freshness];
  const tip = expiresAt ? (freshness === 'stale' ? `expired ${expiresAt}` : `expires ${expiresAt}`) : '';
  return html`<span class="badge badge-${freshness}" title="${tip}">${label}</span>`;
}

export function statusBadge(status: string): SafeHtml {
  return html`<span class="badge badge-${status}">${status.replace(/_/g, ' ')}</span>`;
}

export function time(iso: string | null | undefined): SafeHtml {
  return iso ? html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>` : html`<span class="muted">—</span>`;
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 100) / 10;
  return s < 120 ? `${s} s` : `${Math.round(s / 6) / 10} min`;
}

export function csrfField(principal: Principal | null): SafeHtml | null {
  return principal?.kind === 'session' ? html`<input type="hidden" name="_csrf" value="${principal.csrfToken}">` : null;
}

export function artifactLink(id: string, label: string): SafeHtml {
  return html`<a href="${urlPath('artifacts', id)}">${label}</a>`;
}

/** The page of one device of a connection: its checks across the connection's current Artifacts. */
export function devicePath(connectionId: string, deviceId: string): string {
  return urlPath('connections', connectionId, 'devices', deviceId);
}

export function controlHref(frameworkId: string, controlId: string): string {
  return urlPath('frameworks', frameworkId, 'controls', controlId);
}

export function evidenceBar(t: StateTally): SafeHtml {
  return stackedBar('Artifact types', [
    { label: 'fresh', value: t.fresh, tone: 'fresh' },
    { label: 'due', value: t.due, tone: 'due' },
    { label: 'stale', value: t.stale, tone: 'stale' },
    { label: 'no evidence', value: t.missing, tone: 'missing' },
  ]);
}

export function resultsBar(results: ResultCounts): SafeHtml {
  return stackedBar('Results', [
    { label: 'pass', value: results.pass, tone: 'pass' },
    { label: 'fail', value: results.fail, tone: 'fail' },
    { label: 'excepted', value: results.excepted, tone: 'excepted' },
    { label: 'not evaluable', value: results.not_evaluable, tone: 'not_evaluable' },
    { label: 'not applicable', value: results.not_applicable, tone: 'not_applicable' },
  ]);
}

export function coverageBar(coverage: Pick<ArtifactSummary['coverage'], 'evaluated' | 'total'>): SafeHtml {
  return stackedBar('Coverage', [
    { label: 'evaluated', value: coverage.evaluated, tone: 'pass' },
    { label: 'not evaluated', value: Math.max(0, coverage.total - coverage.evaluated), tone: 'not_evaluable' },
  ]);
}

/** The results bar where the Artifacts evaluate something, else how many subjects were covered. */
export function resultsOrCoverage(results: ResultCounts | null, coverage: { evaluated: number; total: number }): SafeHtml {
  if (results) return resultsBar(results);
  if (coverage.total > 0) return coverageBar(coverage);
  return html`<span class="muted">no subjects yet</span>`;
}

const VERDICT_TEXT: Record<Verdict, string> = { satisfied: 'satisfied', not_satisfied: 'not satisfied', not_evaluable: 'not evaluable', excepted: 'excepted' };

/** A control's, action's or check's verdict: the headline of a posture, in its status colour. */
export function verdictBadge(verdict: Verdict): SafeHtml {
  return html`<span class="badge verdict verdict-${verdict}">${VERDICT_TEXT[verdict]}</span>`;
}

export function verdictBar(counts: Record<Verdict, number>): SafeHtml {
  return stackedBar('Controls', [
    { label: 'satisfied', value: counts.satisfied, tone: 'pass' },
    { label: 'not satisfied', value: counts.not_satisfied, tone: 'fail' },
    { label: 'not evaluable', value: counts.not_evaluable, tone: 'not_evaluable' },
    { label: 'excepted', value: counts.excepted, tone: 'excepted' },
  ]);
}

/** The connection a page is scoped to, as a GET form that keeps the page's other query values. */
export function scopeSelector(scope: ScopeView, action: string, keep: Record<string, string | undefined> = {}): SafeHtml {
  const hidden = Object.entries(keep).map(([name, value]) => (value ? html`<input type="hidden" name="${name}" value="${value}">` : null));
  const options = scope.connections.map((c) => html`<option value="${c.name}"${scope.connection?.id === c.id ? html` selected` : null}>${c.name}</option>`);
  return html`<form class="scope" method="get" action="${action}">${hidden}<label>Connection
    <select name="connection" data-autosubmit><option value="">All connections</option>${options}</select></label>
    <button type="submit">Show</button></form>`;
}

/** `?connection=<name>` when a page is scoped to one connection, for links that keep the scope. */
export function scopeQuery(scope: ScopeView, extra: Record<string, string | undefined> = {}): string {
  return query({ connection: scope.connection?.name, ...extra });
}
