import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findFramework } from '../../src/read-model/framework-lookup.js';
import { assessmentResults } from '../../src/exports/oscal/oscal-export.js';
import { checkEvidence, worstVerdict, VERDICTS } from '../../src/read-model/action-judgement.js';
import type { EvidenceVersion } from '../../src/read-model/artifact-envelope.js';
import { auditPeriod } from '../../src/read-model/audit-period.js';
import { periodEvidence } from '../../src/read-model/period-evidence.js';
import { controlPosture, currentEvidence, frameworkPosture } from '../../src/read-model/posture.js';
import type { Connection } from '../../src/store/index.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { apiDevice, buildRun } from '../helpers/build-run.js';
import { tempStore } from '../helpers/store.js';

const SCHEMA = path.resolve(process.cwd(), '../shared/reference/oscal/oscal_assessment-results_schema.json');
type Json = Record<string, any>;

/** A version of `type` whose summary counts the given results (and gaps), collected an hour before AS_OF. */
function version(counts: Record<string, number>, gaps: { reason: 'missing_data'; count: number }[] = []): EvidenceVersion {
  const envelope = {
    id: 'art_000000000000000000000001',
    type: 'os-currency',
    title: 'OS currency',
    collectedAt: '2026-03-05T11:00:00.000Z',
    expiresAt: '2026-03-07T11:00:00.000Z',
    summary: { counts, coverage: { evaluated: 0, total: 0, text: '', gaps } },
  };
  return {
    id: envelope.id,
    connectionId: 'c1',
    type: 'os-currency',
    collectedAt: envelope.collectedAt,
    expiresAt: envelope.expiresAt,
    envelope,
  } as unknown as EvidenceVersion;
}

const AS_OF = new Date('2026-03-05T12:00:00.000Z');
const judged = (counts: Record<string, number>, gaps: { reason: 'missing_data'; count: number }[] = []) =>
  checkEvidence('os-currency', { id: 'c1', name: 'acme' }, version(counts, gaps), undefined, AS_OF);

describe('the excepted verdict', () => {
  it('sits between not evaluable and satisfied, worst first', () => {
    expect(VERDICTS).toEqual(['not_satisfied', 'not_evaluable', 'excepted', 'satisfied']);
    expect(worstVerdict(['satisfied', 'excepted'])).toBe('excepted');
    expect(worstVerdict(['excepted', 'not_evaluable'])).toBe('not_evaluable');
    expect(worstVerdict(['excepted', 'not_satisfied'])).toBe('not_satisfied');
  });

  it('is a check with excepted subjects and nothing failing or unevaluated; a failure or a gap outweighs it', () => {
    const excepted = judged({ pass: 8, fail: 0, excepted: 2 });
    expect(excepted).toMatchObject({ verdict: 'excepted', failing: 0, excepted: 2 });
    expect(excepted.reasons.join()).toMatch(/2 subjects failed but are excepted/);
    expect(judged({ pass: 8, fail: 1, excepted: 2 })).toMatchObject({ verdict: 'not_satisfied', failing: 1, excepted: 2 });
    expect(judged({ pass: 8, excepted: 2, not_evaluable: 1 }, [{ reason: 'missing_data', count: 1 }])).toMatchObject({ verdict: 'not_evaluable' });
    expect(judged({ pass: 8, fail: 0 })).toMatchObject({ verdict: 'satisfied', excepted: 0, reasons: [] });
  });
});

