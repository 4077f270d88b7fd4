import { describe, expect, it } from 'vitest';
import { NOT_FOUND_HTML } from '../../src/simulator/index.js';
import { get, rebase, simulator } from './helpers.js';

interface Drf<T = Record<string, unknown>> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

interface CursorEnvelope<T = Record<string, unknown>> {
  next: string | null;
  previous: string | null;
  results: T[];
}

const WEB_HOST = 'https://accuhive.kandji.io';

describe('DRF limit/offset endpoints', () => {
  it('links blueprints pages on the web host and includes enrollment codes', async () => {
    const sim = await simulator({ fleet: { seed: 8, devices: 30 } });
    const first = await get<Drf>(sim, '/api/v1/blueprints?limit=2&source=iructl');
    expect(first.json.count).toBe(sim.fleet.blueprints.length);
    expect(first.json.previous).toBeNull();
    expect(first.json.next).toBe(`${WEB_HOST}/api/v1/blueprints?limit=2&offset=2&source=iructl`);
    expect(first.json.results[0]).toMatchObject({
      id: sim.fleet.blueprints[0]!.id,
      enrollment_code: { code: expect.any(String), is_active: expect.any(Boolean) },
    });
    const second = await get<Drf>(sim, rebase(first.json.next!));
    expect(second.json.previous).toBe(`${WEB_HOST}/api/v1/blueprints?limit=2&source=iructl`);
    const ids: unknown[] = [];
    for (let link: string | null = '/api/v1/blueprints?limit=2'; link;) {
      const page: { json: Drf } = await get<Drf>(sim, link);
      ids.push(...page.json.results.map((r) => r.id));
      link = page.json.next && rebase(page.json.next);
    }
    expect(ids).toEqual(sim.fleet.blueprints.map((b) => b.id));
  });

  it('uses a configured web host', async () => {
    const sim = await simulator({ fleet: { seed: 8, devices: 30 }, webHost: 'https://example.api.eu.kandji.io/' });
    expect((await get<Drf>(sim, '/api/v1/blueprints?limit=1')).json.next).toBe('https://example.api.eu.kandji.io/api/v1/blueprints?limit=1&offset=1');
  });

  it('pages a library item’s per-device statuses (limit capped at 300) with free-text logs', async () => {
    const sim = await simulator({ fleet: { seed: 8, devices: 700 } });
    const item = sim.fleet.libraryItems.reduce((best, i) =>
      sim.fleet.libraryItemDeviceStatusCount(i.id) > sim.fleet.libraryItemDeviceStatusCount(best.id) ? i : best,
    );
    const total = sim.fleet.libraryItemDeviceStatusCount(item.id);
    expect(total).toBeGreaterThan(300);
    const rows: Record<string, unknown>[] = [];
    for (let link: string | null = `/api/v1/library/library-items/${item.id}/status?limit=1000`; link;) {
      const page: { json: Drf } = await get<Drf>(sim, link);
      expect(page.json.count).toBe(total);
      expect(page.json.results.length).toBeLessThanOrEqual(300);
      rows.push(...page.json.results);
      link = page.json.next && rebase(page.json.next);
    }
    expect(rows).toHaveLength(total);
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'blueprint',
      'computer',
      'status',
      'reported_at',
      'log',
      'last_audit_run',
      'last_audit_log',
      'control_log',
      'control_reported_at',
    ]);
    expect(rows.some((r) => typeof r.log === 'string' && r.log.length > 0)).toBe(true);
    expect((await get(sim, '/api/v1/library/library-items/00000000-0000-4000-8000-000000000000/status')).text).toBe(NOT_FOUND_HTML);
  });

  it('serves threat details with class counts, and 404 HTML when EDR is off', async () => {
    const sim = await simulator({ fleet: { seed: 8, devices: 500 } });
    const page = await get<Drf & { malware_count: number; pup_count: number }>(sim, '/api/v1/threat-details?limit=5000');
    expect(Object.keys(page.json)).toEqual(['count', 'next', 'previous', 'malware_count', 'pup_count', 'results']);
    expect(page.json).toMatchObject({ count: sim.fleet.threatCount, malware_count: sim.fleet.malwareCount, pup_count: sim.fleet.pupCount });
    expect(page.json.results).toHaveLength(sim.fleet.threatCount);
    const off = await simulator({ fleet: { seed: 8, devices: 500, edr: false, vulnerabilityManagement: false } });
    for (const path of ['/api/v1/threat-details', '/api/v1/vulnerability-management/detections']) {
      const response = await get(off, path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
  });
});

