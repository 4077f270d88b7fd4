import { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { AskWorkflow } from '../collector/live-progress.js';
import { readChosenPort } from '../temporal/embedded-port.js';
import { readServerRecord, recordOwnsPort } from '../temporal/server-record.js';
import type { TemporalAccess } from '../temporal/connection-control.js';
import { askWorkflow } from '../temporal/workflow-progress.js';
import type { Runtime } from './runtime.js';

/**
 * A client of a Temporal server that is already up: never starts the embedded one, and connects only to the embedded
 * server this product started (its record names the process listening on the port). The caller closes an embedded
 * client's connection; an external one belongs to the runtime.
 */
export async function runningClient(rt: Runtime): Promise<Client | undefined> {
  if (rt.config.mode === 'external') return rt.client();
  const port = rt.config.port ?? readChosenPort(rt.config.portFile);
  if (port === undefined || !recordOwnsPort(readServerRecord(rt.config.recordFile), port)) return undefined;
  try {
    const connection = await TemporalConnection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 1_000 });
    return new Client({ connection, namespace: rt.config.namespace });
  } catch {
    return undefined;
  }
}

/**
 * For the web app: one lazily opened client of a Temporal server that is already up (reconnecting after a failure),
 * through which it asks running collections for their progress and acts on connections (collect now, schedules).
 */
export function webAppTemporal(rt: Runtime): { access(): Promise<TemporalAccess | undefined>; ask: AskWorkflow; close(): Promise<void> } {
  let client: Promise<Client | undefined> | undefined;
  const connected = async (): Promise<Client | undefined> => {
    client ??= runningClient(rt).catch(() => undefined);
    const found = await client;
    if (!found) client = undefined;
    return found;
  };
  return {
    access: async () => {
      const found = await connected();
      return found && { client: found, namespace: rt.config.namespace, taskQueue: rt.config.taskQueue };
    },
    ask: async (workflowId) => {
      const found = await connected();
      return found ? askWorkflow(found)(workflowId) : undefined;
    },
    close: async () => {
      const found = await client;
      if (found && rt.config.mode === 'embedded') await found.connection.close();
    },
  };
}
