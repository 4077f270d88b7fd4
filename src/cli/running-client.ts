import { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { AskWorkflow } from '../collector/live-progress.js';
import { readChosenPort } from '../temporal/embedded-port.js';
import { readServerRecord, recordOwnsPort } from '../temporal/server-record.js';
import { askWorkflow } from '../temporal/workflow-progress.js';
import type { TemporalAccess } from '../web/server.js';
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
 * For the web app: one lazily opened client of a Temporal server that is already up (reconnecting after a failure), to
 * ask running collections for their progress and, for the API, to start collections and manage schedules.
 */
export function progressOfRunningCollections(rt: Runtime): { ask: AskWorkflow; temporal(): Promise<TemporalAccess>; close(): Promise<void> } {
  let client: Promise<Client | undefined> | undefined;
  const connect = async () => {
    client ??= runningClient(rt).catch(() => undefined);
    const connected = await client;
    if (!connected) client = undefined;
    return connected;
  };
  return {
    ask: async (workflowId) => {
      const connected = await connect();
      return connected ? askWorkflow(connected)(workflowId) : undefined;
    },
    temporal: async () => {
      const connected = await connect();
      if (!connected) {
        throw new Error(
          rt.config.mode === 'embedded'
            ? 'the embedded Temporal server is not running: start everything with `iru-evidence dev`, or a worker with `iru-evidence worker`'
            : `the Temporal server at ${rt.config.address} did not answer`,
        );
      }
      return { client: connected, taskQueue: rt.config.taskQueue };
    },
    close: async () => {
      const connected = await client;
      if (connected && rt.config.mode === 'embedded') await connected.connection.close();
    },
  };
}
