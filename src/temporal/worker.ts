import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities/index.js';

/** workflows/index.ts when running from sources (tests, tsx), workflows/index.js from dist/. */
export const WORKFLOWS_PATH = fileURLToPath(new URL(`../../workflows/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

export interface WorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  identity?: string;
  /** A pre-built workflow bundle (tests share one); otherwise dist/workflow-bundle.js, or workflows/ bundled at start-up. */
  workflowBundle?: { code: string } | { codePath: string };
  maxConcurrentActivityTaskExecutions?: number;
}

/** A worker hosting the collection workflow and its activities. */
export function createWorker(options: WorkerOptions): Promise<Worker> {
  const { connection, namespace, taskQueue, identity, workflowBundle, maxConcurrentActivityTaskExecutions, ...deps } = options;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(identity ? { identity } : {}),
    ...workflowSource(workflowBundle),
    activities: createActivities(deps),
    maxConcurrentActivityTaskExecutions: maxConcurrentActivityTaskExecutions ?? 20,
  });
}

/** The bundle `npm run build` wrote next to the compiled workflows; absent when running from sources. */
const PREBUILT_BUNDLE = fileURLToPath(new URL('../../workflow-bundle.js', import.meta.url));

function workflowSource(bundle: WorkerOptions['workflowBundle']) {
  if (bundle) return { workflowBundle: bundle };
  if (import.meta.url.endsWith('.js') && existsSync(PREBUILT_BUNDLE)) return { workflowBundle: { codePath: PREBUILT_BUNDLE } };
  return { workflowsPath: WORKFLOWS_PATH };
}
