/** EDR threat detections, Mac only, each on a device drawn from the Mac index. */

import { Rng, keyedUnit } from '../random/prng.js';
import { THREATS } from './catalog.js';
import { deviceIdFor } from './device-id.js';
import { MICROS_PER_DAY, isoZ } from './time.js';
import type { SimLibraryItem, SimThreat } from './types.js';

export interface ThreatContext {
  seed: number;
  nowMicros: number;
  macIndices: Int32Array;
  edrPolicy: { id: string; name: string };
}

export function threatCount(macCount: number): number {
  return Math.round(macCount * 0.03);
}

export function threatClassification(seed: number, index: number): SimThreat['classification'] {
  return keyedUnit(seed, 'threat-class', index) < 0.55 ? 'MALWARE' : 'PUP';
}

/** The tenant's EDR library item, or a stand-in when the library has none. */
export function edrPolicyOf(seed: number, libraryItems: readonly SimLibraryItem[]): { id: string; name: string } {
  const item = libraryItems.find((candidate) => candidate.type === 'threat-security-policy');
  return item ? { id: item.id, name: item.name } : { id: new Rng(seed, 'edr-policy').uuid(), name: 'Avert' };
}

export function threat(context: ThreatContext, index: number): SimThreat {
  const rng = new Rng(context.seed, 'threat', index);
  const classification = threatClassification(context.seed, index);
  const template = rng.pick(THREATS.filter((candidate) => candidate.classification === classification));
  const deviceIndex = context.macIndices[rng.int(0, context.macIndices.length - 1)]!;
  const status =
    classification === 'MALWARE'
      ? rng.weighted([
          ['QUARANTINED', 70],
          ['NOT_QUARANTINED', 10],
          ['RELEASED', 10],
          ['RESOLVED', 10],
        ] as const)
      : rng.weighted([
          ['NOT_QUARANTINED', 50],
          ['QUARANTINED', 40],
          ['RELEASED', 10],
        ] as const);
  const detected = context.nowMicros - rng.int(0, 90) * MICROS_PER_DAY - rng.int(0, MICROS_PER_DAY - 1);
  const quarantined = status === 'NOT_QUARANTINED' ? null : detected + rng.int(1, 30) * 1_000_000;
  return {
    index,
    deviceIndex,
    deviceId: deviceIdFor(context.seed, deviceIndex),
    threatName: template.name,
    classification,
    status,
    processName: template.process,
    processOwner: rng.chance(0.8) ? 'root' : 'user',
    filePath: template.path,
    fileHash: rng.hex(64),
    detectedAt: isoZ(detected),
    quarantinedAt: quarantined === null ? null : isoZ(quarantined),
    releasedAt: status === 'RELEASED' && quarantined !== null ? isoZ(quarantined + rng.int(1, 72) * 3_600_000_000) : null,
    libraryItemId: context.edrPolicy.id,
    libraryItemName: context.edrPolicy.name,
  };
}
