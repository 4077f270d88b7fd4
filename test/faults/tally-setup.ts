import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * For the long fault matrix: every file's Tally appends its counts to one file (FAULT_TALLY_FILE); at the end the
 * totals are printed in one line, for CI logs and the closing note.
 */
export default function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'iru-fault-tally-'));
  const file = path.join(dir, 'tally.jsonl');
  process.env.FAULT_TALLY_FILE = file;
  return () => {
    const rows = existsSync(file)
      ? readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, number | string>)
      : [];
    const sum = (key: string) => rows.reduce((total, row) => total + Number(row[key] ?? 0), 0);
    console.log(
      `\n[faults:total] runs under faults: ${sum('runs')}, faults injected: ${sum('faults')}, faults survived: ${sum('survived')}, records ` +
        `lost: ${sum('recordsLost')}, records duplicated: ${sum('duplicated')} (${rows.map((r) => r.label).join('; ')})`,
    );
    rmSync(dir, { recursive: true, force: true });
  };
}
