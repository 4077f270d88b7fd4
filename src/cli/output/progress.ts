import {
  collectedFraction,
  counted,
  estimateText,
  formatCount,
  liveProgress,
  nounFor,
  stageLabel,
  type AskWorkflow,
  type LiveProgress,
} from '../../collector/live-progress.js';
import { formatDuration } from '../../diagnose/duration.js';
import type { EvidenceStore } from '../../store/index.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const BAR_WIDTH = 24;

/** A live progress bar on a terminal (stderr) while a collection runs; nothing when stderr is not a TTY. */
export function watchProgress(store: EvidenceStore, runId: string, ask?: AskWorkflow): () => void {
  if (!process.stderr.isTTY) return () => {};
  let tick = 0;
  let drawing = false;
  const timer = setInterval(async () => {
    if (drawing) return; // a slow store or query: skip a frame rather than pile them up
    drawing = true;
    try {
      const line = progressLine(await liveProgress(store, runId, { ask }), FRAMES[tick++ % FRAMES.length]!);
      process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 80) - 1)}`);
    } catch {
      // The next frame tries again; the collection itself is unaffected.
    } finally {
      drawing = false;
    }
  }, 500);
  return () => {
    clearInterval(timer);
    process.stderr.write('\r\x1b[2K');
  };
}

/** One line: what the collection is doing, a bar of the planned requests made, rows fetched and time taken. */
export function progressLine(progress: LiveProgress | undefined, frame: string): string {
  if (!progress) return `${frame} starting…`;
  const took = formatDuration(progress.elapsedMs);
  if (progress.stage === 'planning' || progress.stage === 'waiting-for-budget') return `${frame} ${stageLabel(progress)} · ${took}`;
  const rows = `${counted(progress.rows, 'row')} · ${took}`;
  const fraction = collectedFraction(progress);
  if (fraction === undefined) return `${frame} ${stageLabel(progress)} · ${counted(progress.requests.fetched, 'request')} · ${rows}`;
  const requests = `${formatCount(progress.requests.fetched)}${estimateText(progress)} ${nounFor(progress.requests.estimated ?? progress.requests.fetched, 'request')}`;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  return `${frame} collecting ${bar} ${Math.floor(fraction * 100)}% · ${requests} · ${rows}`;
}