describe('single-page DRF endpoints and documents', () => {
  it('serves tags, ADE integrations, a blueprint’s library items and licensing', async () => {
    const sim = await simulator({ fleet: { seed: 12, devices: 90 } });
    const tags = await get<Drf>(sim, '/api/v1/tags');
    expect(tags.json).toEqual({ count: sim.fleet.tags.length, next: null, previous: null, results: sim.fleet.tags });
    const ade = await get<Drf>(sim, '/api/v1/integrations/apple/ade');
    expect(ade.json.results.map((r) => r.id)).toEqual(sim.fleet.adeIntegrations.map((i) => i.id));
    const blueprint = sim.fleet.blueprints[0]!;
    const items = await get<Drf<{ id: string; name: string }>>(sim, `/api/v1/blueprints/${blueprint.id}/list-library-items`);
    expect(items.json.results.map((r) => r.id)).toEqual(blueprint.libraryItemIds);
    expect((await get(sim, '/api/v1/blueprints/not-a-blueprint/list-library-items')).status).toBe(404);
    const licensing = await get<{ counts: Record<string, number> }>(sim, '/api/v1/settings/licensing');
    expect(licensing.json.counts.macos_count).toBe([...sim.fleet.devices()].filter((d) => d.platform === 'Mac' && !d.isRemoved).length);
  });

  it('renders device details with string booleans and the documented timestamp styles', async () => {
    const sim = await simulator({ fleet: { seed: 12, devices: 90 } });
    const devices = [...sim.fleet.devices()];
    const mac = devices.find((d) => d.platform === 'Mac' && d.mdmEnabled && d.agentInstalled)!;
    const ipad = devices.find((d) => d.platform !== 'Mac')!;
    const macDetails = await get<Record<string, Record<string, unknown>> & { installed_profiles: Record<string, unknown>[] }>(
      sim,
      `/api/v1/devices/${mac.id}/details`,
    );
    expect(macDetails.json.mdm!.mdm_enabled).toBe('True');
    expect(macDetails.json.mdm!.supervised).toBe(mac.supervised ? 'True' : 'False');
    expect(macDetails.json.kandji_agent!.agent_installed).toBe('True');
    expect(macDetails.json.filevault!.filevault_enabled).toBe(mac.filevault!.enabled);
    expect(macDetails.json.installed_profiles.map((p) => p.identifier)).toContain('com.kandji.profile.mdmprofile');
    expect(macDetails.json.installed_profiles[0]!.install_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/);
    const other = await get<Record<string, Record<string, unknown>>>(sim, `/api/v1/devices/${ipad.id}/details`);
    expect(other.json.filevault!.filevault_enabled).toBeNull();
    expect(other.json.kandji_agent!.agent_installed).toBe('False');
    const unknown = await get(sim, '/api/v1/devices/5b1f2d7e-0000-4000-8000-000000000000/details');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe(NOT_FOUND_HTML);
  });

  it('serves the per-device lists whole', async () => {
    const sim = await simulator({ fleet: { seed: 12, devices: 90 } });
    const mac = [...sim.fleet.devices()].find((d) => d.platform === 'Mac')!;
    const items = await get<{ device_id: string; library_items: { item_id: string; status: string }[] }>(sim, `/api/v1/devices/${mac.id}/library-items`);
    expect(items.json.library_items.map((i) => [i.item_id, i.status])).toEqual(sim.fleet.libraryItemStatuses(mac.index).map((s) => [s.itemId, s.status]));
    const parameters = await get<{ parameters: unknown[] }>(sim, `/api/v1/devices/${mac.id}/parameters`);
    expect(parameters.json.parameters).toHaveLength(sim.fleet.deviceParameters(mac.index).length);
    const status = await get<Record<string, unknown[]>>(sim, `/api/v1/devices/${mac.id}/status`);
    expect(Object.keys(status.json)).toEqual(['device_id', 'library_items', 'parameters']);
    const apps = await get<{ apps: { bundle_id: string }[] }>(sim, `/api/v1/devices/${mac.id}/apps`);
    expect(apps.json.apps.map((a) => a.bundle_id)).toEqual(mac.apps.map((a) => a.bundleId));
    expect(apps.headers.get('x-total-count')).toBe(String(mac.apps.length));
  });
});

