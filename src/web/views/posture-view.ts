import { loadFrameworkCatalog } from '../../evidence/frameworks/index.js';
import type { GapReason, Verdict } from '../../read-model/action-judgement.js';
import { readVersions } from '../../read-model/artifact-envelope.js';
import { auditPeriod, periodBounds } from '../../read-model/audit-period.js';
import { findFramework } from '../../read-model/framework-lookup.js';
import { connectionWarnings, type ConnectionWarning } from '../../read-model/connection-warnings.js';
import { passRateTrend, type TrendPoint } from '../../read-model/pass-rate-trend.js';
import { distinctChecks, frameworkPosture, currentEvidence, type FrameworkPosture } from '../../read-model/posture.js';
import { summaryResults } from '../../read-model/record-results.js';
import type { Connection } from '../../store/index.js';
import type { WebContext } from '../context.js';

export interface ScopeView {
  /** The connection the page is scoped to; null for all connections. */
  connection: { id: string; name: string } | null;
  /** The connections to choose from: the live ones, and the one in scope even when deleted. */
  connections: { id: string; name: string }[];
  /** Deleted connections: left out of "all connections", each still viewable scoped to it. */
  deleted: { id: string; name: string; deletedAt: string }[];
}

/** A check some control depends on, failing or without usable evidence, with the controls that depend on it. */
export interface CheckItem {
  type: string;
  title: string;
  connection: { id: string; name: string };
  verdict: Verdict;
  /** Subjects failing, excepted, and the subjects evaluated, in the current Artifact. */
  failing: number;
  excepted: number;
  evaluated: number;
  artifactId: string | null;
  gap: { reason: GapReason; detail: string } | null;
  /** What keeps it from being satisfied, in a few words each. */
  findings: string[];
  controls: { framework: string; id: string; title: string }[];
}

export interface FrameworkSummary {
  id: string;
  name: string;
  version: string;
  verdict: Verdict;
  /** Controls per verdict. */
  counts: Record<Verdict, number>;
  controls: { id: string; title: string; verdict: Verdict }[];
}

export interface PostureView {
  scope: ScopeView;
  asOf: string;
  period: { from: string; to: string; days: number };
  frameworks: FrameworkSummary[];
  /** Checks with failing subjects, most failing first. */
  failing: CheckItem[];
  /** Checks without usable evidence (never collected, permission denied, failed, expired) or with unevaluated subjects. */
  notEvaluable: CheckItem[];
  /** Checks whose only failing subjects are covered by exceptions, most excepted first. */
  excepted: CheckItem[];
  warnings: ConnectionWarning[];
  trend: TrendPoint[];
}

export async function scopeView(ctx: WebContext, connection: Connection | undefined): Promise<ScopeView> {
  const all = await ctx.store.listConnections();
  return {
    connection: connection ? { id: connection.id, name: connection.name } : null,
    connections: all.filter((c) => !c.deletedAt || c.id === connection?.id).map((c) => ({ id: c.id, name: c.name })),
    deleted: all.flatMap((c) => (c.deletedAt ? [{ id: c.id, name: c.name, deletedAt: c.deletedAt }] : [])),
  };
}

/**
 * The posture of every framework for one connection or all: controls satisfied, not satisfied and not evaluable, the
 * failing checks first with their device counts, the checks without usable evidence and why, connections whose last
 * collection failed or was partial, and the pass rate day by day over the audit period. Freshness is a badge elsewhere;
 * here a control is green only when its evidence is complete, current and passing.
 */
export async function postureView(
  ctx: WebContext,
  connection: Connection | undefined,
  window: { from?: string; to?: string },
  frameworkId?: string,
): Promise<PostureView> {
  const now = ctx.now();
  const period = auditPeriod(window.from, window.to, now);
  const frameworks = frameworkId ? [findFramework(frameworkId)] : loadFrameworkCatalog().frameworks;
  const evidence = await currentEvidence(ctx.store, connection, now);
  const postures = frameworks.map((f) => frameworkPosture(f, evidence));
  const items = checkItems(postures);
  const inPeriod = await readVersions(ctx.store, { connectionId: connection?.id, ...periodBounds(period) });
  return {
    scope: await scopeView(ctx, connection),
    asOf: now.toISOString(),
    period: { from: period.from, to: period.to, days: period.days },
    frameworks: postures.map((p) => ({
      id: p.framework.id,
      name: p.framework.name,
      version: p.framework.version,
      verdict: p.verdict,
      counts: p.counts,
      controls: p.controls.map((c) => ({ id: c.control.id, title: c.control.title, verdict: c.verdict })),
    })),
    failing: items.filter((i) => i.verdict === 'not_satisfied').sort((a, b) => b.failing - a.failing || a.type.localeCompare(b.type)),
    notEvaluable: items.filter((i) => i.verdict === 'not_evaluable'),
    excepted: items.filter((i) => i.verdict === 'excepted').sort((a, b) => b.excepted - a.excepted || a.type.localeCompare(b.type)),
    warnings: connectionWarnings(evidence.scope.connections, evidence.scope.lastRuns),
    trend: passRateTrend(period, inPeriod, now),
  };
}

function checkItems(postures: FrameworkPosture[]): CheckItem[] {
  const byKey = new Map<string, CheckItem>();
  for (const posture of postures) {
    for (const { check, controls } of distinctChecks(posture.controls)) {
      if (check.verdict === 'satisfied') continue;
      const key = `${check.connection.id}\u0000${check.type}`;
      const results = check.version ? summaryResults(check.version.envelope.summary) : undefined;
      const item = byKey.get(key) ?? {
        type: check.type,
        title: check.version?.envelope.title ?? check.type,
        connection: check.connection,
        verdict: check.verdict,
        failing: check.failing,
        excepted: check.excepted,
        evaluated: results ? results.pass + results.fail + results.excepted : 0,
        artifactId: check.version?.id ?? null,
        gap: check.gap,
        findings: check.findings,
        controls: [],
      };
      item.controls.push(...controls.map((c) => ({ framework: posture.framework.id, id: c.id, title: c.title })));
      byKey.set(key, item);
    }
  }
  return [...byKey.values()];
}
