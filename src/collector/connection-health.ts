import { failureOf } from '../failures/index.js';
import type { Logger } from '../logging/logger.js';
import { notifyAttention, type NotifyConfig } from '../notify/notifier.js';
import type { EvidenceStore, RunRecord, RunSummary, SourceError, SourceOutcome } from '../store/index.js';
import { needsAttentionEvent } from '../webhooks/index.js';

export interface HealthDeps {
  store: EvidenceStore;
  logger: Logger;
  notify?: NotifyConfig;
  /** Pauses the connection's schedule; does nothing when it has none. */
  pauseSchedule(connectionName: string, note: string): Promise<void>;
}

export interface HealthVerdict {
  status: 'ok' | 'needs_attention' | 'unchanged';
  reason?: string;
}

/**
 * After a run: a rejected token or a permission that worked before and is now denied cannot heal by retrying, so the
 * connection is marked needs_attention and the admins notified. Its schedule is paused unless every revoked permission
 * was read around through a catalog route: then the evidence is still complete, and pausing would only let it go stale.
 * Transient failures change nothing.
 */
export async function reviewConnectionHealth(deps: HealthDeps, summary: RunSummary): Promise<HealthVerdict> {
  const connection = await deps.store.getConnection(summary.connectionId);
  if (!connection) return { status: 'unchanged' };
  const problem = await unrecoverableProblem(deps, summary);
  if (!problem) {
    if (summary.status !== 'failed' && connection.status === 'needs_attention') {
      await deps.store.setConnectionStatus(connection.id, 'ok', null);
      return { status: 'ok' };
    }
    return { status: 'unchanged' };
  }
  await deps.store.setConnectionStatus(connection.id, 'needs_attention', problem.reason);
  await deps.store.appendEvents([
    needsAttentionEvent(
      { connectionId: connection.id, connection: connection.name, reason: problem.reason, remedy: problem.remedy ?? null, runId: summary.runId },
      summary.finishedAt,
    ),
  ]);
  if (problem.evidenceLost) await deps.pauseSchedule(connection.name, `needs attention: ${problem.reason}`);
  const sent = await notifyAttention(deps.notify ?? {}, {
    event: 'connection.needs_attention',
    connection: connection.name,
    connectionId: connection.id,
    reason: problem.reason,
    remedy: problem.remedy,
    at: summary.finishedAt,
  });
  deps.logger.warn({ connectionId: connection.id, reason: problem.reason, notified: sent }, 'connection needs attention');
  return { status: 'needs_attention', reason: problem.reason };
}

interface Problem {
  reason: string;
  remedy?: string;
  /** False when a route still read every signal the lost permissions gave. */
  evidenceLost: boolean;
}

async function unrecoverableProblem(deps: HealthDeps, summary: RunSummary): Promise<Problem | undefined> {
  if (summary.error && failureOf(summary.error.code)?.connection === 'needs_attention') {
    return { reason: summary.error.message, remedy: summary.error.remedy, evidenceLost: true };
  }
  // A permission denied now, whether the source failed or a route read the same signal (`denied`).
  const denied = summary.sources.flatMap((s) => revocable(s).map((error) => ({ name: s.name, error, routed: s.status === 'succeeded' })));
  if (!denied.length) return undefined;
  const history = (await deps.store.listRuns(summary.connectionId, 50)).filter((r) => r.id !== summary.runId && r.summary);
  const revoked = denied.filter((source) => lastDefinitiveOutcome(history, source.name) === 'granted');
  if (!revoked.length) return undefined;
  return {
    reason: `The API token lost permissions it had at the previous run: ${revoked.map((s) => s.error.message).join(' ')}`,
    remedy: revoked[0]!.error.remedy,
    evidenceLost: revoked.some((source) => !source.routed),
  };
}

/** A source's denials that mark the connection once the permission worked before: its own (read through a route), and its error's. */
function revocable(source: SourceOutcome): SourceError[] {
  return [source.denied, source.error].filter((e): e is SourceError => failureOf(e?.code)?.connection === 'needs_attention_if_revoked');
}

/** Whether a source's permission was last seen granted or denied, skipping runs where it failed for passing reasons. */
function lastDefinitiveOutcome(history: Pick<RunRecord, 'summary'>[], source: string): 'granted' | 'denied' | undefined {
  for (const run of history) {
    const outcome = run.summary?.sources.find((s) => s.name === source);
    if (outcome?.denied) return 'denied'; // read through its route: the source's own permission was already missing
    if (outcome?.status === 'succeeded') return 'granted';
    const kind = failureOf(outcome?.error?.code)?.kind;
    if (kind === 'permission' || kind === 'credentials') return 'denied';
  }
  return undefined;
}
