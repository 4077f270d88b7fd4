// A collection worker in its own process, so tests can kill -9 it. Configured by environment:
// TEMPORAL_ADDRESS, TASK_QUEUE, STORE_FILE or DATABASE_URL (PostgreSQL), STORE_KEY (base64), BUDGET (JSON), REDIS_URL,
// WORKFLOW_BUNDLE (a pre-built bundle file), REQUEST_TIMEOUT_MS, MAX_CONCURRENT_ACTIVITIES, WORKER_LOG_LEVEL (logs on stderr;
// silent by default).
import { readFileSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { Redis } from 'ioredis';
import { closeAllLimiters } from '../../src/iru/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { TokenCipher } from '../../src/store/token-cipher.js';
import { createWorker } from '../../src/temporal/worker.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = process.env;
const cipher = new TokenCipher(Buffer.from(env.STORE_KEY!, 'base64'));
const store = env.DATABASE_URL ? new PostgresStore(env.DATABASE_URL, cipher) : new SqliteStore(env.STORE_FILE!, cipher);
const redis = env.REDIS_URL ? new Redis(env.REDIS_URL) : undefined;
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
const worker = await createWorker({
  connection,
  namespace: 'default',
  taskQueue: env.TASK_QUEUE!,
  store,
  logger: createLogger({ worker: process.pid }, { LOG_LEVEL: env.WORKER_LOG_LEVEL ?? 'silent' }),
  budget: JSON.parse(env.BUDGET ?? '{}'),
  redis,
  ...(env.REQUEST_TIMEOUT_MS ? { requestTimeoutMs: Number(env.REQUEST_TIMEOUT_MS) } : {}),
  ...(env.MAX_CONCURRENT_ACTIVITIES ? { maxConcurrentActivityTaskExecutions: Number(env.MAX_CONCURRENT_ACTIVITIES) } : {}),
  ...(env.WORKFLOW_BUNDLE ? { workflowBundle: { code: readFileSync(env.WORKFLOW_BUNDLE, 'utf8') } } : {}),
});
process.on('SIGTERM', () => worker.shutdown());
process.stdout.write('ready\n');
await worker.run();
// Peak resident memory of this worker, for the benchmark (KiB on Linux).
process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
await connection.close();
await closeAllLimiters();
redis?.disconnect();
await store.close();
process.exit(0);
