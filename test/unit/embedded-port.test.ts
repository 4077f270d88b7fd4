import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemporalConfig } from '../../temporal.config.js';
import { embeddedPort, readChosenPort } from '../../src/temporal/embedded-port.js';

const root = mkdtempSync(path.join(tmpdir(), 'iru-embedded-port-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the embedded Temporal port', () => {
  it('is not a fixed well-known port unless the admin sets one', () => {
    const home = path.join(root, 'config');
    const config = loadTemporalConfig({ IRU_EVIDENCE_HOME: home });
    expect(config.mode).toBe('embedded');
    if (config.mode !== 'embedded') return;
    expect(config.port).toBeUndefined();
    expect(config.portFile).toBe(path.resolve(home, 'temporal-port'));
    const set = loadTemporalConfig({ IRU_EVIDENCE_HOME: home, IRU_EVIDENCE_TEMPORAL_PORT: '7233' });
    expect(set.mode === 'embedded' && set.port).toBe(7233);
  });

  it('is chosen free on first start, kept owner-only, and the same for every later start', async () => {
    const portFile = path.join(root, 'fresh', 'temporal-port');
    const first = await embeddedPort({ portFile });
    expect(first).toBeGreaterThan(0);
    expect(readFileSync(portFile, 'utf8')).toBe(`${first}\n`);
    expect(statSync(portFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(portFile)).mode & 0o777).toBe(0o700);
    const again = await Promise.all(Array.from({ length: 5 }, () => embeddedPort({ portFile })));
    expect(again).toEqual(Array(5).fill(first));
  });

  it('is the admin’s port when set, and the chosen file is then neither read nor written', async () => {
    const portFile = path.join(root, 'set', 'temporal-port');
    expect(await embeddedPort({ port: 17233, portFile })).toBe(17233);
    expect(readChosenPort(portFile)).toBeUndefined();
  });

  it('concurrent first starts in one process agree on one port', async () => {
    const portFile = path.join(root, 'race', 'temporal-port');
    const ports = await Promise.all(Array.from({ length: 8 }, () => embeddedPort({ portFile })));
    expect(new Set(ports).size).toBe(1);
  });

  it('refuses a port file that does not hold a port, naming it', async () => {
    const portFile = path.join(root, 'junk-temporal-port');
    writeFileSync(portFile, 'not a port\n', { mode: 0o600 });
    await expect(embeddedPort({ portFile })).rejects.toThrow(`${portFile} does not hold a port number`);
  });
});
