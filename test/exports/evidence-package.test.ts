import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifactDocument } from '../../src/evidence/index.js';
import { evidencePackage, type PackageManifest } from '../../src/exports/evidence-package.js';
import { auditPeriod } from '../../src/read-model/audit-period.js';
import { findFramework } from '../../src/read-model/framework-lookup.js';
import { tempStore } from '../helpers/store.js';
import { XSS_NAME } from '../web/helpers/seed.js';
import { NOW, seedPeriod, type PeriodFixture } from './helpers/period-fixture.js';
import { readZip } from './helpers/read-zip.js';

const storage = tempStore();
let fixture: PeriodFixture;
let entries: Map<string, Buffer>;
let manifest: PackageManifest;
let fileName: string;

beforeAll(async () => {
  fixture = await seedPeriod(storage.store);
  const pkg = await evidencePackage(storage.store, { framework: findFramework('soc2'), period: auditPeriod('2024-06-01', '2024-06-07', NOW) }, NOW);
  const chunks: Buffer[] = [];
  for await (const chunk of pkg.stream) chunks.push(chunk as Buffer);
  entries = await readZip(Buffer.concat(chunks));
  manifest = await pkg.manifest;
  fileName = pkg.fileName;
});

afterAll(() => storage.cleanup());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the evidence package (ZIP) for a framework and a period', () => {
  it('is named after the framework and period', () => {
    expect(fileName).toBe('evidence-soc2-2024-06-01-2024-06-07.zip');
  });

  it('lists every file but itself in manifest.json with the SHA-256 of its bytes', () => {
    const fromZip = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as PackageManifest;
    expect(fromZip).toEqual(manifest);
    expect(fromZip).toMatchObject({
      format: 'iru-evidence-package/1',
      framework: { id: 'soc2' },
      period: { from: '2024-06-01', to: '2024-06-07' },
      connection: null,
    });
    expect(new Set(fromZip.files.map((f) => f.file))).toEqual(new Set([...entries.keys()].filter((name) => name !== 'manifest.json')));
    for (const file of fromZip.files) expect(sha256(entries.get(file.file)!), file.file).toBe(file.sha256);
  });

  it('holds the Artifact versions valid in the period, byte for byte as stored, and not the others', async () => {
    const artifacts = manifest.files.filter((f) => f.kind === 'artifact');
    expect(artifacts.map((f) => f.artifactId).sort()).toEqual([...fixture.inPeriod].sort());
    for (const file of artifacts) {
      expect(entries.get(file.file)!.toString('utf8')).toBe(await readArtifactDocument(storage.store, (await storage.store.getArtifact(file.artifactId!))!));
    }
    expect(JSON.stringify(manifest)).not.toContain(fixture.outside);
  });

  it('fails its stream and its manifest, rather than writing a short file, when the store fails while streaming', async () => {
    const store = Object.create(storage.store) as typeof storage.store;
    store.artifactRecords = async function* (id: string) {
      yield* storage.store.artifactRecords(id);
      throw new Error('the disk went away');
    };
    const pkg = await evidencePackage(store, { framework: findFramework('soc2'), period: auditPeriod('2024-06-01', '2024-06-07', NOW) }, NOW);
    await expect(
      (async () => {
        for await (const _ of pkg.stream);
      })(),
    ).rejects.toThrow('the disk went away');
    await expect(pkg.manifest).rejects.toThrow('the disk went away');
  });

  it('names files so that no hostile connection name can leave the package folder', () => {
    for (const name of entries.keys()) {
      expect(name).not.toMatch(/(^|\/)\.\.(\/|$)|^\/|\\/);
      expect(name).toMatch(
        /^(index\.html|manifest\.json|oscal\/assessment-results\.json|runs\/[\w.-]+\.json|artifacts\/[\w.-]+\/[a-z-]+\/art_[0-9a-f]{24}\.json)$/,
      );
    }
    expect([...entries.keys()].some((n) => n.startsWith('artifacts/__.._evil_corp/device-inventory/'))).toBe(true);
  });

  it('includes the run records of the period, the failed run too', () => {
    const runs = manifest.files.filter((f) => f.kind === 'run');
    expect(runs.map((r) => (r as { runId: string }).runId)).toContain(fixture.failedRunId);
    const failed = JSON.parse(entries.get(runs.find((r) => (r as { runId: string }).runId === fixture.failedRunId)!.file)!.toString('utf8'));
    expect(failed).toMatchObject({ status: 'failed', summary: { sources: [{ status: 'failed' }] } });
  });

  it('has an index.html that needs nothing outside the package and escapes what it shows', () => {
    const index = entries.get('index.html')!.toString('utf8');
    expect(index).toContain('SOC 2 evidence, 2024-06-01 to 2024-06-07');
    expect(index).not.toMatch(/<script|src="http|href="http|@import|url\(/);
    for (const [, href] of index.matchAll(/href="([^"]+)"/g)) if (href !== '#') expect(entries.has(href!), href).toBe(true);
    expect(index).toContain('__.._evil_corp');
    expect(index).toContain('../../evil corp');
    expect(index).toMatch(/not evaluable|not satisfied/);
    expect(index).not.toContain(XSS_NAME);
  });

  it("draws a year's timelines in index.html one cell per month, as the control page does", async () => {
    const pkg = await evidencePackage(storage.store, { framework: findFramework('soc2'), period: auditPeriod('2023-06-09', '2024-06-07', NOW) }, NOW);
    const chunks: Buffer[] = [];
    for await (const chunk of pkg.stream) chunks.push(chunk as Buffer);
    const index = (await readZip(Buffer.concat(chunks))).get('index.html')!.toString('utf8');
    const timelines = [...index.matchAll(/<svg class="timeline"[^>]* width="(\d+)"[\s\S]*?<\/svg>/g)];
    expect(timelines.length).toBeGreaterThan(0);
    for (const [svg, width] of timelines) {
      expect(Number(width)).toBeLessThanOrEqual(1100);
      const cells = [...svg.matchAll(/<rect [^>]*\by="(\d+)"/g)].map((m) => m[1]);
      // June 2023 to June 2024: 13 calendar months.
      for (const y of new Set(cells)) expect(cells.filter((c) => c === y)).toHaveLength(13);
    }
    expect(index).toContain('One cell per calendar month (UTC)');
  });
});
