/**
 * Connection tests that passed, waiting for Save: the wizard saves only what it tested. A ticket holds the address
 * and the token's fingerprint (never the token), expires after a while, and is used once.
 */
import { randomUUID } from 'node:crypto';

export interface TestedConnection {
  region: string;
  app: string;
  baseUrl: string;
  tokenFingerprint: string;
}

const MAX_TICKETS = 200;

export class TestTickets {
  readonly #tickets = new Map<string, TestedConnection & { expiresAt: number }>();

  constructor(private readonly ttlMs: number) {}

  issue(tested: TestedConnection): string {
    const now = Date.now();
    for (const [id, ticket] of this.#tickets) if (ticket.expiresAt <= now || this.#tickets.size >= MAX_TICKETS) this.#tickets.delete(id);
    const id = randomUUID();
    this.#tickets.set(id, { ...tested, expiresAt: now + this.ttlMs });
    return id;
  }

  /** The ticket, if it exists, is unexpired and describes exactly this connection; it is consumed either way. */
  redeem(id: string, tested: TestedConnection): boolean {
    const ticket = this.#tickets.get(id);
    this.#tickets.delete(id);
    if (!ticket || ticket.expiresAt <= Date.now()) return false;
    return (
      ticket.region === tested.region && ticket.app === tested.app && ticket.baseUrl === tested.baseUrl && ticket.tokenFingerprint === tested.tokenFingerprint
    );
  }
}
