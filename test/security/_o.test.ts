import { it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/index.js';
import { deviceRecord, seedConnection, seedRun } from '../web/helpers/seed.js';
it('o', async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'o-'));
  process.env.IRU_EVIDENCE_HOME = home; process.env.TEMPORAL_ADDRESS = '127.0.0.1:1'; process.env.LOG_LEVEL = 'silent';
  const store = openStore(); const c = await seedConnection(store, 'acme');
  await seedRun(store, c, { collectedAt: new Date().toISOString(), artifacts: [{ type: 'device-inventory', records: [deviceRecord(1)] }] }); await store.close();
  const file = path.join(home, 'afile'); writeFileSync(file, 'x');
  for (const args of [['artifacts','export','--connection=acme','--out=/dev/null/x'], ['artifacts','export','--connection=acme',`--out=${file}`], ['artifacts','export','--connection=acme','--format=zip','--framework=soc2',`--out=${file}`], ['artifacts','export','--connection=acme','--out=/proc/1/x'], ['collect','--json=yes'], ['artifacts','list','--connection=acme','--json=1']]) {
    let err = ''; const s = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true)); const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['node', 'x', ...args]); s.mockRestore(); o.mockRestore();
    process.stderr.write(`RESULT ${args.join(' ')} => ${code}: ${err.slice(0, 300).replace(/\n/g, ' | ')}\n`);
  }
});
