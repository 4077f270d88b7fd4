import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TemporalConfig, TlsFiles } from '../../temporal.config.js';
import { startDevServer, type RunningDevServer } from './dev-server.js';
import { embeddedPort } from './embedded-port.js';

export interface TemporalEndpoint {
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  tls?: TlsFiles | true;
  /** Stops the embedded dev server when this process started it. */
  release(): Promise<void>;
}

/** Resolves where Temporal is: the configured cluster, or the embedded dev server (started when needed). */
export async function resolveTemporal(config: TemporalConfig, log?: (msg: string) => void): Promise<TemporalEndpoint> {
  if (config.mode === 'external') {
    return {
      address: config.address,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      apiKey: config.apiKey,
      tls: config.tls,
      release: async () => {},
    };
  }
  const server: RunningDevServer = await startDevServer({
    port: await embeddedPort(config),
    namespace: config.namespace,
    dbFile: config.dbFile,
    uiPort: config.uiPort,
    startTimeoutMs: config.startTimeoutMs,
    cliPath: config.cliPath,
    recordFile: config.recordFile,
    log,
  });
  return { address: server.address, namespace: config.namespace, taskQueue: config.taskQueue, release: () => server.stop() };
}

export async function connectClient(endpoint: TemporalEndpoint): Promise<Client> {
  const connection = await Connection.connect({ address: endpoint.address, tls: endpoint.tls, apiKey: endpoint.apiKey });
  return new Client({ connection, namespace: endpoint.namespace });
}

export function connectWorker(endpoint: TemporalEndpoint): Promise<NativeConnection> {
  return NativeConnection.connect({ address: endpoint.address, tls: endpoint.tls, apiKey: endpoint.apiKey });
}
