import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/commands/diagnose.js';
import { diagnoseConnection, type Diagnosis } from '../../src/diagnose/index.js';
import { SOURCE_NAMES } from '../../src/iru/index.js';
import { collectOnce, simulatedTenant } from '../helpers/collect.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { permissionsExcept, tenant } from './helpers.js';

const DEVICES = 3_000;
const healthy = simulatedTenant({ seed: 31, devices: DEVICES });

afterEach(() => {
  process.exitCode = undefined;
});

const diagnoseCli = (baseUrl: string, token: string, ...flags: string[]) =>
  runCliInProcess(['diagnose', '--base-url', baseUrl, ...flags], { IRU_API_TOKEN: token });

describe(`diagnose estimates the collection the planner runs (${DEVICES} devices)`, () => {
  it('a healthy tenant: exit 0, "No problems found", and an estimate within 1.2x of the requests the next collection makes', async () => {
    const sim = healthy.sim();
    const d = await diagnoseConnection({ baseUrl: sim.url, token: healthy.token });
    expect(d.verdict).toBe('healthy');
    expect(d.problems).toEqual([]);
    expect(exitCodeFor(d)).toBe(0);
    // The plan's sources and paths: library items read per item, never the per-device fallback (one request per device).
    expect(d.cost!.sources.map((s) => s.source)).toEqual(SOURCE_NAMES);
    expect(d.cost!.sources.find((s) => s.source === 'library-item-status')!.via).toBe('library-item-status');
    expect(d.cost!.waitsForNextWindow).toBe(false);

    const text = await diagnoseCli(sim.url, healthy.token);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Diagnosis of .*\nNo problems found: token accepted/);
    expect(text.stdout).not.toMatch(/Problems|Warnings/);
    expect(text.stdout).toMatch(/Planned collection \(requests per source, and the path read\):\n {2}devices +\d+ {2}count\n/);
    const json = await diagnoseCli(sim.url, healthy.token, '--json');
    expect(json.code).toBe(0);
    const fromJson = JSON.parse(json.stdout) as Diagnosis;
    expect(fromJson.verdict).toBe('healthy');
    expect(fromJson.cost!.requests).toBe(d.cost!.requests);

    const temporal = healthy.temporal();
    const before = sim.requestLog.length;
    const { summary } = await collectOnce(temporal.client, temporal.taskQueue, healthy.store, { baseUrl: sim.url, token: healthy.token });
    expect(summary.status).toBe('succeeded');
    const made = sim.requestLog.length - before;
    const ratio = d.cost!.requests / made;
    console.log(`diagnose estimated ${d.cost!.requests} requests; the collection made ${made} (ratio ${ratio.toFixed(3)})`);
    expect(ratio).toBeGreaterThanOrEqual(1 / 1.2);
    expect(ratio).toBeLessThanOrEqual(1.2);
    // One function: wherever the planner counted a source, its figure is diagnose's; both read the same paths.
    const planned = summary.plan!.sources;
    expect(planned.map((s) => s.name)).toEqual(SOURCE_NAMES);
    for (const s of planned.filter((p) => p.basis === 'count')) expect(d.cost!.sources.find((c) => c.source === s.name)!.requests, s.name).toBe(s.requests);
    expect(summary.plan!.probeRequests).toBe(d.cost!.planningRequests);
    expect(summary.sources.every((s) => s.via === undefined)).toBe(true);
  });
});

describe('diagnose verdicts: problems, warnings apart, exit codes', () => {
  it('a permission missing (403) whose signal another route reads: a warning, listed apart, exit 0', async () => {
    const token = randomUUID();
    const sim = await tenant({ tokens: { [token]: { permissions: permissionsExcept('prism-filevault'), missingPermissionStatus: 403 } } });
    const d = await diagnoseConnection({ baseUrl: sim.url, token });
    expect(d.verdict).toBe('warnings');
    expect(d.problems.map((p) => [p.code, p.severity, p.endpoint])).toEqual([['permission_denied_rerouted', 'warning', 'prism-filevault']]);
    expect(d.summary).toMatch(/^No problems found, 1 warning\(s\): /);
    // The estimate counts the refused request and the route's two lists (true and false), as the collector reads them.
    expect(d.cost!.sources.find((s) => s.source === 'prism-filevault')).toMatchObject({ basis: 'denied-route', requests: 3 });

    const run = await diagnoseCli(sim.url, token);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\nWarnings \(the evidence stays complete\):\n {2}- Iru answered 403 Forbidden for GET \/api\/v1\/prism\/filevault/);
    expect(run.stdout).toContain('reads the same signal through GET /api/v1/devices?filevault_enabled=true|false instead');
    expect(run.stdout).not.toMatch(/Problems/);
  });

  it('the same permission answered with 401: the collector takes no route on a 401, so it is a problem, exit 1', async () => {
    const token = randomUUID();
    const sim = await tenant({ tokens: { [token]: { permissions: permissionsExcept('prism-filevault'), missingPermissionStatus: 401 } } });
    const d = await diagnoseConnection({ baseUrl: sim.url, token });
    expect(d.verdict).toBe('problems');
    expect(d.problems.map((p) => [p.code, p.severity])).toEqual([['permission_denied', 'error']]);
    const run = await diagnoseCli(sim.url, token);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Diagnosis of .*\nProblems found: /);
    expect(run.stdout).toMatch(/\nProblems \(the evidence would be incomplete\):\n {2}- Iru answered 401 Unauthorized for GET \/api\/v1\/prism\/filevault/);
  });

  it('the per-device fallback missing costs no evidence: a warning, exit 0', async () => {
    const token = randomUUID();
    const sim = await tenant({ tokens: { [token]: { permissions: permissionsExcept('device-library-items') } } });
    const d = await diagnoseConnection({ baseUrl: sim.url, token });
    expect(d.verdict).toBe('warnings');
    expect(d.problems.map((p) => [p.code, p.severity, p.endpoint])).toEqual([['fallback_unavailable', 'warning', 'device-library-items']]);
    expect((await diagnoseCli(sim.url, token)).code).toBe(0);
  });
});
