// The record of the embedded Temporal server the product started: only a 0600 file of ours naming the live listener counts.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/temporal/free-port.js';
import {
  newServerRecord,
  pidListensOn,
  portInUse,
  readServerRecord,
  recordOwnsPort,
  removeServerRecord,
  writeServerRecord,
} from '../../src/temporal/server-record.js';

const dir = mkdtempSync(path.join(tmpdir(), 'iru-server-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the server record file', () => {
  it('is written 0600 and read back; removed only by the start that wrote it', () => {
    const file = path.join(dir, 'a', 'temporal-server.json');
    const record = newServerRecord(process.pid, 7233);
    writeServerRecord(file, record);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readServerRecord(file)).toEqual(record);
    removeServerRecord(file, newServerRecord(process.pid, 7233).token);
    expect(readServerRecord(file), 'another start does not remove it').toEqual(record);
    removeServerRecord(file, record.token);
    expect(readServerRecord(file)).toBeUndefined();
  });

  it('is ignored when others may read or write it, or when it does not parse', () => {
    const file = path.join(dir, 'loose.json');
    writeServerRecord(file, newServerRecord(process.pid, 7233));
    chmodSync(file, 0o644);
    expect(readServerRecord(file)).toBeUndefined();
    writeFileSync(path.join(dir, 'bad.json'), '{"pid":"1"}', { mode: 0o600 });
    expect(readServerRecord(path.join(dir, 'bad.json'))).toBeUndefined();
    expect(readServerRecord(path.join(dir, 'missing.json'))).toBeUndefined();
  });
});

describe('who listens on the port', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('the listening pid owns the port; a live pid that does not listen, a dead pid or another port do not', async () => {
    expect(await portInUse(port)).toBe(true);
    expect(pidListensOn(process.pid, port)).toBe(true);
    expect(recordOwnsPort({ ...newServerRecord(process.pid, port) }, port)).toBe(true);
    expect(recordOwnsPort({ ...newServerRecord(process.pid, port) }, port + 1), 'recorded for another port').toBe(false);
    expect(recordOwnsPort(undefined, port)).toBe(false);
    expect(pidListensOn(process.ppid, port), 'alive, not the listener').toBe(false);
    expect(pidListensOn(2 ** 22 + 1, port), 'no such process').toBe(false);
    const free = await freePort();
    expect(await portInUse(free)).toBe(false);
  });
});
