import type { Redis } from 'ioredis';
import { IruHttp, limiterFor, tenantKey, type BudgetOptions, type CredentialGate, type ResponseEvent } from '../iru/index.js';
import type { Connection, EvidenceStore } from '../store/index.js';
import { CONNECTOR_VERSION } from './version.js';

export interface TenantClientOptions {
  budget?: Partial<BudgetOptions>;
  redis?: Redis;
  timeoutMs?: number;
  onResponse?: (event: ResponseEvent) => void;
  priority?: number;
  /** Shared by all clients of one run: a rejected token is found once, with at most 3 requests. */
  credentials?: CredentialGate;
}

/** An IruHttp for a saved connection: its token decrypted from the store, its tenant's shared limiter. */
export async function openTenantClient(store: EvidenceStore, connection: Connection, options: TenantClientOptions = {}): Promise<IruHttp> {
  const baseUrl = new URL(connection.baseUrl);
  return new IruHttp({
    baseUrl,
    token: await store.readToken(connection.id),
    limiter: limiterFor(tenantKey(baseUrl), options.budget, options.redis),
    timeoutMs: options.timeoutMs,
    userAgent: CONNECTOR_VERSION,
    onResponse: options.onResponse,
    priority: options.priority,
    credentials: options.credentials,
  });
}
