/**
 * Device ids are UUID-shaped and carry their fleet index in the last five hex digits (masked by the
 * seed), so a path like /devices/{device_id}/details resolves in O(1) without an id map.
 */

import { Rng, hashKeys } from '../random/prng.js';

const INDEX_HEX_DIGITS = 5; // 16^5 = 1,048,576 > the 100,000-device maximum

function indexMask(seed: number): number {
  return hashKeys(seed, 'device-id-mask') & 0xfffff;
}

export function deviceIdFor(seed: number, index: number): string {
  const rng = new Rng(seed, 'device-id', index);
  const encoded = ((index ^ indexMask(seed)) >>> 0).toString(16).padStart(INDEX_HEX_DIGITS, '0');
  const variant = '89ab'[rng.int(0, 3)];
  return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(7)}${encoded}`;
}

/** The index an id claims; callers confirm by regenerating the id. */
export function claimedDeviceIndex(seed: number, id: string): number | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return undefined;
  return (parseInt(id.slice(-INDEX_HEX_DIGITS), 16) ^ indexMask(seed)) >>> 0;
}
