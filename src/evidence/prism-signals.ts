import type { SourceRow } from '../iru/index.js';
import type { BuildContext } from './artifact-definition.js';
import { rowsOf, type SourceWithRows } from './rows.js';
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

/** The sources whose rows say when Prism collected each device's signal. */
type PrismSignalSource = { [S in SourceWithRows<PrismRow>]: 'last_collected_at' extends keyof SourceRow<S> ? S : never }[SourceWithRows<PrismRow>];

/**
 * A one-row-per-device Prism category as a Map keyed by device id, holding only the fields an Artifact needs.
 * Should a device appear twice, the newer row wins (ties broken by content), so the result does not depend on page order.
 */
export async function signalsByDevice<S extends PrismSignalSource, Fields>(
  context: BuildContext,
  source: S,
  pick: (row: SourceRow<S>) => Fields,
): Promise<Map<string, DeviceSignal<Fields>>> {
  const signals = new Map<string, DeviceSignal<Fields>>();
  for await (const row of rowsOf(context, source)) {
    const { device_id, last_collected_at }: PrismRow = row;
    keepNewer(signals, device_id, { fields: pick(row), lastCollectedAt: normalizeTimestamp(last_collected_at) });
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
