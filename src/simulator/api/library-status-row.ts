/** The library-item status object shared by /devices/{id}/library-items, /status and /library/library-items/{id}/status. */

import type { SimDevice, SimLibraryItem, SimLibraryItemStatus } from '../fleet/types.js';

/** Integer row id, stable per (device, item). */
export function libraryStatusRowId(deviceIndex: number, itemIndex: number): number {
  return 100_000 + deviceIndex * 32 + itemIndex;
}

/** Text the agent reports; the collector must drop it, so some rows carry free text. */
export function statusLog(status: string): string | null {
  if (status === 'ERROR' || status === 'failed') return 'Script exited with status 1: /bin/zsh: permission denied';
  if (status === 'PASS' || status === 'success') return 'Audit passed';
  return null;
}

export function libraryStatusFields(status: SimLibraryItemStatus): Record<string, unknown> {
  const log = statusLog(status.status);
  return {
    status: status.status,
    reported_at: status.reportedAt,
    log,
    last_audit_run: status.reportedAt,
    last_audit_log: log,
    control_log: null,
    control_reported_at: null,
  };
}

export function deviceRef(device: SimDevice): { id: string; name: string } {
  return { id: device.id, name: device.name };
}

export function itemById(items: readonly SimLibraryItem[], id: string): SimLibraryItem {
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`unknown library item ${id}`);
  return item;
}
