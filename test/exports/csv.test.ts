import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCsv } from '../../src/exports/csv-files.js';
import { artifactCsv, artifactCsvStream } from '../../src/exports/csv-export.js';
import { fileSha256 } from '../../src/exports/artifact-files.js';
import type { StoredArtifact } from '../../src/store/index.js';
import { sealArtifact } from '../web/helpers/seed.js';

const records = [
  { deviceId: 'a', deviceName: '=HYPERLINK("http://evil","click")', user: { id: 'u1', email: null }, tags: ['x', 'y'], note: 'line one\nline "two"', count: -3 },
  { deviceId: 'b', deviceName: '+cmd', user: { id: 'u2' }, tags: [], extra: '@sum' },
];

describe('CSV per Artifact', () => {
  it('flattens nested fields into columns, quotes what needs it, and defuses formulas', () => {
    const text = artifactCsv(records).toString('utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('deviceId,deviceName,user.id,user.email,tags,note,count,extra');
    expect(text).toContain(`a,"'=HYPERLINK(""http://evil"",""click"")",u1,,x; y,"line one\nline ""two""",-3,`);
    expect(text).toContain("b,'+cmd,u2,,,,,'@sum");
  });

  it('streams the same bytes it writes', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of artifactCsvStream(records)) chunks.push(Buffer.from(chunk as string));
    expect(Buffer.concat(chunks).toString('utf8')).toBe(artifactCsv(records).toString('utf8'));
  });

  it('writes one CSV per Artifact with a manifest of their hashes, like the JSON export', () => {
    const artifact = sealArtifact('c1', 'r1', '2024-06-01T00:00:00.000Z', 24, { type: 'device-inventory', records });
    const stored: StoredArtifact = { id: artifact.id, connectionId: 'c1', runId: 'r1', type: artifact.type, collectedAt: artifact.collectedAt, sha256: artifact.sha256, contentSha256: artifact.contentSha256, recordCount: 2, published: true, document: JSON.stringify(artifact) };
    const out = mkdtempSync(path.join(tmpdir(), 'iru-csv-'));
    const manifest = exportCsv([stored], 'acme', out, new Date('2024-06-02T00:00:00.000Z'));
    expect(manifest).toMatchObject({ connection: 'acme', exportedAt: '2024-06-02T00:00:00.000Z', files: [{ file: 'device-inventory.csv', type: 'device-inventory', artifactId: artifact.id, records: 2 }] });
    const bytes = readFileSync(path.join(out, 'device-inventory.csv'));
    expect(manifest.files[0]!.sha256).toBe(fileSha256(bytes));
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'))).toEqual(manifest);
  });
});
