/** Directory users, generated on demand by index. */

import { Rng } from '../random/prng.js';
import { DEPARTMENTS, FIRST_NAMES, JOB_TITLES, LAST_NAMES } from './catalog.js';
import { MICROS_PER_DAY, isoZ } from './time.js';
import type { SimUser } from './types.js';

export type UserIdentity = Omit<SimUser, 'deviceCount'> & { firstName: string };

function asciiLocalPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

export function userIdentity(seed: number, tenant: string, nowMicros: number, index: number): UserIdentity {
  const rng = new Rng(seed, 'user', index);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const archived = rng.chance(0.05);
  const createdMicros = nowMicros - rng.int(30, 1500) * MICROS_PER_DAY - rng.int(0, 86_399_999_999);
  const updatedMicros = rng.chance(0.5) ? createdMicros + 26_000 : createdMicros + rng.int(1, 25) * MICROS_PER_DAY;
  return {
    index,
    id: rng.uuid(),
    firstName,
    name: `${firstName} ${lastName}`,
    email: `${asciiLocalPart(firstName)}.${asciiLocalPart(lastName)}.${index}@${tenant}.io`,
    active: !archived && rng.chance(0.97),
    archived,
    department: rng.chance(0.7) ? rng.pick(DEPARTMENTS) : null,
    jobTitle: rng.chance(0.6) ? rng.pick(JOB_TITLES) : null,
    deprecatedUserId: String(30_000 + index),
    createdAt: isoZ(createdMicros),
    updatedAt: isoZ(updatedMicros),
  };
}
