import { z } from 'zod';

const RetentionEnv = z.object({
  IRU_EVIDENCE_RAW_PAGE_RETENTION_DAYS: z
    .string()
    .regex(/^(forever|\d+)$/, 'must be a whole number of days (0 to 3650) or "forever"')
    .refine((value) => !/^\d+$/.test(value) || Number(value) <= 3650, 'must be at most 3650 days (ten years), or "forever"')
    .default('30'),
});

/**
 * How long the raw API pages of a finished run are kept: days, or undefined for ever. Artifacts and run records are
 * never pruned; raw pages only feed their own run's builds, and are what the store grows by.
 */
export function loadRawPageRetentionDays(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const parsed = RetentionEnv.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid retention setting: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const days = parsed.data.IRU_EVIDENCE_RAW_PAGE_RETENTION_DAYS;
  return days === 'forever' ? undefined : Number(days);
}
