import type { Redis } from 'ioredis';
import type { BudgetOptions } from '../src/iru/index.js';
import type { Logger } from '../src/logging/logger.js';
import type { NotifyConfig } from '../src/notify/notifier.js';
import type { EvidenceStore } from '../src/store/index.js';

/** What the activities need from the process that hosts them (the worker). */
export interface ActivityDeps {
  store: EvidenceStore;
  logger: Logger;
  budget?: Partial<BudgetOptions>;
  /** Shares the tenant budget, spacing and 429 pauses with every other worker. */
  redis?: Redis;
  requestTimeoutMs?: number;
  /** Where "needs attention" notices go. */
  notify?: NotifyConfig;
  /** Days a finished run's raw pages are kept after a later run of the same connection is published; undefined keeps them. */
  rawPageRetentionDays?: number;
}
