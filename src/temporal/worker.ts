import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities/index.js';
import { pauseScheduleIfAny } from './schedules.js';

/** workflows/index.ts when running from sources (tests, tsx), workflows/index.js from dist/. */
export const WORKFLOWS_PATH = fileURLToPath(new URL(`../../workflows/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

export interface WorkerOptions extends Omit<ActivityDeps, 'pauseSchedule'> {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  identity?: string;
  /** A pre-built workflow bundle (tests share one); otherwise dist/workflow-bundle.js, or workflows/ bundled at start-up. */
  workflowBundle?: { code: string } | { codePath: string };
  maxConcurrentActivityTaskExecutions?: number;
}

/** Not below the SDK's 40 concurrent workflow tasks, which may not exceed the cache. */
const MIN_CACHED_WORKFLOWS = 40;

/** A worker hosting the collection workflow and its activities. */
export function createWorker(options: WorkerOptions): Promise<Worker> {
  const { connection, namespace, taskQueue, identity, workflowBundle, maxConcurrentActivityTaskExecutions, ...deps } = options;
  const activitySlots = maxConcurrentActivityTaskExecutions ?? 20;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(identity ? { identity } : {}),
    ...workflowSource(workflowBundle),
    activities: createActivities({ ...deps, pauseSchedule: schedulePauser(connection, namespace) }),
    maxConcurrentActivityTaskExecutions: activitySlots,
    // The SDK sizes the cache from the heap limit (about 900 runs under Node's default heap on a large host), so an
    // uncapped worker's memory grew with every run it had seen. Bounded by the slots instead: a run evicted while
    // it waits replays its history (at most about 125 events) when its next task comes.
    maxCachedWorkflows: Math.max(MIN_CACHED_WORKFLOWS, 2 * activitySlots),
  });
}

/** Schedule control for the activities, through a client on the worker's own connection. */
function schedulePauser(connection: NativeConnection, namespace: string): ActivityDeps['pauseSchedule'] {
  const client = new Client({ connection, namespace });
  return (connectionName, note) => pauseScheduleIfAny(client, connectionName, note);
}

/** The bundle `npm run build` wrote next to the compiled workflows; absent when running from sources. */
const PREBUILT_BUNDLE = fileURLToPath(new URL('../../workflow-bundle.js', import.meta.url));

function workflowSource(bundle: WorkerOptions['workflowBundle']) {
  if (bundle) return { workflowBundle: bundle };
  if (import.meta.url.endsWith('.js') && existsSync(PREBUILT_BUNDLE)) return { workflowBundle: { codePath: PREBUILT_BUNDLE } };
  return { workflowsPath: WORKFLOWS_PATH };
}