describe('an exception through posture and OSCAL', () => {
  // cis-v8 7.3 maps os-currency alone: m2 runs macOS 13.6, below the 14.0 minimum, and fails it; m1 passes.
  const CONTROL = '7.3';
  const DURING = '2026-03-05T12:00:00.000Z';
  const AFTER = '2026-03-11T06:00:00.000Z';
  let store: SqliteStore;
  let cleanup: () => Promise<void>;
  let connection: Connection;

  beforeEach(async () => {
    ({ store, cleanup } = tempStore());
    connection = await store.saveConnection({ name: 'acme', baseUrl: 'http://127.0.0.1:9/api/v1', token: 'token-acme', freshnessHours: 48 });
    await store.createException({
      id: 'exc-m2',
      connectionId: connection.id,
      deviceId: 'm2',
      check: 'os-currency',
      justification: 'Kiosk pinned to macOS 13 until the vendor certifies 14',
      approver: 'alice',
      createdAt: '2026-03-01T00:00:00.000Z',
      expiresOn: '2026-03-10',
    });
  });
  afterEach(async () => cleanup());

  const collect = (collectedAt: string) => {
    const checkedIn = new Date(Date.parse(collectedAt) - 3_600_000).toISOString();
    const devices = [apiDevice('m1', { last_check_in: checkedIn }), apiDevice('m2', { os_version: '13.6', last_check_in: checkedIn })];
    return buildRun(store, connection, { collectedAt, devices, types: ['os-currency', 'device-inventory'] });
  };
  const posture = async (asOf: string) => {
    const evidence = await currentEvidence(store, connection, new Date(asOf));
    const framework = findFramework('cis-v8');
    return {
      control: controlPosture(
        framework.controls.find((c) => c.id === CONTROL)!,
        evidence,
      ),
      framework: frameworkPosture(framework, evidence),
    };
  };

  it('makes the control excepted while in force, and not satisfied after the exception expired', async () => {
    await collect(DURING);
    const during = await posture(DURING);
    expect(during.control.verdict).toBe('excepted');
    const check = during.control.actions[0]!.evidence[0]!.checks[0]!;
    expect(check).toMatchObject({ verdict: 'excepted', failing: 0, excepted: 1 });
    expect(check.reasons.join()).toContain('m2 approved by alice until 2026-03-10: Kiosk pinned to macOS 13');
    expect(during.framework.counts.excepted).toBeGreaterThanOrEqual(1);

    await collect(AFTER);
    const after = await posture(AFTER);
    expect(after.control.verdict).toBe('not_satisfied');
    expect(after.control.actions[0]!.evidence[0]!.checks[0]).toMatchObject({ failing: 1, excepted: 0 });
  });

  it.skipIf(!existsSync(SCHEMA))(
    'OSCAL: the finding is not-satisfied (other) with a deviation-approved risk per exception, valid against NIST 1.0.6',
    async () => {
      // Collected at the start of the period's only day, so the evidence covers all of it (a partly covered day is a gap).
      await collect('2026-03-05T00:00:00.000Z');
      const now = new Date(DURING);
      const scope = { framework: findFramework('cis-v8'), period: auditPeriod('2026-03-05', '2026-03-05', now), connection };
      let text = '';
      for await (const chunk of assessmentResults(store, await periodEvidence(store, scope, now), now)) text += chunk;
      const document = JSON.parse(text) as Json;
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats.default(ajv);
      const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
      expect(validate(document), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

      const result = document['assessment-results'].results[0];
      const finding = result.findings.find((f: Json) => f.props.some((p: Json) => p.name === 'control' && p.value === CONTROL));
      expect(finding.target.status).toEqual({ state: 'not-satisfied', reason: 'other' });
      expect(finding.props).toContainEqual(expect.objectContaining({ name: 'verdict', value: 'excepted' }));
      expect(finding.props).toContainEqual(expect.objectContaining({ name: 'excepted', value: '1' }));
      expect(finding.remarks).toMatch(/^Not satisfied, by approved exceptions only/);
      expect(result.risks).toHaveLength(1);
      const risk = result.risks[0];
      expect(finding['related-risks']).toEqual([{ 'risk-uuid': risk.uuid }]);
      expect(risk).toMatchObject({
        status: 'deviation-approved',
        deadline: '2026-03-11T00:00:00.000Z',
        description: 'Kiosk pinned to macOS 13 until the vendor certifies 14',
      });
      const riskProps = Object.fromEntries(risk.props.map((p: Json) => [p.name, p.value]));
      expect(riskProps).toMatchObject({
        'exception-id': 'exc-m2',
        'device-id': 'm2',
        check: 'os-currency',
        approver: 'alice',
        'last-day': '2026-03-10',
        'excepted-records': '1',
      });

      const observation = result.observations.find((o: Json) => o.props.some((p: Json) => p.name === 'artifact-type' && p.value === 'os-currency'));
      // os-currency records name their device since they carry its identity (the fixture names m2 "Mac m2").
      const m2 = observation.subjects.find((s: Json) => s.title === 'Mac m2');
      expect(m2.props).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'result', value: 'excepted' }),
          expect.objectContaining({ name: 'excepted-result', value: 'fail' }),
          expect.objectContaining({ name: 'exception-id', value: 'exc-m2' }),
          expect.objectContaining({ name: 'reason', value: 'below_minimum_os_version' }),
        ]),
      );
      expect(observation.remarks).toContain('Exception exc-m2 (in force, 1 records excepted): device m2, os-currency, approved by alice, last day 2026-03-10');
    },
  );
});
