import type { Control, Framework } from '../evidence/frameworks/index.js';
import type { Connection, EvidenceStore, RunRecord } from '../store/index.js';
import {
  actionEvidence,
  judgeAction,
  VERDICTS,
  worstVerdict,
  type ActionEvidence,
  type ActionJudgement,
  type EvidenceCheck,
  type JudgementScope,
  type Verdict,
} from './action-judgement.js';
import { readVersions, type EvidenceVersion } from './artifact-envelope.js';

/** The current versions of the connections in scope, and what is needed to judge them now. */
export interface CurrentEvidence {
  scope: JudgementScope;
  current: EvidenceVersion[];
}

/** How many recent runs are searched for a connection's newest finished one (a run in progress is skipped). */
const RECENT_RUNS = 10;

/** The newest finished run of a connection among its recent ones (a run in progress tells nothing yet). */
export async function lastFinishedRun(store: EvidenceStore, connectionId: string): Promise<RunRecord | undefined> {
  return (await store.findRuns({ connectionId, limit: RECENT_RUNS })).find((r) => r.summary && r.finishedAt);
}

/**
 * The connections judged now: the one asked for (deleted or not), else every live one. A deleted connection collects no
 * more, so its evidence would only grow stale; it stays readable scoped to it, in its periods and in exports.
 */
export async function connectionsInScope(store: EvidenceStore, connection: Connection | undefined): Promise<Connection[]> {
  return connection ? [connection] : (await store.listConnections()).filter((c) => !c.deletedAt);
}

/** One connection's current evidence, or every live connection's when `connection` is absent, judged as of `now`. */
export async function currentEvidence(store: EvidenceStore, connection: Connection | undefined, now: Date, types?: string[]): Promise<CurrentEvidence> {
  const connections = await connectionsInScope(store, connection);
  const lastRuns = new Map<string, RunRecord>();
  for (const c of connections) {
    const finished = await lastFinishedRun(store, c.id);
    if (finished) lastRuns.set(c.id, finished);
  }
  const inScope = new Set(connections.map((c) => c.id));
  const current = (await readVersions(store, { currentOnly: true, connectionId: connection?.id, types })).filter((v) => inScope.has(v.connectionId));
  return { scope: { connections: connections.map((c) => ({ id: c.id, name: c.name })), lastRuns, asOf: now }, current };
}

export interface ControlPosture {
  control: Control;
  verdict: Verdict;
  actions: (ActionEvidence & { judgement: ActionJudgement })[];
}

export function controlPosture(control: Control, evidence: CurrentEvidence): ControlPosture {
  const actions = actionEvidence(control, evidence.current, evidence.scope).map((a) => ({ ...a, judgement: judgeAction(a) }));
  return { control, verdict: worstVerdict(actions.map((a) => a.judgement.verdict)), actions };
}

export interface FrameworkPosture {
  framework: Framework;
  /** The worst of its controls' verdicts. */
  verdict: Verdict;
  /** Controls per verdict. */
  counts: Record<Verdict, number>;
  controls: ControlPosture[];
}

export function frameworkPosture(framework: Framework, evidence: CurrentEvidence): FrameworkPosture {
  const controls = framework.controls.map((c) => controlPosture(c, evidence));
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const c of controls) counts[c.verdict]++;
  return { framework, verdict: worstVerdict(controls.map((c) => c.verdict)), counts, controls };
}

/** Every check of the controls, once per connection and type (several controls map the same evidence). */
export function distinctChecks(controls: ControlPosture[]): { check: EvidenceCheck; controls: Control[] }[] {
  const byKey = new Map<string, { check: EvidenceCheck; controls: Control[] }>();
  for (const posture of controls) {
    for (const check of posture.actions.flatMap((a) => a.evidence.flatMap((e) => e.checks))) {
      const key = `${check.connection.id}\u0000${check.type}`;
      const entry = byKey.get(key) ?? { check, controls: [] };
      if (!entry.controls.includes(posture.control)) entry.controls.push(posture.control);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}
