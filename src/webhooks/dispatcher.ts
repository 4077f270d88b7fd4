import { request } from 'undici';
import type { DueDelivery, WebhookStore } from '../store/index.js';
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';

export interface DeliveryRetry {
  /** Attempts in all, the first included (default 6). */
  maxAttempts: number;
  /** Wait after the first failed attempt; each later wait doubles (default 2 min: 2, 4, 8, 16, 32 min, about an hour in all). */
  initialDelayMs: number;
}

export interface DispatcherOptions {
  /** How often the outbox is read for new events and due deliveries (default 2 s). */
  pollIntervalMs?: number;
  retry?: Partial<DeliveryRetry>;
  /** A receiver that has not answered within this is a failed attempt (default 10 s). */
  timeoutMs?: number;
  now?: () => Date;
  /** Where failed attempts are logged (a pino or Fastify logger). */
  logger?: { warn(details: object, message: string): void };
}

export const DEFAULT_RETRY: DeliveryRetry = { maxAttempts: 6, initialDelayMs: 120_000 };
const CLAIM_BATCH = 20;

/** When a delivery that has failed `attempts` times is tried again; null once it has used them all. */
export function nextAttemptAt(attempts: number, failedAt: Date, retry: DeliveryRetry): string | null {
  if (attempts >= retry.maxAttempts) return null;
  return new Date(failedAt.getTime() + retry.initialDelayMs * 2 ** (attempts - 1)).toISOString();
}

/** The JSON body of a delivery. */
export function deliveryBody(due: DueDelivery): string {
  return JSON.stringify({ id: due.event.id, type: due.event.type, createdAt: due.event.createdAt, data: due.event.data });
}

/**
 * Sends the outbox's events to their webhooks: fans new events out into deliveries, claims the due ones and records
 * every attempt. Any number of processes (workers, web servers) may run one on the same store: a claim is a lease,
 * so each attempt is made by one of them, and a delivery whose sender died is tried again when its lease ends.
 */
export class WebhookDispatcher {
  private readonly retry: DeliveryRetry;
  private readonly pollIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly store: WebhookStore,
    private readonly options: DispatcherOptions = {},
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  start(): this {
    this.schedule(0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: fan out, claim what is due, send it. */
  async tick(): Promise<void> {
    const now = this.now();
    await this.store.enqueueDeliveries(now.toISOString());
    const lease = new Date(now.getTime() + this.timeoutMs + 60_000).toISOString();
    const due = await this.store.claimDueDeliveries(now.toISOString(), lease, CLAIM_BATCH);
    await Promise.all(due.map((delivery) => this.send(delivery)));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => this.options.logger?.warn({ err: error }, 'webhook dispatch failed; trying again'))
        .finally(() => this.schedule(this.pollIntervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async send(due: DueDelivery): Promise<void> {
    const body = deliveryBody(due);
    const attempt = due.delivery.attempts + 1;
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await request(due.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'iru-evidence-webhooks',
          [SIGNATURE_HEADER]: signatureHeader(due.secret, body, this.now()),
          [EVENT_ID_HEADER]: due.event.id,
          [EVENT_TYPE_HEADER]: due.event.type,
          [DELIVERY_ID_HEADER]: due.delivery.id,
        },
        body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      statusCode = response.statusCode;
      await response.body.dump();
      if (statusCode < 200 || statusCode >= 300) error = `The receiver answered HTTP ${statusCode}`;
    } catch (caught) {
      error = `Not delivered: ${(caught as Error).message}`.slice(0, 300);
    }
    const at = this.now();
    const ok = error === null;
    await this.store.recordDeliveryAttempt(due.delivery.id, {
      at: at.toISOString(),
      ok,
      statusCode,
      error,
      nextAttemptAt: ok ? null : nextAttemptAt(attempt, at, this.retry),
    });
    if (!ok) this.options.logger?.warn({ webhookId: due.delivery.webhookId, deliveryId: due.delivery.id, attempt, error }, 'webhook delivery failed');
  }
}
