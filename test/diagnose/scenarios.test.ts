import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { diagnoseConnection, type Diagnosis, type Lookup } from '../../src/diagnose/index.js';
import { evidenceImpact } from '../../src/diagnose/impact.js';
import { ARTIFACT_DEFINITIONS, type ArtifactDefinition } from '../../src/evidence/index.js';
import { controlActionsFor } from '../../src/evidence/frameworks/index.js';
import { ENDPOINT_NAMES, resolveBaseUrl, SOURCE_NAMES } from '../../src/iru/index.js';
import { ALL, permissionsExcept, requests, tenant } from './helpers.js';

const row = (d: Diagnosis, endpoint: string) => d.permissions.find((p) => p.endpoint === endpoint)!;
const codes = (d: Diagnosis) => d.problems.map((p) => p.code);

/** A DNS that knows only the given hosts. */
function dns(known: Record<string, string>, failure = 'ENOTFOUND'): Lookup {
  return async (hostname) => {
    if (known[hostname]) return [known[hostname]];
    throw Object.assign(new Error(`getaddrinfo ${failure} ${hostname}`), { code: failure });
  };
}

describe('diagnose on the simulator', () => {
  it('a healthy tenant: every endpoint granted, one request per endpoint (a few per per-parent source), a cost estimate', async () => {
    const sim = await tenant();
    const d = await diagnoseConnection({ baseUrl: sim.url, token: ALL });
    expect(d.verdict).toBe('healthy');
    expect(d.canSave).toBe(true);
    expect(d.permissions.map((p) => p.status)).toEqual(ENDPOINT_NAMES.map(() => 'granted'));
    expect(d.problems).toEqual([]);
    // One request per endpoint, plus counts, and a per-parent source of the plan once per sampled parent (distinct ones);
    // every request the simulator saw is counted.
    expect(d.probe.requests).toBe(sim.requestLog.length);
    expect(d.probe.requests).toBeLessThanOrEqual(d.probe.maxRequests);
    expect(new Set(sim.requestLog.map((r) => `${r.path}?${r.query}`)).size).toBe(sim.requestLog.length);
    const perTemplate = new Map<string, number>();
    for (const r of sim.requestLog) {
      const template = `${r.path.replace(/[0-9a-f-]{36}/g, '{id}')}${r.path.endsWith('/prism/count') ? `?${r.query}` : ''}`;
      perTemplate.set(template, (perTemplate.get(template) ?? 0) + 1);
    }
    const perParentPlanSources = ['/api/v1/blueprints/{id}/list-library-items', '/api/v1/library/library-items/{id}/status'];
    for (const [template, count] of perTemplate) expect(count, template).toBeLessThanOrEqual(perParentPlanSources.includes(template) ? 10 : 1);
    // The blueprints' lists are all read (the fleet has fewer than 10 blueprints), so the status lists' parents are exact.
    expect(perTemplate.get(perParentPlanSources[0]!)).toBe(sim.fleet.blueprints.length);
    // The estimate is of the plan the collector runs: its sources and paths, not the per-device fallback it would not take.
    expect(d.cost!.sources.map((s) => [s.source, s.via])).toEqual(SOURCE_NAMES.map((name) => [name, name]));
    expect(d.cost!.sources.find((s) => s.source === 'devices')).toMatchObject({ rows: 40, rowsBasis: 'reported_total', requests: 1 });
    expect(d.cost!.hourlyBudget).toBe(6000);
    expect(d.cost!.remainingThisHour).toBe(10_000 - sim.requestLog.length);
    expect(d.cost!.waitsForNextWindow).toBe(false);
    expect(d.cost!.message).toMatch(
      new RegExp(
        /^One full collection needs about \d+ or more requests: \d+% of the hourly budget of 6000 \(60% of the tenant's 10000 per hour\); /.source +
          /expected duration about (\d+ s|\d+ min( \d+ s)?)\.$/.source,
      ),
    );
    expect(d.target.tokenFingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(JSON.stringify(d)).not.toContain(ALL);
  });

  it('Prism pages without a total: one /prism/count per category fills it, within the probe budget', async () => {
    const sim = await tenant();
    // A proxy that drops Prism's cursor-mode `total`, as several documented examples show it (null).
    const proxy = createServer(async (req, res) => {
      const upstream = await fetch(`${sim.url}${req.url}`, { headers: { authorization: req.headers.authorization ?? '' } });
      let body = await upstream.text();
      if (/^\/api\/v1\/prism\/(?!count)/.test(req.url ?? '') && upstream.ok) body = JSON.stringify({ ...JSON.parse(body), total: null });
      res
        .writeHead(upstream.status, {
          'content-type': 'application/json',
          'x-ratelimit-remaining-hour': upstream.headers.get('x-ratelimit-remaining-hour') ?? '',
        })
        .end(body);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const d = await diagnoseConnection({ baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, token: ALL });
      const prism = d.cost!.sources.filter((s) => s.source.startsWith('prism-'));
      expect(prism.map((s) => s.rowsBasis)).toEqual(prism.map(() => 'prism_count'));
      // Prism covers Apple devices only: the fleet's Windows and Android devices have no device_information row.
      expect(prism.find((s) => s.source === 'prism-device-information')!.rows).toBe(sim.fleet.appleDeviceCount);
      expect(d.probe.countRequests).toBe(prism.length);
      expect(sim.requestLog.filter((r) => r.path.endsWith('/prism/count'))).toHaveLength(prism.length);
      expect(d.probe.requests).toBeLessThanOrEqual(d.probe.maxRequests);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });

  it('a bad token: 401 on every route means invalid, revoked or expired; says where to create one and that it is shown once', async () => {
    const sim = await tenant();
    const d = await diagnoseConnection({ baseUrl: sim.url, token: randomUUID() });
    expect(d.verdict).toBe('token_rejected');
    expect(d.canSave).toBe(false);
    expect(d.auth.status).toBe('rejected');
    expect(d.auth.message).toMatch(/401 Unauthorized on every route .* invalid, revoked or expired/);
    expect(d.auth.remedy).toMatch(/Access > API tokens/);
    expect(d.auth.remedy).toMatch(/shown only once/);
    expect(d.cost).toBeNull();
    expect(codes(d)).toEqual(['token_rejected']);
    expect(new Set(requests(sim).map((r) => r.slice(0, 3)))).toEqual(new Set(['401']));
    // Per-parent endpoints need a parent id, which a rejected token cannot get.
    expect(row(d, 'blueprint-library-items')).toMatchObject({ status: 'not_probed', probedPath: null });
  });

  it('a revoked token is rejected the same way', async () => {
    const revoked = randomUUID();
    const sim = await tenant({ tokens: { [revoked]: { permissions: 'all', revoked: true } } });
    const d = await diagnoseConnection({ baseUrl: sim.url, token: revoked });
    expect(d.verdict).toBe('token_rejected');
  });

  it('the right token on the wrong region: the EU host does not exist, the US one does', async () => {
    const baseUrl = resolveBaseUrl({ region: 'eu', app: 'acme' });
    const d = await diagnoseConnection({ baseUrl, token: ALL, region: 'eu', app: 'acme' }, { lookup: dns({ 'acme.api.kandji.io': '203.0.113.7' }) });
    expect(d.verdict).toBe('unreachable');
    expect(d.host).toMatchObject({
      status: 'dns_not_found',
      errorCode: 'ENOTFOUND',
      suggestion: { region: 'us', app: 'acme', baseUrl: 'https://acme.api.kandji.io/' },
    });
    expect(d.host.message).toBe(
      'No tenant "acme" in region EU: acme.api.eu.kandji.io does not exist (ENOTFOUND), but acme.api.kandji.io does: is the tenant in region US?',
    );
    expect(d.host.remedy).toMatch(/Choose region US \(--region us\)/);
    expect(d.probe.requests).toBe(0);
    expect(d.permissions.every((p) => p.status === 'not_probed')).toBe(true);
  });

  it('an app segment that exists in no region, a DNS that does not answer, and an offline machine', async () => {
    const baseUrl = resolveBaseUrl({ region: 'us', app: 'acmee' });
    const online = { 'iru.com': '192.0.2.10' };
    const missing = await diagnoseConnection({ baseUrl, token: ALL }, { lookup: dns(online) });
    expect(missing.host.message).toMatch(/No tenant "acmee" in region US: .* nor in any other region/);
    expect(missing.host.remedy).toMatch(/Check the app segment/);
    const down = await diagnoseConnection({ baseUrl, token: ALL }, { lookup: dns(online, 'EAI_AGAIN') });
    expect(down.host).toMatchObject({ status: 'dns_unavailable', errorCode: 'EAI_AGAIN' });
    expect(down.host.message).toMatch(/DNS is not answering/);
    // Nothing resolves, neither the tenant in any region nor the vendor's public hosts: offline, not a typo.
    for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
      const offline = await diagnoseConnection({ baseUrl, token: ALL }, { lookup: dns({}, code) });
      expect(offline.host).toMatchObject({ status: 'dns_unavailable', errorCode: code });
      expect(offline.host.message).toBe(`This machine looks offline: no host name resolves, neither acmee.api.kandji.io nor iru.com or kandji.io (${code})`);
      expect(offline.host.message).not.toMatch(/app segment|No tenant/);
    }
  });

  it('connection refused, a TLS failure and a timeout are told apart', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = await diagnoseConnection({ baseUrl: `http://127.0.0.1:${port}`, token: ALL });
    expect(refused.host).toMatchObject({ status: 'connection_refused', errorCode: 'ECONNREFUSED' });
    expect(refused.verdict).toBe('unreachable');
    expect(refused.probe.requests).toBe(1);

    const sim = await tenant();
    const tls = await diagnoseConnection({ baseUrl: sim.url.replace('http:', 'https:'), token: ALL });
    expect(tls.host.status).toBe('tls_error');
    expect(tls.host.message).toMatch(/TLS \(HTTPS\) handshake .* failed/);

    sim.inject({ path: '/api/v1/devices', kind: 'slow', delayMs: 3_000, times: 1 });
    const slow = await diagnoseConnection({ baseUrl: sim.url, token: ALL }, { timeoutMs: 300 });
    expect(slow.host).toMatchObject({ status: 'timeout', errorCode: 'IRU_TIMEOUT' });
  });

  it('a host that answers 404 everywhere is not an Iru API', async () => {
    const server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const d = await diagnoseConnection({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: ALL });
      expect(d.host.status).toBe('not_iru');
      expect(d.verdict).toBe('unreachable');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it.each([403, 401] as const)('missing permissions answered with %i: a permission gap, with the evidence it costs and where to fix it', async (status) => {
    const token = randomUUID();
    const sim = await tenant({ tokens: { [token]: { permissions: permissionsExcept('devices', 'blueprints'), missingPermissionStatus: status } } });
    const d = await diagnoseConnection({ baseUrl: sim.url, token });
    expect(d.verdict).toBe('problems');
    expect(d.auth.status).toBe('ok');
    expect(d.canSave).toBe(true);

    const devices = row(d, 'devices');
    expect(devices).toMatchObject({ status: 'denied', httpStatus: status });
    expect(devices.message).toContain(`Iru answered ${status}`);
    expect(devices.message).toContain('"Device list" (Devices › Device Information, GET /api/v1/devices)');
    if (status === 401) expect(devices.message).toMatch(/not a bad token: other routes accept the same token/);
    expect(devices.remedy).toBe(
      'In Iru, open Access > API tokens, choose this token (⋮ > View) and, on its Permissions tab, enable GET "Device list" (/api/v1/devices) ' +
        'under Devices › Device Information.',
    );
    // The evidence at stake comes from the artifact and framework tables.
    const inventory = ARTIFACT_DEFINITIONS.filter((a) => a.sources.includes('devices')).map((a) => a.type);
    expect(devices.impact!.artifacts.map((a) => a.type)).toEqual(inventory);
    expect(devices.impact!.controlActions.map((a) => a.action).sort()).toEqual(
      [...new Set(inventory.flatMap((t) => controlActionsFor(t).map((a) => a.action)))].sort(),
    );
    expect(devices.impact!.summary).toMatch(/^Without "Device list": device-inventory, .* are not evaluable, so .*SOC 2 .*CC6\.1.* lose evidence\.$/);

    // A denied parent: its per-parent endpoints are not probed, and they are part of its impact.
    const blueprints = row(d, 'blueprints');
    expect(blueprints.status).toBe('denied');
    expect(blueprints.impact!.sources).toEqual(['blueprints', 'blueprint-library-items', 'library-item-status']);
    expect(row(d, 'library-item-status')).toMatchObject({ status: 'not_probed' });
    expect(row(d, 'blueprint-library-items').message).toMatch(/needs a blueprint_id from blueprints, which could not be read/);
    expect(d.problems.filter((p) => p.code === 'permission_denied').map((p) => p.endpoint)).toEqual(['devices', 'blueprints']);
    expect(row(d, 'prism-filevault').status).toBe('granted');
    // The denied endpoints still cost one (failing) request in a collection; their children none.
    expect(d.cost!.sources.find((s) => s.source === 'devices')).toMatchObject({ rowsBasis: 'not_collected', requests: 1 });
    expect(d.cost!.sources.find((s) => s.source === 'library-item-status')).toMatchObject({ requests: 0 });
  });

  it('a token with no permission at all that answers 401 cannot be told from a bad token, and says so', async () => {
    const token = randomUUID();
    const sim = await tenant({ tokens: { [token]: { permissions: [], missingPermissionStatus: 401 } } });
    const d = await diagnoseConnection({ baseUrl: sim.url, token });
    expect(d.verdict).toBe('token_rejected');
    expect(d.auth.remedy).toMatch(/Configure its permissions/);
  });

  it('a tenant without EDR: threats are not entitled (not applicable, not failed) and the connection is healthy', async () => {
    const sim = await tenant({ edr: false });
    const d = await diagnoseConnection({ baseUrl: sim.url, token: ALL });
    expect(row(d, 'threats')).toMatchObject({ status: 'not_entitled', httpStatus: 404, entitlement: 'edr' });
    expect(row(d, 'threats').message).toMatch(/the tenant does not have edr/);
    expect(row(d, 'threats').impact!.summary).toMatch(/^The tenant does not have edr/);
    expect(d.problems.map((p) => [p.code, p.severity])).toEqual([['not_entitled', 'info']]);
    expect(d.verdict).toBe('healthy');
    expect(d.summary).toMatch(/not entitled: threats/);
  });

  it('a tenant near its hourly quota: the cost says the collection waits for the next window', async () => {
    const sim = await tenant({ devices: 700 });
    sim.consumeQuota(10_000 - 60);
    const d = await diagnoseConnection({ baseUrl: sim.url, token: ALL });
    expect(d.permissions.every((p) => p.status === 'granted')).toBe(true);
    expect(d.cost!.remainingThisHour).toBe(60 - d.probe.requests);
    expect(d.cost!.availableNow).toBe(d.cost!.remainingThisHour);
    expect(d.cost!.waitsForNextWindow).toBe(true);
    expect(d.cost!.expectedDurationSeconds).toBeGreaterThan(3600);
    expect(d.cost!.message).toMatch(
      new RegExp(
        /the tenant has only \d+ requests left this hour \(X-RateLimit-Remaining-Hour; the quota is shared with its other API clients\): /.source +
          /the collection will pause until the hourly window resets/.source,
      ),
    );
    expect(d.problems.map((p) => [p.code, p.severity])).toEqual([['quota_low', 'warning']]);
    // A tight budget delays the evidence but leaves it complete: a warning, not a problem.
    expect(d.verdict).toBe('warnings');
  });

  it('a tenant whose quota runs out during the probe: stops instead of spending more or waiting for the next window', async () => {
    const sim = await tenant();
    sim.consumeQuota(10_000 - 5);
    const d = await diagnoseConnection({ baseUrl: sim.url, token: ALL });
    expect(requests(sim)).toHaveLength(5);
    expect(requests(sim).every((r) => r.startsWith('200'))).toBe(true);
    expect(d.probe.requests).toBe(5);
    expect(d.auth.status).toBe('ok');
    const stopped = d.problems.find((p) => p.code === 'probe_stopped')!;
    expect(stopped.message).toMatch(
      /^The check stopped early: the tenant has no requests left this hour \(X-RateLimit-Remaining-Hour: 0\).* \d+ endpoint\(s\) were not probed\.$/,
    );
    expect(d.permissions.filter((p) => p.status === 'not_probed').length).toBeGreaterThan(0);
    expect(d.cost).toMatchObject({ remainingThisHour: 0, availableNow: 0, waitsForNextWindow: true, lowerBound: true });
    expect(d.verdict).toBe('warnings');
  });

  it('a 429 during the probe stops it at once', async () => {
    const sim = await tenant();
    sim.inject({ path: '/api/v1/devices', kind: 'rate-limit', retryAfterSec: 30, times: 1 });
    const d = await diagnoseConnection({ baseUrl: sim.url, token: ALL });
    expect(requests(sim)).toEqual(['429 /api/v1/devices']);
    expect(row(d, 'devices')).toMatchObject({ status: 'error', httpStatus: 429, errorCode: 'IRU_RATE_LIMITED' });
    expect(codes(d)).toEqual(['token_not_checked', 'probe_stopped']);
    expect(d.problems[1]!.message).toMatch(/the tenant's rate limit was reached during the probe .*retry after 30 s/);
    expect(d.canSave).toBe(false);
  });

  it('the evidence at stake is derived from the artifact table, including Artifacts added later', () => {
    const blueprintSources = ['blueprints', 'blueprint-library-items', 'library-item-status'];
    const others = ARTIFACT_DEFINITIONS.filter((a) => !a.sources.some((s) => blueprintSources.includes(s)));
    const added: ArtifactDefinition[] = [
      ...others,
      { ...ARTIFACT_DEFINITIONS[0]!, type: 'library-item-compliance', title: 'Library items', sources: ['library-item-status'] },
    ];
    const impact = evidenceImpact('blueprints', 'lost', added);
    expect(impact.artifacts.map((a) => a.type)).toEqual(['library-item-compliance']);
    expect(impact.controlActions.map((a) => a.action).sort()).toEqual(
      controlActionsFor('library-item-compliance')
        .map((a) => a.action)
        .sort(),
    );
    expect(evidenceImpact('blueprints', 'lost', others).summary).toMatch(/no Artifact is built from blueprints yet/);
  });
});
