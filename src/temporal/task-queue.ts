import type { Client } from '@temporalio/client';

/** TASK_QUEUE_KIND_NORMAL and TASK_QUEUE_TYPE_WORKFLOW in Temporal's API (temporal.api.enums.v1). */
const NORMAL_QUEUE = 1;
const WORKFLOW_TASKS = 1;

/**
 * Whether any worker polled the task queue lately: Temporal's own task queue description lists the pollers of the last
 * minutes. A schedule whose queue no worker serves starts workflows that wait, and nothing else says so.
 */
export async function workerServes(client: Client, taskQueue: string): Promise<boolean> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: NORMAL_QUEUE },
    taskQueueType: WORKFLOW_TASKS,
  });
  return (pollers?.length ?? 0) > 0;
}
