import { createHash } from 'node:crypto';

// A fixed namespace for every name-based id iru-evidence derives (random, generated once).
const NAMESPACE = Buffer.from('5b0c2a6e9d4f4e7a8c1b3f2d6e9a0b7c', 'hex');

/** A UUID version 5 (RFC 4122, SHA-1 name-based) for `name`: the same subject always gets the same UUID. */
export function nameUuid(name: string): string {
  const bytes = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
