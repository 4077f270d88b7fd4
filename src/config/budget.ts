import { z } from 'zod';
import type { BudgetOptions } from '../iru/index.js';

const BudgetEnv = z.object({
  IRU_EVIDENCE_BUDGET_SHARE: z.coerce.number().gt(0, 'must be above 0').max(1, 'must be at most 1 (the whole quota)').default(0.6),
  IRU_EVIDENCE_HOURLY_QUOTA: z.coerce.number().int().min(1).default(10_000),
  IRU_EVIDENCE_REQUESTS_PER_SECOND: z.coerce.number().gt(0).max(45, 'must stay under the gateway limit of 50/s').default(10),
  IRU_EVIDENCE_MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(32).default(4),
  REDIS_URL: z.string().url('must be a redis:// URL').optional(),
});

export interface BudgetConfig {
  budget: BudgetOptions;
  redisUrl?: string;
}

/** The tenant request budget from the environment: share of the hourly quota, spacing, concurrency, optional Redis. */
export function loadBudgetConfig(env: NodeJS.ProcessEnv = process.env): BudgetConfig {
  const parsed = BudgetEnv.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid budget settings: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const e = parsed.data;
  return {
    budget: {
      hourlyQuota: e.IRU_EVIDENCE_HOURLY_QUOTA,
      share: e.IRU_EVIDENCE_BUDGET_SHARE,
      windowMs: 3_600_000,
      perSecond: e.IRU_EVIDENCE_REQUESTS_PER_SECOND,
      maxConcurrent: e.IRU_EVIDENCE_MAX_CONCURRENT_REQUESTS,
    },
    redisUrl: e.REDIS_URL,
  };
}
