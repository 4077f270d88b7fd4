import { IruTokenRejectedError, IruUnauthorizedError, type RedactedRequest } from './errors.js';

/** Different endpoints that must all answer 401, with nothing accepted, before the token is taken as rejected. */
export const REJECTION_PROOF_ENDPOINTS = 3;

export type CredentialState = 'undecided' | 'accepted' | 'rejected';

/**
 * Whether the tenant accepts the token, learned from the answers themselves, shared by every client of one run.
 * Until an answer proves the token accepted (2xx, or 403: authenticated but not permitted) requests go one at a time;
 * once 401 has come from {@link REJECTION_PROOF_ENDPOINTS} different endpoints with nothing accepted, the token is
 * rejected and no further request is sent. Until then, an endpoint that answered 401 is not asked again: its answer is
 * known (a query like Prism's ?category= does not make another endpoint). A bad token therefore costs at most that many requests, and a single 401
 * (which some tenants send for a missing permission) never condemns a token that works elsewhere.
 */
export class CredentialGate {
  #state: CredentialState = 'undecided';
  readonly #rejectedBy = new Set<string>();
  #queue: Promise<void> = Promise.resolve();

  get state(): CredentialState {
    return this.#state;
  }

  /** The endpoints (paths) that answered 401 while the token was undecided. */
  get rejectedBy(): readonly string[] {
    return [...this.#rejectedBy];
  }

  /**
   * Waits for this request's turn while the token is undecided (one request at a time); call the returned function once
   * the request has been answered and observed. Taken before the tenant limiter, so that no budget token is held while
   * waiting here: a token belongs to its window, and a request held past it would land in the next one.
   */
  async turn(request: RedactedRequest): Promise<() => void> {
    if (this.#state === 'accepted') return () => {};
    this.refuseIfRejected(request);
    let release!: () => void;
    const previous = this.#queue;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      this.refuseIfRejected(request);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  observe(request: RedactedRequest, status: number): void {
    if (this.#state !== 'undecided') return;
    if ((status >= 200 && status < 300) || status === 403) this.#state = 'accepted';
    else if (status === 401) {
      this.#rejectedBy.add(pathOf(request));
      if (this.#rejectedBy.size >= REJECTION_PROOF_ENDPOINTS) this.#state = 'rejected';
    }
  }

  /** The proof, as the error every request after it fails with (the request refused, else the last one rejected). */
  rejection(request: RedactedRequest = { method: 'GET', url: this.rejectedBy.at(-1) ?? '' }): IruTokenRejectedError {
    return new IruTokenRejectedError(request, this.rejectedBy);
  }

  /** Throws when the token is proven rejected, or this endpoint already answered 401 while it is undecided. */
  refuseIfRejected(request: RedactedRequest): void {
    if (this.#state === 'rejected') throw this.rejection(request);
    if (this.#state === 'undecided' && this.#rejectedBy.has(pathOf(request))) throw new IruUnauthorizedError(request);
  }
}

function pathOf(request: RedactedRequest): string {
  return request.url.split('?')[0]!;
}
