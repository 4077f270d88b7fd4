import { ENDPOINTS } from '../../iru/index.js';
import type { EvidenceStore } from '../../store/index.js';

/** A live progress line on a terminal (stderr) while a collection runs; nothing when stderr is not a TTY. */
export function watchProgress(store: EvidenceStore, runId: string): () => void {
  if (!process.stderr.isTTY) return () => {};
  const started = Date.now();
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let tick = 0;
  const timer = setInterval(async () => {
    const parts: string[] = [];
    for (const name of Object.keys(ENDPOINTS)) {
      const progress = await store.sourceProgress(runId, name);
      if (progress.pages > 0) parts.push(`${name} ${progress.rows} rows/${progress.pages} pages`);
    }
    const elapsed = Math.round((Date.now() - started) / 1000);
    process.stderr.write(`\r\x1b[2K${frames[tick++ % frames.length]} collecting ${elapsed}s  ${parts.join('  ') || 'starting…'}`);
  }, 250);
  return () => {
    clearInterval(timer);
    process.stderr.write('\r\x1b[2K');
  };
}
