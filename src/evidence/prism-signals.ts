import type { BuildContext } from './artifact-definition.js';
import { rowsOf } from './rows.js';
import { compareText } from './sort.js';
import { normalizeTimestamp } from './timestamps.js';

/** One device's value of a Prism signal and when Prism collected it. */
export interface DeviceSignal<Fields> {
  fields: Fields;
  lastCollectedAt: string | null;
}

interface PrismRow {
  device_id: string;
  last_collected_at?: string | null;
}

/**
 * A one-row-per-device Prism category as a Map keyed by device id, holding only the fields an Artifact needs.
 * Should a device appear twice, the newer row wins (ties broken by content), so the result does not depend on page order.
 */
export async function signalsByDevice<Row extends PrismRow, Fields>(context: BuildContext, source: string, pick: (row: Row) => Fields): Promise<Map<string, DeviceSignal<Fields>>> {
  const signals = new Map<string, DeviceSignal<Fields>>();
  for await (const row of rowsOf<Row>(context, source)) {
    keepNewer(signals, row.device_id, { fields: pick(row), lastCollectedAt: normalizeTimestamp(row.last_collected_at) });
  }
  return signals;
}

/** Keeps the newer of a device's signals, ties broken by content, so the result does not depend on page order. */
export function keepNewer<Fields>(signals: Map<string, DeviceSignal<Fields>>, deviceId: string, next: DeviceSignal<Fields>): void {
  const current = signals.get(deviceId);
  if (!current || precedes(current, next)) signals.set(deviceId, next);
}

function precedes<Fields>(a: DeviceSignal<Fields>, b: DeviceSignal<Fields>): boolean {
  return (compareText(a.lastCollectedAt ?? '', b.lastCollectedAt ?? '') || compareText(JSON.stringify(a.fields), JSON.stringify(b.fields))) < 0;
}
