import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifactDocument } from '../../src/evidence/index.js';
import { assessmentResults } from '../../src/exports/oscal/oscal-export.js';
import { auditPeriod } from '../../src/read-model/audit-period.js';
import { findFramework } from '../../src/read-model/framework-lookup.js';
import { periodEvidence } from '../../src/read-model/period-evidence.js';
import { tempStore } from '../helpers/store.js';
import { NOW, seedPeriod, type PeriodFixture } from './helpers/period-fixture.js';

const SCHEMA = path.resolve(process.cwd(), '../shared/reference/oscal/oscal_assessment-results_schema.json');
const storage = tempStore();
let fixture: PeriodFixture;

type Json = Record<string, any>;

async function exportFor(framework: string, withConnection = false): Promise<Json> {
  const scope = {
    framework: findFramework(framework),
    period: auditPeriod('2024-06-01', '2024-06-07', NOW),
    ...(withConnection ? { connection: fixture.connection } : {}),
  };
  let text = '';
  for await (const chunk of assessmentResults(storage.store, await periodEvidence(storage.store, scope, NOW), NOW)) text += chunk;
  return JSON.parse(text) as Json;
}

beforeAll(async () => {
  fixture = await seedPeriod(storage.store);
});

afterAll(() => storage.cleanup());

describe.skipIf(!existsSync(SCHEMA))('OSCAL Assessment Results', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = existsSync(SCHEMA) ? ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8'))) : undefined;

  it.each(['soc2', 'iso27001-2022', 'nist-800-53r5', 'cis-v8', 'hipaa', 'pci-dss-4.0'])('validates against NIST schema 1.0.6 for %s', async (framework) => {
    const document = await exportFor(framework, framework === 'hipaa');
    const valid = validate!(document);
    expect(validate!.errors?.slice(0, 5) ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has one observation per Artifact version, with collected and expires, and the hashed evidence in back-matter', async () => {
    const ar = (await exportFor('soc2'))['assessment-results'];
    const result = ar.results[0];
    expect(result.observations).toHaveLength(fixture.inPeriod.length);
    const resources = new Map(ar['back-matter'].resources.map((r: Json) => [r.uuid, r]));
    for (const observation of result.observations) {
      expect(observation.collected).toMatch(/^2024-06-0\dT/);
      expect(Date.parse(observation.expires) - Date.parse(observation.collected)).toBe(48 * 3_600_000);
      const evidence = observation['relevant-evidence'][0];
      const resource = resources.get(evidence.href.slice(1)) as Json;
      const artifactId = observation.props.find((p: Json) => p.name === 'artifact-id').value;
      const stored = (await storage.store.getArtifact(artifactId))!;
      expect(resource.rlinks[0].href).toMatch(/^artifacts\/__.._evil_corp\/[a-z-]+\/art_[0-9a-f]{24}\.json$/);
      expect(resource.rlinks[0].hashes[0]).toEqual({
        algorithm: 'SHA-256',
        value: (await import('node:crypto'))
          .createHash('sha256')
          .update(await readArtifactDocument(storage.store, stored))
          .digest('hex'),
      });
      expect(evidence.props.find((p: Json) => p.name === 'artifact-sha256').value).toBe(stored.sha256);
    }
    const historic = result.observations.filter((o: Json) => o.types?.includes('historic'));
    expect(historic).toHaveLength(1);
  });

  it('names devices as inventory items, with per-subject results and not-evaluable reasons in props and remarks', async () => {
    const result = (await exportFor('soc2'))['assessment-results'].results[0];
    const items = result['local-definitions']['inventory-items'] as Json[];
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.props.find((p: Json) => p.name === 'asset-id').value).sort()).toEqual(['dev-000001', 'dev-000002', 'dev-000003']);
    expect(items.some((i) => i.props.some((p: Json) => p.name === 'device-name' && p.value === '<img src=x onerror=alert(1)>'))).toBe(true);
    const trust = result.observations.find((o: Json) => o.props.some((p: Json) => p.name === 'artifact-type' && p.value === 'device-trust'));
    expect(trust.subjects).toHaveLength(3);
    expect(trust.subjects.every((s: Json) => s.type === 'inventory-item')).toBe(true);
    const notEvaluable = trust.subjects.find((s: Json) => s.props.some((p: Json) => p.name === 'result' && p.value === 'not_evaluable'));
    expect(notEvaluable.props).toContainEqual(expect.objectContaining({ name: 'not-evaluable-reason', value: 'permission_denied' }));
    expect(trust.props).toContainEqual(expect.objectContaining({ name: 'not-evaluable', class: 'permission_denied', value: '1' }));
    expect(trust.remarks).toContain('1 not evaluable (permission_denied)');
  });

  it('has findings per control action that are only satisfied or not-satisfied, with the reasons', async () => {
    const result = (await exportFor('soc2'))['assessment-results'].results[0];
    const states = new Set(result.findings.map((f: Json) => f.target.status.state));
    expect([...states].every((s) => s === 'satisfied' || s === 'not-satisfied')).toBe(true);
    const trustFinding = result.findings.find((f: Json) => f.props.some((p: Json) => p.name === 'action' && p.value === 'CC4.1.ongoing-evaluation'));
    expect(trustFinding.target.status.state).toBe('not-satisfied');
    expect(trustFinding.remarks).toContain('device-trust');
    expect(trustFinding.remarks).toMatch(/1 subject failed/);
    expect(trustFinding.remarks).toMatch(/1 not evaluable \(permission_denied\)/);
    expect(trustFinding.props).toContainEqual(expect.objectContaining({ name: 'not-evaluable', class: 'permission_denied' }));
    expect(trustFinding['related-observations'].length).toBeGreaterThan(0);
    expect(result['reviewed-controls']['control-selections'][0]['include-controls'].map((c: Json) => c['control-id'])).toContain('soc2_CC6.1');
  });
});
