import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every Temporal setting of iru-evidence, read from the environment with defaults.
 * Without TEMPORAL_ADDRESS the product starts and uses its embedded Temporal CLI dev server.
 */
const TemporalEnv = z.object({
  IRU_EVIDENCE_HOME: z.string().min(1).default('./.iru-evidence'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port, for example my-ns.a1b2c.tmprl.cloud:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('iru-evidence'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: z.enum(['true', 'false', '1', '0']).optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_CLI: z.string().min(1).optional(),
  IRU_EVIDENCE_TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  IRU_EVIDENCE_TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  IRU_EVIDENCE_TEMPORAL_START_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  IRU_EVIDENCE_WORKER_MAX_ACTIVITIES: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').default(20),
});

export interface TlsFiles {
  clientCertPair?: { crt: Buffer; key: Buffer };
  serverRootCACertificate?: Buffer;
  serverNameOverride?: string;
}

/** Activities one worker runs at once: each collecting activity is one tenant's collection, each build one Artifact. */
interface WorkerSettings {
  maxConcurrentActivities: number;
}

export type TemporalConfig = WorkerSettings &
  (
    | {
        mode: 'embedded';
        namespace: string;
        taskQueue: string;
        cliPath?: string;
        /** The port the admin set; without it the product chooses a free one once and keeps it in `portFile`. */
        port?: number;
        portFile: string;
        uiPort?: number;
        dbFile: string;
        /** The 0600 file naming the dev server this product started: only that server is reused. */
        recordFile: string;
        startTimeoutMs: number;
      }
    | { mode: 'external'; address: string; namespace: string; taskQueue: string; apiKey?: string; tls?: TlsFiles | true }
  );

export class TemporalConfigError extends Error {
  override readonly name = 'TemporalConfigError';
  readonly code = 'TEMPORAL_CONFIG_INVALID';
}

export function loadTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const parsed = TemporalEnv.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new TemporalConfigError(`Invalid Temporal settings in the environment: ${issues}`);
  }
  const e = parsed.data;
  if (!e.TEMPORAL_ADDRESS) {
    return {
      mode: 'embedded',
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cliPath: e.TEMPORAL_CLI,
      port: e.IRU_EVIDENCE_TEMPORAL_PORT,
      uiPort: e.IRU_EVIDENCE_TEMPORAL_UI_PORT,
      dbFile: path.resolve(e.IRU_EVIDENCE_HOME, 'temporal.sqlite'),
      recordFile: path.resolve(e.IRU_EVIDENCE_HOME, 'temporal-server.json'),
      portFile: path.resolve(e.IRU_EVIDENCE_HOME, 'temporal-port'),
      startTimeoutMs: e.IRU_EVIDENCE_TEMPORAL_START_TIMEOUT_MS,
      maxConcurrentActivities: e.IRU_EVIDENCE_WORKER_MAX_ACTIVITIES,
    };
  }
  return {
    mode: 'external',
    address: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    apiKey: e.TEMPORAL_API_KEY,
    tls: readTls(e),
    maxConcurrentActivities: e.IRU_EVIDENCE_WORKER_MAX_ACTIVITIES,
  };
}

function readTls(e: z.infer<typeof TemporalEnv>): TlsFiles | true | undefined {
  const wantsTls = e.TEMPORAL_TLS === 'true' || e.TEMPORAL_TLS === '1';
  const hasFiles = e.TEMPORAL_TLS_CLIENT_CERT_PATH || e.TEMPORAL_TLS_SERVER_CA_CERT_PATH;
  if (!hasFiles) return wantsTls || e.TEMPORAL_API_KEY ? true : undefined;
  if (Boolean(e.TEMPORAL_TLS_CLIENT_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_CLIENT_KEY_PATH)) {
    throw new TemporalConfigError('TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH must be set together (mTLS)');
  }
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new TemporalConfigError(`Cannot read the ${what} at ${file}: ${(error as Error).message}`);
    }
  };
  return {
    clientCertPair:
      e.TEMPORAL_TLS_CLIENT_CERT_PATH && e.TEMPORAL_TLS_CLIENT_KEY_PATH
        ? { crt: read(e.TEMPORAL_TLS_CLIENT_CERT_PATH, 'client certificate'), key: read(e.TEMPORAL_TLS_CLIENT_KEY_PATH, 'client key') }
        : undefined,
    serverRootCACertificate: e.TEMPORAL_TLS_SERVER_CA_CERT_PATH ? read(e.TEMPORAL_TLS_SERVER_CA_CERT_PATH, 'server CA certificate') : undefined,
    serverNameOverride: e.TEMPORAL_TLS_SERVER_NAME,
  };
}
