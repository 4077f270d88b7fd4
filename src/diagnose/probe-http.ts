/**
 * The IruHttp a diagnosis probes with: exactly one attempt per request (no retries, no in-process 429 waits), the raw
 * response of each path kept for the totals the paginators do not surface (a DRF `count`), the tenant's hourly
 * remainder and the latency seen. A diagnosis never waits: when the tenant's budget for this hour is spent, or the
 * tenant is paused after a 429, it halts, and requests not yet sent (or waiting in the limiter) end as ProbeHalted.
 */
import { IruHttp, type BudgetWindow, type IruHttpOptions, type IruResponse, type ResponseEvent, type ResponseParser } from '../iru/index.js';

/** Why the probe stops when no request is left: the server's short window (RateLimit-Reset, Retry-After) or the hour. */
function spentWindowReason(window: BudgetWindow): string {
  if (window.endSource === 'clock-hour') {
    return (
      "the tenant's requests for this hour are spent (iru-evidence's share, or X-RateLimit-Remaining-Hour); the probe stops rather than wait " +
      'for the next hourly window'
    );
  }
  const header = window.endSource === 'retry-after' ? 'Retry-After' : 'RateLimit-Reset';
  return `Iru's rate-limit window has no request left for another ${Math.ceil(window.endsInMs / 1000)} s (${header}); the probe stops rather than wait`;
}

export class ProbeHalted extends Error {
  override readonly name = 'ProbeHalted';
}

export interface ObservedRateLimit {
  remainingHour: number | null;
  limitHour: number | null;
}

export class ProbeHttp extends IruHttp {
  readonly #responses = new Map<string, IruResponse>();
  readonly #latencies: number[] = [];
  readonly #halt = new AbortController();
  readonly rateLimit: ObservedRateLimit = { remainingHour: null, limitHour: null };

  constructor(options: Omit<IruHttpOptions, 'maxAttempts' | 'maxInlineRateLimitWaitMs' | 'onResponse'>) {
    const observer: { observe?: (event: ResponseEvent) => void } = {};
    super({ ...options, maxAttempts: 1, maxInlineRateLimitWaitMs: -1, onResponse: (event) => observer.observe?.(event) });
    observer.observe = (event) => this.#observe(event);
  }

  override async get<T>(url: URL, parse: ResponseParser<T>, signal?: AbortSignal): Promise<T> {
    this.#throwIfHalted();
    const pausedMs = await this.limiter.pausedForMs();
    if (pausedMs > 0) this.halt(`the tenant is paused for another ${Math.ceil(pausedMs / 1000)} s after Iru answered 429 (rate limit)`);
    else {
      const window = await this.limiter.currentWindow();
      if (window.left <= 0) this.halt(spentWindowReason(window));
    }
    this.#throwIfHalted();
    return super.get(url, parse, signal ? AbortSignal.any([signal, this.#halt.signal]) : this.#halt.signal);
  }

  override async send(method: string, url: URL, signal?: AbortSignal): Promise<IruResponse> {
    this.#throwIfHalted();
    const response = await super.send(method, url, signal);
    this.#responses.set(url.pathname, response);
    return response;
  }

  /** Requests not yet sent, and those waiting in the limiter, end with ProbeHalted(reason). */
  halt(reason: string): void {
    if (!this.#halt.signal.aborted) this.#halt.abort(new ProbeHalted(reason));
  }

  /** Why the probe stopped early, if it did. */
  get haltedReason(): string | null {
    return this.#halt.signal.aborted ? (this.#halt.signal.reason as ProbeHalted).message : null;
  }

  /** The last successful raw response for a path. */
  responseFor(pathname: string): IruResponse | undefined {
    return this.#responses.get(pathname);
  }

  /** Mean time to an answer, in ms, or undefined before any answer. */
  get meanLatencyMs(): number | undefined {
    return this.#latencies.length ? this.#latencies.reduce((a, b) => a + b, 0) / this.#latencies.length : undefined;
  }

  #throwIfHalted(): void {
    if (this.#halt.signal.aborted) throw this.#halt.signal.reason as ProbeHalted;
  }

  #observe(event: ResponseEvent): void {
    if (event.status === 0) return;
    this.#latencies.push(event.durationMs);
    const { remainingHour, limitHour } = event.rateLimit;
    // The hourly remainder only falls within a window; the smallest seen is the latest.
    if (remainingHour !== undefined) this.rateLimit.remainingHour = Math.min(remainingHour, this.rateLimit.remainingHour ?? Infinity);
    if (limitHour !== undefined) this.rateLimit.limitHour = limitHour;
    if (remainingHour === 0)
      this.halt('the tenant has no requests left this hour (X-RateLimit-Remaining-Hour: 0); the probe stops rather than wait for the next hourly window');
  }
}
