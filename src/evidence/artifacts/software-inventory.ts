import type { PrismAppRow } from '../../iru/schemas/prism.js';
import type { ArtifactDefinition } from '../artifact-definition.js';
import { Counter } from '../counts.js';
import { RecordedRecords } from '../evidence-builder.js';
import { rowsOf } from '../rows.js';
import { byKeys, compareText } from '../sort.js';
import { normalizeTimestamp, TimeRange } from '../timestamps.js';
import type { SoftwareInventoryRecord } from '../types/software-inventory.generated.js';

/** One app while rows are read: bounded by distinct apps and versions, never by installations. */
interface AppTally {
  bundleId: string | null;
  names: Set<string>;
  installations: number;
  updateAvailable: number;
  obtainedFrom: Set<string>;
  versions: Counter;
}

/** Apps are identified by bundle id; the few without one by name. */
function appKey(row: PrismAppRow): string {
  return row.bundle_id ? `bundle:${row.bundle_id}` : `name:${row.name ?? ''}`;
}

function toRecord(app: AppTally): SoftwareInventoryRecord {
  return {
    bundleId: app.bundleId,
    // Localised copies of an app can report different names: the first in code-point order is kept.
    name: [...app.names].sort(compareText)[0] ?? null,
    installations: app.installations,
    updateAvailable: app.updateAvailable,
    obtainedFrom: [...app.obtainedFrom].sort(compareText),
    versions: app.versions.entries().map(([version, installations]) => ({ version: version || null, installations })),
  };
}

/**
 * One record per application rather than per installation: an auditor asks which software runs in the fleet, in
 * which versions and how widely (CIS 2.1); per-installation rows would grow with fleet size times apps per device.
 */
export const softwareInventory: ArtifactDefinition = {
  type: 'software-inventory',
  title: 'Software inventory',
  description:
    'Every application Prism reports across the fleet, one record per app (bundle id), with installation counts per version, where it was ' +
    'obtained from and how many installations have an update available.',
  sources: ['prism-apps'],
  async build(context) {
    const apps = new Map<string, AppTally>();
    const devices = new Set<string>();
    const observed = new TimeRange();
    let installations = 0;
    for await (const row of rowsOf(context, 'prism-apps')) {
      const key = appKey(row);
      const app = apps.get(key) ?? {
        bundleId: row.bundle_id || null,
        names: new Set(),
        installations: 0,
        updateAvailable: 0,
        obtainedFrom: new Set(),
        versions: new Counter(),
      };
      if (row.name) app.names.add(row.name);
      app.installations++;
      if (row.has_update_available === true) app.updateAvailable++;
      if (row.obtained_from) app.obtainedFrom.add(row.obtained_from);
      app.versions.add(row.version ?? '');
      apps.set(key, app);
      devices.add(row.device_id);
      observed.add(normalizeTimestamp(row.last_collected_at));
      installations++;
    }
    const records = new RecordedRecords<SoftwareInventoryRecord>(
      context,
      byKeys((r) => [r.bundleId, r.name]),
    );
    for (const app of apps.values()) await records.add(toRecord(app));
    const built = await records.build('applications', { applications: apps.size, installations, devices: devices.size });
    return { ...built, observedAt: observed.value };
  },
};
