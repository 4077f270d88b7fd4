import type { Framework } from '../evidence/frameworks/index.js';
import type { Connection, EvidenceStore, RunRecord } from '../store/index.js';
import { lastFinishedRuns, type JudgementScope } from './action-judgement.js';
import { latestPerConnectionAndType, readVersions, type EvidenceVersion } from './artifact-envelope.js';
import { periodBounds, type AuditPeriod } from './audit-period.js';
import { typesOfControls } from './framework-lookup.js';
import { freshnessTimeline, type TimelineRow } from './timeline.js';

/** What an export for a framework and a period covers. */
export interface ExportScope {
  framework: Framework;
  period: AuditPeriod;
  /** One connection, or every connection when absent. */
  connection?: Connection;
}

export interface PeriodEvidence {
  scope: ExportScope;
  /** Every version of the framework's artifact types valid at some moment of the period. */
  versions: EvidenceVersion[];
  /** The newest of those per connection and type. */
  latest: EvidenceVersion[];
  /** Runs started in the period, and the runs that produced `versions`. */
  runs: RunRecord[];
  connections: Connection[];
  /** Per control id. */
  timelines: Map<string, TimelineRow[]>;
}

export async function periodEvidence(store: EvidenceStore, scope: ExportScope, now: Date): Promise<PeriodEvidence> {
  const types = typesOfControls(scope.framework.controls);
  const connectionId = scope.connection?.id;
  const versions = await readVersions(store, { connectionId, types, ...periodBounds(scope.period) });
  const runs = await store.findRuns({ connectionId, startedFrom: scope.period.start.toISOString(), startedTo: scope.period.end.toISOString() });
  const known = new Set(runs.map((r) => r.id));
  for (const runId of new Set(versions.map((v) => v.runId))) {
    if (known.has(runId)) continue;
    const run = await store.getRun(runId);
    if (run) runs.push(run);
  }
  const connections = scope.connection ? [scope.connection] : await store.listConnections();
  const timelines = new Map<string, TimelineRow[]>();
  for (const control of scope.framework.controls) {
    timelines.set(control.id, freshnessTimeline(scope.period, typesOfControls([control]), versions, runs, now));
  }
  return { scope, versions, latest: latestPerConnectionAndType(versions), runs, connections, timelines };
}

/** What the period's judgements cover: every connection in scope, judged at the period's end (or now, if sooner). */
export function periodJudgementScope(evidence: PeriodEvidence, now: Date): JudgementScope {
  const asOf = new Date(Math.min(evidence.scope.period.end.getTime(), now.getTime()));
  return { connections: evidence.connections, lastRuns: lastFinishedRuns(evidence.runs.filter((r) => Date.parse(r.startedAt) <= asOf.getTime())), asOf };
}
