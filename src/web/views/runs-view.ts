import { liveProgress, type LiveProgress } from '../../collector/live-progress.js';
import { NotFoundError } from '../../read-model/errors.js';
import type { Connection, RunRecord, RunSummary } from '../../store/index.js';
import type { WebContext } from '../context.js';
import { connectionNames } from './artifact-summary.js';

export interface RunListItem {
  id: string;
  connection: { id: string; name: string };
  status: RunRecord['status'];
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  sources: { succeeded: number; failed: number; notApplicable: number };
  artifacts: number;
}

export interface RunView extends RunListItem {
  summary: RunSummary | null;
  artifactIds: { id: string; type: string; published: boolean }[];
}

function listItem(run: RunRecord, names: Map<string, string>): RunListItem {
  const sources = run.summary?.sources ?? [];
  return {
    id: run.id,
    connection: { id: run.connectionId, name: names.get(run.connectionId) ?? run.connectionId },
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null,
    sources: {
      succeeded: sources.filter((s) => s.status === 'succeeded').length,
      failed: sources.filter((s) => s.status === 'failed').length,
      notApplicable: sources.filter((s) => s.status === 'not_applicable').length,
    },
    artifacts: run.summary?.artifacts.length ?? 0,
  };
}

export async function runsView(ctx: WebContext, connection: Connection | undefined, limit: number): Promise<{ runs: RunListItem[] }> {
  return { runs: await runListItems(ctx, await ctx.store.findRuns({ connectionId: connection?.id, limit })) };
}

export async function runListItems(ctx: WebContext, runs: RunRecord[]): Promise<RunListItem[]> {
  const names = await connectionNames(ctx.store);
  return runs.map((r) => listItem(r, names));
}

export async function runView(ctx: WebContext, id: string): Promise<RunView> {
  const run = await ctx.store.getRun(id);
  if (!run) throw new NotFoundError(`No run ${id}`);
  const names = await connectionNames(ctx.store);
  const artifacts = await ctx.store.runArtifacts(id);
  return {
    ...listItem(run, names),
    summary: run.summary,
    artifactIds: artifacts.map((a) => ({ id: a.id, type: a.type, published: a.published })),
  };
}

/** A run as it stands, while it runs: the workflow's stage (when it can be asked) and the pages stored so far. */
export async function runProgressView(ctx: WebContext, id: string): Promise<LiveProgress> {
  const progress = await liveProgress(ctx.store, id, { ask: ctx.askWorkflow, now: ctx.now() });
  if (!progress) throw new NotFoundError(`No run ${id}`);
  return progress;
}
