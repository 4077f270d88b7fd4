/**
 * Device ids are UUID-shaped and carry their fleet index in the last five hex digits (scrambled by
 * an odd multiplier and a seed mask), so /devices/{device_id}/... resolves in O(1) without an id map.
 */

import { Rng, hashKeys } from '../random/prng.js';

const INDEX_BITS = 20; // 2^20 = 1,048,576 > the 100,000-device maximum
const INDEX_SPACE = 2 ** INDEX_BITS;
const MULTIPLIER = 0x9e3b5; // odd, so invertible modulo 2^20

function inverseModSpace(value: number): number {
  // Newton's iteration for the inverse of an odd number modulo a power of two.
  let inverse = value;
  for (let i = 0; i < 5; i++) inverse = mod(inverse * (2 - mod(value * inverse)));
  return inverse;
}

function mod(value: number): number {
  return ((value % INDEX_SPACE) + INDEX_SPACE) % INDEX_SPACE;
}

const MULTIPLIER_INVERSE = inverseModSpace(MULTIPLIER);

function indexMask(seed: number): number {
  return hashKeys(seed, 'device-id-mask') & (INDEX_SPACE - 1);
}

export function deviceIdFor(seed: number, index: number): string {
  const rng = new Rng(seed, 'device-id', index);
  const encoded = (mod(index * MULTIPLIER) ^ indexMask(seed)).toString(16).padStart(INDEX_BITS / 4, '0');
  const variant = '89ab'[rng.int(0, 3)];
  return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(7)}${encoded}`;
}

/** The index an id claims; callers confirm by regenerating the id. */
export function claimedDeviceIndex(seed: number, id: string): number | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return undefined;
  return mod((parseInt(id.slice(-INDEX_BITS / 4), 16) ^ indexMask(seed)) * MULTIPLIER_INVERSE);
}
