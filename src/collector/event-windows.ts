import { planEventWindow, type ArtifactDefinition, type EventWindow } from '../evidence/index.js';
import type { EvidencePeriod } from '../evidence/types/artifact.generated.js';
import { endpoint } from '../iru/index.js';
import type { EvidenceStore } from '../store/index.js';

/**
 * The windows of a run's Artifacts of events, by Artifact type: each continues the connection's current Artifact of its
 * type where that loses nothing (src/evidence/evidence-period.ts), so the run reads only the events since it.
 */
export async function planEventWindows(
  store: EvidenceStore,
  connectionId: string,
  to: string,
  days: number,
  definitions: readonly Pick<ArtifactDefinition, 'type' | 'window'>[],
): Promise<Map<string, EventWindow>> {
  const windowed = definitions.filter((d) => d.window);
  const windows = new Map<string, EventWindow>();
  if (windowed.length === 0) return windows;
  const current = await store.currentArtifacts(connectionId);
  for (const definition of windowed) {
    const earlier = current.find((a) => a.type === definition.type);
    const covers = earlier ? (JSON.parse(earlier.envelope) as { covers?: EvidencePeriod }).covers : undefined;
    const { historyDays } = timeWindowOf(definition.window!);
    windows.set(definition.type, planEventWindow({ to, days, historyDays, ...(earlier ? { earlier: { id: earlier.id, covers } } : {}) }));
  }
  return windows;
}

/** The query that reads a source's events for a window: from where the run reads to the window's end, both included. */
export function windowQuery(source: string, window: EventWindow): Record<string, string> {
  const { fromParam, toParam } = timeWindowOf(source);
  return { [fromParam]: window.readFrom, [toParam]: window.to };
}

function timeWindowOf(source: string) {
  const timeWindow = endpoint(source).timeWindow;
  if (!timeWindow) throw new Error(`The ${source} endpoint has no time window in the catalog`);
  return timeWindow;
}
