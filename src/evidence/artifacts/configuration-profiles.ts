import type { ArtifactDefinition } from '../artifact-definition.js';
import { deviceIdentities, identityOf, type DeviceIdentity } from '../devices.js';
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

/** One installed profile of one device, as read from a Prism row: set aside until all of the device's are together. */
interface InstalledProfile extends Profile {
  deviceId: string;
  platform: string | null;
  lastCollectedAt: string | null;
}

/** The device's record from its installed profiles (at least one). */
function deviceRecord(installed: InstalledProfile[], identity: DeviceIdentity): ConfigurationProfilesRecord {
  const profiles = installed.map(({ identifier, name, managed, signed }) => ({ identifier, name, managed, signed })).sort(byProfile);
  return {
    deviceId: installed[0]!.deviceId,
    ...identity,
    platform: installed.map((p) => p.platform).find((p) => p !== null) ?? null,
    profileCount: profiles.length,
    managedProfileCount: profiles.filter((p) => p.managed === true).length,
    mdmProfileInstalled: profiles.some((p) => p.identifier === MDM_PROFILE_IDENTIFIER),
    lastCollectedAt: installed.reduce<string | null>((latest, p) => newer(latest, p.lastCollectedAt), null),
    profiles,
  };
}

export const configurationProfiles: ArtifactDefinition = {
  type: 'configuration-profiles',
  title: 'Configuration profiles',
  description:
    'The configuration profiles installed on each device that reports any, from Prism: identifier, name, managed and signed, with counts. Profile ' +
    'payloads are never read.',
  sources: ['prism-installed-profiles'],
  optionalSources: ['devices'],
  async build(context) {
    const identities = await deviceIdentities(context);
    // Prism rows are one profile each, in no promised device order: they are grouped by device through the store.
    const installed = context.spill(byKeys<InstalledProfile>((p) => [p.deviceId]));
    const identifiers = new Set<string>();
    for await (const row of rowsOf(context, 'prism-installed-profiles')) {
      const identifier = row.payload_identifier || null;
      await installed.add({
        deviceId: row.device_id,
        platform: row.device__family || null,
        lastCollectedAt: normalizeTimestamp(row.last_collected_at),
        identifier,
        name: row.profile_display_name || null,
        managed: row.managed ?? null,
        signed: row.signed ?? null,
      });
      if (identifier) identifiers.add(identifier);
    }
    const records = new RecordedRecords<ConfigurationProfilesRecord>(
      context,
      byKeys((r) => [r.deviceId]),
    );
    let profiles = 0;
    let withMdmProfile = 0;
    let device: InstalledProfile[] = [];
    const addDevice = async () => {
      if (device.length === 0) return;
      const record = deviceRecord(device, identityOf(identities, device[0]!.deviceId));
      profiles += record.profileCount;
      if (record.mdmProfileInstalled) withMdmProfile++;
      await records.add(record, record.lastCollectedAt);
      device = [];
    };
    for await (const profile of installed.sorted()) {
      if (device.length > 0 && device[0]!.deviceId !== profile.deviceId) await addDevice();
      device.push(profile);
    }
    await addDevice();
    return records.build('devices with installed profiles', {
      devices: records.length,
      profiles,
      distinctProfileIdentifiers: identifiers.size,
      devicesWithMdmProfile: withMdmProfile,
    });
  },
};
