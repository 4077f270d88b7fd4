import { describe, expect, it } from 'vitest';
import { createFleet, type SimDevice } from '../../src/simulator/index.js';
import { get, rebase, simulator } from './helpers.js';

type Row = Record<string, unknown>;
const DAY = 86_400_000;
const isApple = (d: SimDevice) => !['Windows', 'Android'].includes(d.platform);

describe('threats and vulnerability detections', () => {
  it('sends upper-case statuses and classifications and offset-less UTC dates ("" when absent)', async () => {
    const sim = await simulator({ fleet: { seed: 51, devices: 2_000 } });
    const page = await get<{ results: Row[] }>(sim, '/api/v1/threat-details?limit=1000');
    const threats = [...sim.fleet.threats()];
    expect(page.json.results).toHaveLength(threats.length);
    expect(new Set(threats.map((t) => t.status))).toEqual(new Set(['QUARANTINED', 'NOT_QUARANTINED', 'RELEASED', 'RESOLVED']));
    threats.forEach((threat, i) => {
      const row = page.json.results[i]!;
      expect(row).toMatchObject({ status: threat.status, classification: threat.classification });
      expect(row.detection_date).toBe(threat.detectedAt.replace(/Z$/, ''));
      expect(row.detection_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
      expect(row.date_of_quarantine).toBe(threat.quarantinedAt?.replace(/Z$/, '') ?? '');
      expect(row.date_of_release).toBe(threat.releasedAt?.replace(/Z$/, '') ?? '');
    });
    expect(threats.some((t) => t.quarantinedAt === null)).toBe(true);

    const detections = await get<{ results: Row[] }>(sim, '/api/v1/vulnerability-management/detections?size=300');
    const first = sim.fleet.vulnerabilityDetection(0);
    expect(detections.json.results[0]).toMatchObject({
      first_detection_date: first.firstDetectedAt.replace('T', ' ').replace(/Z$/, ''),
      latest_detection_date: first.latestDetectedAt.replace('T', ' ').replace(/Z$/, ''),
    });
    expect(detections.json.results[0]!.first_detection_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  });
});

describe('check-in clocks', () => {
  it('keeps an MDM and an agent clock; /devices shows the agent one where an agent is installed, a frozen one on a Mac without it; some Mac agents are broken', () => {
    const fleet = createFleet({ seed: 52, devices: 3_000 });
    const now = Date.parse(fleet.spec.now);
    const devices = [...fleet.devices()];
    let agentlessMacs = 0;
    for (const d of devices) {
      const hasAgent = (d.platform === 'Mac' || d.platform === 'Windows') && d.agentInstalled;
      expect(d.lastCheckIn).toBe(hasAgent ? d.lastAgentCheckIn : d.lastMdmCheckIn);
      if (d.platform === 'Mac' && !d.agentInstalled) {
        // As recorded (iru-api-observed.md, Check-in times): a minute after enrollment, however recently MDM checked in.
        agentlessMacs++;
        expect(Date.parse(d.listedCheckIn!), d.id).toBe(Math.min(now, Date.parse(d.lastEnrollment) + 60_000));
      } else expect(d.listedCheckIn).toBe(d.lastCheckIn);
      if (!hasAgent) expect(d.lastAgentCheckIn).toBeNull();
      if (d.lastCheckIn === null) expect([d.lastMdmCheckIn, d.lastAgentCheckIn]).toEqual([null, null]);
    }
    const broken = devices.filter(
      (d) =>
        d.lastAgentCheckIn !== null && d.lastMdmCheckIn !== null && now - Date.parse(d.lastAgentCheckIn) > 14 * DAY && now - Date.parse(d.lastMdmCheckIn) < DAY,
    );
    const macsWithAgent = devices.filter((d) => d.platform === 'Mac' && d.agentInstalled).length;
    expect(broken.every((d) => d.platform === 'Mac')).toBe(true);
    expect(broken.length / macsWithAgent).toBeGreaterThan(0.02);
    expect(broken.length / macsWithAgent).toBeLessThan(0.07);
    expect(devices.some((d) => d.lastMdmCheckIn !== null && d.lastAgentCheckIn !== null && d.lastMdmCheckIn > d.lastAgentCheckIn)).toBe(true);
    expect(agentlessMacs, 'the fleet has Macs without the agent').toBeGreaterThan(0);
  });

  it('emits both clocks in /details and Prism device_information', async () => {
    const sim = await simulator({ fleet: { seed: 53, devices: 200 } });
    const mac = [...sim.fleet.devices()].find((d) => d.platform === 'Mac' && d.agentInstalled && d.lastCheckIn !== null)!;
    const details = await get<{ mdm: Row; kandji_agent: Row }>(sim, `/api/v1/devices/${mac.id}/details`);
    expect(details.json.mdm.last_check_in).toBe(`${mac.lastMdmCheckIn!.replace('T', ' ').replace(/Z$/, '')}+00:00`);
    expect(details.json.kandji_agent.last_check_in).toBe(mac.lastAgentCheckIn);
    const prism = await get<{ data: Row[] }>(sim, '/api/v1/prism/device_information?limit=300');
    const row = prism.json.data.find((r) => r.device_id === mac.id)!;
    const plusZero = (iso: string | null) => (iso === null ? null : iso.replace(/Z$/, '+00:00'));
    expect(row).toMatchObject({
      last_checkin: plusZero(mac.lastCheckIn),
      last_checkin_mdm: plusZero(mac.lastMdmCheckIn),
      last_checkin_agent: plusZero(mac.lastAgentCheckIn),
    });
  });
});

describe('Windows and Android devices', () => {
  it('are a few % of the fleet, with mdm_enabled rows, an agent on Windows only, and nothing in Prism', async () => {
    const sim = await simulator({ fleet: { seed: 54, devices: 2_000 } });
    const devices = [...sim.fleet.devices()];
    const windows = devices.filter((d) => d.platform === 'Windows');
    const android = devices.filter((d) => d.platform === 'Android');
    for (const group of [windows, android]) {
      expect(group.length / devices.length).toBeGreaterThan(0.01);
      expect(group.length / devices.length).toBeLessThan(0.06);
    }
    expect(windows.every((d) => d.agentInstalled === (d.agentVersion !== ''))).toBe(true);
    expect(windows.filter((d) => d.agentInstalled).length / windows.length).toBeGreaterThan(0.8);
    expect(android.every((d) => !d.agentInstalled && d.agentVersion === '')).toBe(true);
    expect([...windows, ...android].some((d) => !d.mdmEnabled)).toBe(true);
    expect([...windows, ...android].every((d) => !d.adeEligible && d.installedProfiles.length === 0 && d.apps.length === 0 && d.filevault === null)).toBe(true);

    const rows: Row[] = [];
    for (let offset = 0; offset < 2_000; offset += 300) rows.push(...(await get<Row[]>(sim, `/api/v1/devices?offset=${offset}&ordering=device_id`)).json);
    const rowOf = (d: SimDevice) => rows.find((r) => r.device_id === d.id)!;
    for (const d of windows)
      expect(rowOf(d)).toMatchObject({
        platform: 'Windows',
        mdm_enabled: d.mdmEnabled,
        agent_installed: d.agentInstalled,
        agent_version: d.agentVersion,
        full_software_version: expect.stringMatching(/^10\.0\./),
      });
    for (const d of android)
      expect(rowOf(d)).toMatchObject({
        platform: 'Android',
        mdm_enabled: d.mdmEnabled,
        agent_installed: false,
        agent_version: '',
        api_level: expect.any(String),
      });
    for (const d of devices.filter((x) => x.platform === 'iPhone' || x.platform === 'iPad')) {
      expect(rowOf(d)).toMatchObject({ agent_installed: true, agent_version: '' });
    }

    const prism = await get<{ data: Row[] }>(sim, '/api/v1/prism/device_information?limit=300');
    expect(sim.fleet.prismRowCount('device_information')).toBe(devices.filter(isApple).length);
    expect(prism.json.data.every((r) => r.device__family !== 'Windows' && r.device__family !== 'Android')).toBe(true);

    const winDetails = await get<Row>(sim, `/api/v1/devices/${windows[0]!.id}/details`);
    expect(winDetails.json.kandji_agent).toMatchObject({
      is_agent_installed: windows[0]!.agentInstalled,
      last_check_in_datetime: windows[0]!.lastAgentCheckIn ?? '',
    });
    const androidDetails = await get<{ security: Row }>(sim, `/api/v1/devices/${android[0]!.id}/details`);
    expect(Object.keys(androidDetails.json.security)).toContain('device_posture');
    const items = await get<{ library_items: { status: string }[] }>(sim, `/api/v1/devices/${android[0]!.id}/library-items`);
    expect(items.json.library_items.every((i) => i.status === 'INCOMPATIBLE' || i.status === 'PENDING' || i.status === 'pending')).toBe(true);
    expect((await get<{ parameters: unknown[] }>(sim, `/api/v1/devices/${windows[0]!.id}/parameters`)).json.parameters).toEqual([]);
  });
});

describe('GET /api/v1/blueprints', () => {
  it('serves at most 100 rows a page whatever limit asks, with the full count and a next link', async () => {
    const sim = await simulator({ fleet: { seed: 55, devices: 300, blueprints: 250 } });
    expect(sim.fleet.blueprints).toHaveLength(250);
    expect(new Set(sim.fleet.blueprints.map((b) => b.name)).size).toBe(250);
    const first = await get<{ count: number; next: string | null; results: Row[] }>(sim, '/api/v1/blueprints?limit=300');
    expect(first.json).toMatchObject({ count: 250, next: 'https://accuhive.kandji.io/api/v1/blueprints?limit=100&offset=100' });
    expect(first.json.results).toHaveLength(100);
    const ids: unknown[] = [];
    for (let link: string | null = '/api/v1/blueprints?limit=300'; link;) {
      const page: { json: { next: string | null; results: Row[] } } = await get(sim, link);
      ids.push(...page.json.results.map((b) => b.id));
      link = page.json.next && rebase(page.json.next);
    }
    expect(ids).toEqual(sim.fleet.blueprints.map((b) => b.id));
    // Every device still sits on a blueprint that takes its platform.
    expect([...sim.fleet.devices()].every((d) => sim.fleet.blueprints.some((b) => b.id === d.blueprintId))).toBe(true);
  });

  it('defaults to a seed-drawn count and rejects counts outside 1..1000', () => {
    expect(createFleet({ seed: 1, devices: 10 }).blueprints.length).toBe(createFleet({ seed: 1, devices: 10 }).spec.blueprints);
    expect(createFleet({ seed: 1, devices: 10, blueprints: 1 }).blueprints.map((b) => b.name)).toEqual(['Default Blueprint']);
    expect(() => createFleet({ seed: 1, devices: 10, blueprints: 0 })).toThrow(RangeError);
    expect(() => createFleet({ seed: 1, devices: 10, blueprints: 1_001 })).toThrow(RangeError);
  });
});
