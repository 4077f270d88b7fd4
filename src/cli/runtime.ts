import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Redis } from 'ioredis';
import { closeAllLimiters } from '../iru/index.js';
import { loadTemporalConfig, TemporalConfigError, type TemporalConfig } from '../../temporal.config.js';
import { loadAuditWindowDays } from '../config/audit-window.js';
import { loadBudgetConfig, type BudgetConfig } from '../config/budget.js';
import { loadRawPageRetentionDays } from '../config/retention.js';
import { loadNotifyConfig, type NotifyConfig } from '../notify/notifier.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { routeTemporalLogs } from '../logging/temporal-logs.js';
import { openStore, type EvidenceStore } from '../store/index.js';
import { connectClient, connectWorker, resolveTemporal, type TemporalEndpoint } from '../temporal/connect.js';
import { createWorker } from '../temporal/worker.js';
import { WebhookDispatcher } from '../webhooks/index.js';
import { CliError, EXIT } from './exit-codes.js';

/** The long-lived parts a command may need, opened lazily and closed together. */
export class Runtime {
  readonly logger: Logger;
  readonly config: TemporalConfig;
  readonly budget: BudgetConfig;
  readonly notify: NotifyConfig;
  readonly rawPageRetentionDays: number | undefined;
  readonly auditWindowDays: number;
  private redis?: Redis;
  private storeInstance?: EvidenceStore;
  private endpoint?: TemporalEndpoint;
  private clientInstance?: Client;
  private workers: { worker: Worker; done: Promise<void> }[] = [];

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.logger = createLogger({}, env);
    try {
      this.config = loadTemporalConfig(env);
    } catch (error) {
      if (error instanceof TemporalConfigError) throw new CliError(error.message, EXIT.ENVIRONMENT);
      throw error;
    }
    try {
      this.budget = loadBudgetConfig(env);
      this.notify = loadNotifyConfig(env);
      this.rawPageRetentionDays = loadRawPageRetentionDays(env);
      this.auditWindowDays = loadAuditWindowDays(env);
    } catch (error) {
      throw new CliError((error as Error).message, EXIT.ENVIRONMENT);
    }
  }

  get store(): EvidenceStore {
    this.storeInstance ??= openStore();
    return this.storeInstance;
  }

  async temporal(): Promise<TemporalEndpoint> {
    if (!this.endpoint) {
      try {
        this.endpoint = await resolveTemporal(this.config, (msg) => this.logger.info(msg));
      } catch (error) {
        throw new CliError(`Temporal is not available: ${(error as Error).message}`, EXIT.ENVIRONMENT);
      }
    }
    return this.endpoint;
  }

  async client(): Promise<Client> {
    if (!this.clientInstance) {
      const endpoint = await this.temporal();
      try {
        this.clientInstance = await connectClient(endpoint);
      } catch (error) {
        throw new CliError(`Cannot connect to Temporal at ${endpoint.address}: ${(error as Error).message}`, EXIT.ENVIRONMENT);
      }
    }
    return this.clientInstance;
  }

  /** The Redis client when REDIS_URL is set (the shared tenant budget, the web app's sign-in failure counts). */
  async sharedRedis(): Promise<Redis | undefined> {
    if (this.budget.redisUrl && !this.redis) {
      const { Redis } = await import('ioredis'); // only with REDIS_URL: a lone process never loads the client
      this.redis ??= new Redis(this.budget.redisUrl, { maxRetriesPerRequest: 3 });
    }
    return this.redis;
  }

  /** Starts a worker in this process; it stops when the runtime closes. */
  async startWorker(): Promise<Worker> {
    routeTemporalLogs(this.logger);
    const endpoint = await this.temporal();
    const connection = await connectWorker(endpoint);
    await this.sharedRedis();
    const worker = await createWorker({
      connection,
      namespace: endpoint.namespace,
      taskQueue: endpoint.taskQueue,
      store: this.store,
      logger: this.logger,
      budget: this.budget.budget,
      redis: this.redis,
      notify: this.notify,
      rawPageRetentionDays: this.rawPageRetentionDays,
      auditWindowDays: this.auditWindowDays,
      maxConcurrentActivityTaskExecutions: this.config.maxConcurrentActivities,
    });
    // The worker's process also sends the outbox's webhook deliveries: they go out whether or not a web server runs.
    const dispatcher = new WebhookDispatcher(this.store, { logger: this.logger }).start();
    const done = worker
      .run()
      .finally(() => dispatcher.stop())
      .finally(() => connection.close());
    this.workers.push({ worker, done });
    return worker;
  }

  async close(): Promise<void> {
    for (const { worker } of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.allSettled(this.workers.map((w) => w.done));
    await this.clientInstance?.connection.close();
    await this.endpoint?.release();
    await this.storeInstance?.close();
    await closeAllLimiters();
    this.redis?.disconnect();
  }
}
