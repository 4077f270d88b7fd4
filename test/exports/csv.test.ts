import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactCsvChunks, recordsCsv } from '../../src/exports/csv-export.js';
import { exportCsv } from '../../src/exports/csv-files.js';
import { flatColumns } from '../../src/read-model/flatten-record.js';
import { tempStore } from '../helpers/store.js';
import { deviceRecord, seedConnection, seedRun } from '../web/helpers/seed.js';

const records = [
  {
    deviceId: 'a',
    deviceName: '=HYPERLINK("http://evil","click")',
    user: { id: 'u1', email: null },
    tags: ['x', 'y'],
    note: 'line one\nline "two"',
    count: -3,
  },
  { deviceId: 'b', deviceName: '+cmd', user: { id: 'u2' }, tags: [], extra: '@sum' },
];

const storage = tempStore();
afterAll(() => storage.cleanup());

async function text(chunks: AsyncIterable<unknown>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk as string | Buffer));
  return Buffer.concat(parts).toString('utf8');
}

const devices = [deviceRecord(1), deviceRecord(2, { deviceName: '=cmd', tags: ['a', 'b'] }), deviceRecord(3, { assetTag: 'A-3' })];

async function stored() {
  const connection = await seedConnection(storage.store);
  const { artifacts } = await seedRun(storage.store, connection, {
    collectedAt: '2024-06-01T00:00:00.000Z',
    artifacts: [{ type: 'device-inventory', records: devices }],
  });
  return (await storage.store.getArtifact(artifacts[0]!.id))!;
}

describe('CSV per Artifact', () => {
  it('flattens nested fields into columns, quotes what needs it, and defuses formulas', async () => {
    const csv = await text(recordsCsv(await flatColumns(records), records));
    const lines = csv.split('\n');
    expect(lines[0]).toBe('deviceId,deviceName,user.id,user.email,tags,note,count,extra');
    expect(csv).toContain(`a,"'=HYPERLINK(""http://evil"",""click"")",u1,,x; y,"line one\nline ""two""",-3,`);
    expect(csv).toContain("b,'+cmd,u2,,,,,'@sum");
  });

  it('streams a stored Artifact in two passes over its records, columns in the schema order of its fields', async () => {
    const artifact = await stored();
    const csv = await text(artifactCsvChunks(storage.store, artifact));
    expect(csv.split('\n')[0]).toMatch(/^deviceId,deviceName,serialNumber,platform,/);
    // Stored records are canonical JSON (fields sorted by name); the CSV is as if written from the records as built.
    expect(csv).toBe(await text(recordsCsv(await flatColumns(devices), devices)));
  });

  it('writes one CSV per Artifact with a manifest of their hashes, like the JSON export', async () => {
    const artifact = await stored();
    const out = mkdtempSync(path.join(tmpdir(), 'iru-csv-'));
    const manifest = await exportCsv(storage.store, [artifact], 'acme', out, new Date('2024-06-02T00:00:00.000Z'));
    expect(manifest).toMatchObject({
      connection: 'acme',
      exportedAt: '2024-06-02T00:00:00.000Z',
      files: [{ file: 'device-inventory.csv', type: 'device-inventory', artifactId: artifact.id, records: 3 }],
    });
    const bytes = readFileSync(path.join(out, 'device-inventory.csv'));
    expect(manifest.files[0]!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'))).toEqual(manifest);
  });
});
