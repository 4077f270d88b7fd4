import type { PrismInstalledProfileRow } from '../../iru/schemas/prism.js';
import type { ArtifactDefinition } from '../artifact-definition.js';
import { RecordedRecords } from '../evidence-builder.js';
import { rowsOf } from '../rows.js';
import { byKeys, compareText } from '../sort.js';
import { MDM_PROFILE_IDENTIFIER } from '../thresholds.js';
import { normalizeTimestamp } from '../timestamps.js';
import type { ConfigurationProfilesRecord } from '../types/configuration-profiles.generated.js';

type Profile = ConfigurationProfilesRecord['profiles'][number];

const byProfile = byKeys<Profile>((p) => [p.identifier, p.name, String(p.managed), String(p.signed)]);

function newer(a: string | null, b: string | null): string | null {
  return a === null || (b !== null && compareText(b, a) > 0) ? b : a;
}

export const configurationProfiles: ArtifactDefinition = {
  type: 'configuration-profiles',
  title: 'Configuration profiles',
  description: 'The configuration profiles installed on each device that reports any, from Prism: identifier, name, managed and signed, with counts. Profile payloads are never read.',
  sources: ['prism-installed-profiles'],
  async build(context) {
    const devices = new Map<string, ConfigurationProfilesRecord>();
    const identifiers = new Set<string>();
    let profiles = 0;
    for await (const row of rowsOf<PrismInstalledProfileRow>(context, 'prism-installed-profiles')) {
      const record = devices.get(row.device_id) ?? { deviceId: row.device_id, platform: null, profileCount: 0, managedProfileCount: 0, mdmProfileInstalled: false, lastCollectedAt: null, profiles: [] };
      const identifier = row.payload_identifier || null;
      record.platform ??= row.device__family || null;
      record.profileCount++;
      if (row.managed === true) record.managedProfileCount++;
      if (identifier === MDM_PROFILE_IDENTIFIER) record.mdmProfileInstalled = true;
      record.lastCollectedAt = newer(record.lastCollectedAt, normalizeTimestamp(row.last_collected_at));
      record.profiles.push({ identifier, name: row.profile_display_name || null, managed: row.managed ?? null, signed: row.signed ?? null });
      devices.set(row.device_id, record);
      if (identifier) identifiers.add(identifier);
      profiles++;
    }
    const records = new RecordedRecords<ConfigurationProfilesRecord>(context, byKeys((r) => [r.deviceId]));
    let withMdmProfile = 0;
    for (const record of devices.values()) {
      record.profiles.sort(byProfile);
      if (record.mdmProfileInstalled) withMdmProfile++;
      await records.add(record, record.lastCollectedAt);
    }
    return records.build('devices with installed profiles', {
      devices: devices.size,
      profiles,
      distinctProfileIdentifiers: identifiers.size,
      devicesWithMdmProfile: withMdmProfile,
    });
  },
};
