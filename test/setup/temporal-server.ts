import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { freePort } from '../../src/temporal/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
  }
}

/** One real Temporal CLI dev server for the whole suite (in memory), located or installed as the product does it. */
export default async function setup(project: TestProject) {
  const port = await freePort();
  const namespace = 'default';
  const server = await startDevServer({ port, namespace, startTimeoutMs: 120_000, log: (msg) => console.log(msg) });
  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', namespace);
  return () => server.stop();
}
