import { FAILURES } from '../failures/index.js';
import type { RunRecord } from '../store/index.js';

/** A GET permission the connection's token lacked at its newest finished run, and what that cost. */
export interface DeniedPermission {
  source: string;
  message: string;
  remedy: string | null;
  /** `evidence_lost`: the source could not be read; `read_another_way`: another endpoint (`via`) read the same signal. */
  effect: 'evidence_lost' | 'read_another_way';
  via: string | null;
}

/** The permissions the run's sources were denied, from its summary: none for a run still going or never finished. */
export function deniedPermissions(run: RunRecord | undefined): DeniedPermission[] {
  return (run?.summary?.sources ?? []).flatMap((s): DeniedPermission[] => {
    if (s.error?.code === FAILURES.permission_denied.code) {
      return [{ source: s.name, message: s.error.message, remedy: s.error.remedy ?? null, effect: 'evidence_lost', via: null }];
    }
    if (s.denied) return [{ source: s.name, message: s.denied.message, remedy: s.denied.remedy ?? null, effect: 'read_another_way', via: s.via ?? null }];
    return [];
  });
}
