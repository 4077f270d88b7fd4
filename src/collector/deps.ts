import type { Redis } from 'ioredis';
import type { BudgetOptions } from '../iru/index.js';
import type { Logger } from '../logging/logger.js';
import type { EvidenceStore } from '../store/index.js';

/** What planning and collecting need from the process that runs them. */
export interface CollectorDeps {
  store: EvidenceStore;
  logger: Logger;
  budget?: Partial<BudgetOptions>;
  /** Shares the tenant budget, spacing and 429 pauses with every other worker. */
  redis?: Redis;
  requestTimeoutMs?: number;
  /** Days of events the admin-activity Artifact covers (IRU_EVIDENCE_AUDIT_WINDOW_DAYS); default a rolling year. */
  auditWindowDays?: number;
}
