import type { ArtifactDefinition, BuildContext } from '../artifact-definition.js';
import { readThroughDeniedRoute } from '../denied-permissions.js';
import { deviceFacts, MAC_ONLY, type CheckInClock } from '../devices.js';
import { failIf, notEvaluable } from '../evaluation.js';
import { buildPostureEvidence } from '../posture-check.js';
import { keepNewer, signalsByDevice, type DeviceSignal } from '../prism-signals.js';
import { deniedRouteRowsOf } from '../rows.js';
import { POSTURE_SIGNAL_MAX_AGE_DAYS } from '../thresholds.js';

/** The clock the FileVault state's time was read from: Prism's collection, or the device's check-in on the /devices route. */
type SignalClock = 'prism_collection' | CheckInClock;

interface FileVault {
  encrypted: boolean | null;
  keyEscrowed: boolean | null;
  keyType: string | null;
  signalClock: SignalClock | null;
}

const SOURCE = 'prism-filevault';

function fromPrism(context: BuildContext): Promise<Map<string, DeviceSignal<FileVault>>> {
  return signalsByDevice(context, SOURCE, (row): FileVault => ({
    encrypted: row.status ?? null,
    keyEscrowed: row.key_escrowed ?? null,
    keyType: row.key_type || null,
    signalClock: 'prism_collection',
  }));
}

/**
 * The state each Mac was listed under (`filevault_enabled=true` or `=false` of GET /devices, the catalog's denied route
 * for Prism FileVault), as of its last check-in; the recovery key is not known on this route.
 */
async function fromDeviceLists(context: BuildContext): Promise<Map<string, DeviceSignal<FileVault>>> {
  const signals = new Map<string, DeviceSignal<FileVault>>();
  for await (const row of deniedRouteRowsOf(context, SOURCE)) {
    const device = deviceFacts(row);
    const fields = { encrypted: row.filevault_enabled === 'true', keyEscrowed: null, keyType: null, signalClock: device.lastCheckInClock };
    keepNewer(signals, device.deviceId, { fields, lastCollectedAt: device.lastCheckIn });
  }
  return signals;
}

/** Gaps on the /devices route: the Prism FileVault permission is denied, so the state is dated by the check-in. */
const DEVICE_LIST_GAPS = {
  missing_data:
    'the Mac is in neither FileVault list of GET /devices, or no check-in dates it: it never checked in, or it has no agent, so its ' +
    '/devices clock never moves (the Prism FileVault permission is denied)',
  stale:
    `the Mac last checked in more than ${POSTURE_SIGNAL_MAX_AGE_DAYS} days before this collection (FileVault state from GET /devices; the ` +
    `Prism FileVault permission is denied)`,
};

export const diskEncryption: ArtifactDefinition = {
  type: 'disk-encryption',
  title: 'Disk encryption (FileVault)',
  description:
    'FileVault status of every Mac, from Prism: encrypted Macs pass, unencrypted ones fail; whether the recovery key is escrowed in Iru is recorded. ' +
    'Without the Prism FileVault permission, the state is read from GET /devices filtered by filevault_enabled, dated by the device check-in (signalClock), ' +
    'with the same verdicts; the recovery key is then not known. Other platforms are not applicable.',
  sources: [SOURCE, 'devices'],
  build: (context) => {
    const viaDeviceLists = readThroughDeniedRoute(context, SOURCE);
    return buildPostureEvidence<FileVault>(context, {
      platforms: MAC_ONLY,
      readSignals: viaDeviceLists ? fromDeviceLists : fromPrism,
      ...(viaDeviceLists ? { gapDetail: DEVICE_LIST_GAPS } : {}),
      noSignal: { encrypted: null, keyEscrowed: null, keyType: null, signalClock: null },
      evaluate: (fv) => (fv.encrypted === null ? notEvaluable('missing_data') : failIf({ filevault_off: !fv.encrypted })),
    });
  },
};
