import { z } from 'zod';

/** The days of audit events the admin-activity Artifact covers by default: a rolling year ending at each collection. */
export const DEFAULT_AUDIT_WINDOW_DAYS = 365;
export const MAX_AUDIT_WINDOW_DAYS = 3650;

const AuditWindowEnv = z.object({
  IRU_EVIDENCE_AUDIT_WINDOW_DAYS: z
    .string()
    .regex(/^\d+$/, `must be a whole number of days (1 to ${MAX_AUDIT_WINDOW_DAYS})`)
    .refine((value) => Number(value) >= 1 && Number(value) <= MAX_AUDIT_WINDOW_DAYS, `must be from 1 to ${MAX_AUDIT_WINDOW_DAYS} days`)
    .optional(),
});

/**
 * How many days of audit events each admin-activity Artifact covers, ending at its collection. Iru keeps a year of
 * events: a longer window is covered as far as the API and this connection's earlier collections hold it, and says so.
 */
export function loadAuditWindowDays(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = AuditWindowEnv.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid audit window setting: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const days = parsed.data.IRU_EVIDENCE_AUDIT_WINDOW_DAYS;
  return days === undefined ? DEFAULT_AUDIT_WINDOW_DAYS : Number(days);
}