describe('page-number and cursor endpoints', () => {
  it('pages ADE devices by page number with web-host, trailing-slash links', async () => {
    const sim = await simulator({ fleet: { seed: 30, devices: 420 } });
    expect(sim.fleet.adeDeviceCount).toBeGreaterThan(300);
    const first = await get<Drf>(sim, '/api/v1/integrations/apple/ade/devices');
    expect(first.json.count).toBe(sim.fleet.adeDeviceCount);
    expect(first.json.results).toHaveLength(300);
    expect(first.json.next).toBe(`${WEB_HOST}/api/v1/integrations/apple/ade/devices/?page=2`);
    const second = await get<Drf>(sim, rebase(first.json.next!));
    expect(second.json.next).toBeNull();
    expect(second.json.previous).toBe(`${WEB_HOST}/api/v1/integrations/apple/ade/devices/`);
    const all = [...first.json.results, ...second.json.results];
    expect(all.map((r) => r.id)).toEqual([...sim.fleet.adeDevices()].map((a) => a.id));
    expect(all.some((r) => r.mdm_device === null)).toBe(true);
    expect((await get(sim, '/api/v1/integrations/apple/ade/devices/?page=3')).status).toBe(404);
  });

  it('pages users by cursor on web-host links that carry only the cursor, honouring sizePerPage on every request', async () => {
    const sim = await simulator({ fleet: { seed: 31, devices: 100 } });
    const first = await get<CursorEnvelope>(sim, '/api/v1/users?sizePerPage=30');
    expect(Object.keys(first.json)).toEqual(['next', 'previous', 'results']);
    expect(first.json.next).toMatch(new RegExp(`^${WEB_HOST}/api/v1/users\\?cursor=[^&]+$`));
    const walk = async (keepSize: boolean): Promise<{ ids: unknown[]; sizes: number[] }> => {
      const ids: unknown[] = [];
      const sizes: number[] = [];
      for (let link: string | null = '/api/v1/users?sizePerPage=30'; link;) {
        const page: { json: CursorEnvelope } = await get<CursorEnvelope>(sim, link);
        ids.push(...page.json.results.map((u) => u.id));
        sizes.push(page.json.results.length);
        link = page.json.next && `${rebase(page.json.next)}${keepSize ? '&sizePerPage=30' : ''}`;
      }
      return { ids, sizes };
    };
    const users = [...sim.fleet.users()].map((u) => u.id);
    expect(users).toHaveLength(80);
    expect(await walk(true)).toEqual({ ids: users, sizes: [30, 30, 20] });
    // Following the bare link falls back to the default page size of 25.
    expect(await walk(false)).toEqual({ ids: users, sizes: [30, 25, 25] });
    const second = await get<CursorEnvelope>(sim, rebase(first.json.next!));
    expect(second.json.previous).toMatch(new RegExp(`^${WEB_HOST}/api/v1/users\\?cursor=[^&]+$`));
    expect((await get<CursorEnvelope>(sim, '/api/v1/users')).json.results).toHaveLength(25);
    expect((await get<CursorEnvelope>(sim, '/api/v1/users?sizePerPage=1000')).json.results).toHaveLength(80);
    expect((await get(sim, '/api/v1/users?cursor=garbage')).status).toBe(404);
  });

  it('pages audit events by cursor, in either order, within a date range', async () => {
    const sim = await simulator({ fleet: { seed: 32, devices: 400 } });
    const events = [...sim.fleet.auditEvents()];
    const walk = async (start: string): Promise<string[]> => {
      const ids: string[] = [];
      for (let link: string | null = start; link;) {
        const page: { json: CursorEnvelope<{ id: string }> } = await get<CursorEnvelope<{ id: string }>>(sim, link);
        ids.push(...page.json.results.map((e) => e.id));
        link = page.json.next && rebase(page.json.next);
      }
      return ids;
    };
    const first = await get<CursorEnvelope>(sim, '/api/v1/audit/events?limit=50&sort_by=-occurred_at');
    expect(Object.keys(first.json)).toEqual(['results', 'previous', 'next']);
    // The audit log links to the API host.
    expect(first.json.next).toMatch(new RegExp(`^https://accuhive\\.api\\.kandji\\.io/api/v1/audit/events\\?limit=50&sort_by=-occurred_at&cursor=`));
    expect(await walk('/api/v1/audit/events?limit=50&sort_by=-occurred_at')).toEqual(events.map((e) => e.id).reverse());
    expect(await walk('/api/v1/audit/events?limit=1000')).toEqual(events.map((e) => e.id));
    const from = events[40]!.occurredAt;
    const to = events[99]!.occurredAt;
    expect(await walk(`/api/v1/audit/events?limit=7&start_date=${from}&end_date=${to}`)).toEqual(events.slice(40, 100).map((e) => e.id));
    expect((await get(sim, '/api/v1/audit/events?start_date=yesterday')).status).toBe(400);
  });

  it('pages vulnerability detections with `after` and `size`', async () => {
    const sim = await simulator({ fleet: { seed: 33, devices: 300 } });
    const ids: string[] = [];
    let link: string | null = '/api/v1/vulnerability-management/detections?size=40';
    while (link) {
      const page: { json: CursorEnvelope<{ device_id: string; cve_id: string }> } = await get(sim, link);
      expect(page.json.results.length).toBeLessThanOrEqual(40);
      ids.push(...page.json.results.map((r) => `${r.device_id}/${r.cve_id}`));
      if (page.json.next) expect(page.json.next.startsWith(`${WEB_HOST}/api/v1/vulnerability-management/detections?size=40&after=`)).toBe(true);
      link = page.json.next && rebase(page.json.next);
    }
    expect(ids).toEqual([...sim.fleet.vulnerabilityDetections()].map((d) => `${d.deviceId}/${d.cveId}`));
  });
});
