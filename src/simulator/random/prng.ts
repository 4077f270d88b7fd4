/**
 * Keyed pseudo-random streams. Every entity draws from its own stream keyed by
 * (seed, domain, index), so entity i can be generated without generating 0..i-1.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** murmur3 finaliser: a cheap avalanche over 32 bits. */
function avalanche(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes any number of integer keys into one well-distributed 32-bit value. */
export function hashKeys(seed: number, domain: string, ...keys: number[]): number {
  let h = avalanche((seed >>> 0) ^ fnv1a(domain));
  for (const key of keys) h = avalanche(h ^ avalanche((key >>> 0) + 0x9e3779b9));
  return h;
}

/** Uniform float in [0, 1) for a single keyed draw. */
export function keyedUnit(seed: number, domain: string, ...keys: number[]): number {
  return hashKeys(seed, domain, ...keys) / 0x1_0000_0000;
}

const HEX = '0123456789abcdef';
const SERIAL_ALPHABET = '0123456789CDFGHJKLMNPQRTVWXY';

/** mulberry32 stream; deterministic sequence of draws for one keyed entity. */
export class Rng {
  private state: number;

  constructor(seed: number, domain: string, ...keys: number[]) {
    this.state = hashKeys(seed, domain, ...keys);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Picks by relative weight: entries are [value, weight]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let target = this.next() * total;
    for (const [value, weight] of entries) {
      target -= weight;
      if (target < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** `count` distinct indices from [0, size), in ascending order. */
  sample(size: number, count: number): number[] {
    const pool = Array.from({ length: size }, (_, i) => i);
    const take = Math.min(count, size);
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(this.next() * (size - i));
      const swap = pool[i] as number;
      pool[i] = pool[j] as number;
      pool[j] = swap;
    }
    return pool.slice(0, take).sort((a, b) => a - b);
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[Math.floor(this.next() * 16)];
    return out;
  }

  /** RFC 4122 version-4 shaped UUID. */
  uuid(): string {
    const variant = HEX[8 + Math.floor(this.next() * 4)];
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }

  /** Upper-case alphanumeric characters of the kind Apple serial numbers use. */
  serialChars(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += SERIAL_ALPHABET[Math.floor(this.next() * SERIAL_ALPHABET.length)];
    return out;
  }

  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}

const SERIAL_SPACE = SERIAL_ALPHABET.length ** 5;
// Odd and not a multiple of 7, hence coprime to 28^5: multiplying permutes the serial space.
const SERIAL_SCRAMBLE = 1_000_003;

/**
 * Five serial characters that are unique per index (a bijection on 0..28^5-1) but do not look
 * sequential; used to keep generated serial numbers distinct.
 */
export function uniqueSerialPart(index: number): string {
  let rest = (index * SERIAL_SCRAMBLE) % SERIAL_SPACE;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out = SERIAL_ALPHABET[rest % SERIAL_ALPHABET.length] + out;
    rest = Math.floor(rest / SERIAL_ALPHABET.length);
  }
  return out;
}
