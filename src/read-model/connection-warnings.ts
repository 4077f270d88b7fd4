import type { RunRecord } from '../store/index.js';

export const WARNING_STATUSES = ['never_collected', 'failed', 'partial', 'permission_missing'] as const;

/** A connection whose last collection needs an admin: none finished yet, it failed or was partial, or a permission is missing. */
export interface ConnectionWarning {
  connection: { id: string; name: string };
  status: (typeof WARNING_STATUSES)[number];
  detail: string;
  /** When the run that tells started; null when none finished. */
  at: string | null;
}

/** The warnings of `connections`, from each one's newest finished run (`lastRuns`); none for a connection whose last run was whole. */
export function connectionWarnings(connections: { id: string; name: string }[], lastRuns: Map<string, RunRecord>): ConnectionWarning[] {
  return connections.flatMap((c) => {
    const warning = connectionWarning(c, lastRuns.get(c.id));
    return warning ? [warning] : [];
  });
}

export function connectionWarning(connection: { id: string; name: string }, run: RunRecord | undefined): ConnectionWarning | undefined {
  const summary = run?.summary;
  if (!run || !summary) return { connection, status: 'never_collected', detail: 'no collection has finished yet', at: null };
  const failed = summary.error ? [summary.error.message] : summary.sources.filter((s) => s.error).map((s) => `${s.name}: ${s.error!.message}`);
  if (summary.status !== 'succeeded') return { connection, status: summary.status, detail: failed.join('; ') || summary.status, at: run.startedAt };
  // Read another way, the evidence is whole, but the token still lacks a permission the admin should restore.
  const denied = summary.sources.filter((s) => s.denied).map((s) => `${s.name}: ${s.denied!.message} (read via ${s.via ?? 'another endpoint'})`);
  if (denied.length > 0) return { connection, status: 'permission_missing', detail: denied.join('; '), at: run.startedAt };
  return undefined;
}
