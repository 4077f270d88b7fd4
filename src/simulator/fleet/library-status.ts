/** Status of one library item on one device, keyed so any pair can be computed alone. */

import { Rng } from '../random/prng.js';
import { MICROS_PER_HOUR, isoSecondsZ } from './time.js';
import { isApplePlatform, type Platform, type SimLibraryItem, type SimLibraryItemStatus } from './types.js';

const PROFILE_STATUSES: readonly (readonly [string, number])[] = [
  ['success', 88],
  ['pending', 7],
  ['failed', 5],
];
const ITEM_STATUSES: readonly (readonly [string, number])[] = [
  ['PASS', 80],
  ['PENDING', 6],
  ['ERROR', 6],
  ['INSTALLING', 2],
  ['EXCLUDED', 2],
  ['AVAILABLE', 2],
  ['INCOMPATIBLE', 2],
];

export interface StatusSubject {
  index: number;
  platform: Platform;
  mdmEnabled: boolean;
  lastCheckInMicros: number | null;
}

/** Results arrive with check-ins, so they are never newer than the device's last check-in. */
export function libraryItemStatus(seed: number, device: StatusSubject, item: SimLibraryItem): SimLibraryItemStatus {
  const rng = new Rng(seed, 'library-status', device.index, item.index);
  const status = pickStatus(rng, device, item);
  const pending = status === 'PENDING' || status === 'pending';
  const reportedAt =
    pending || device.lastCheckInMicros === null
      ? null
      : isoSecondsZ(device.lastCheckInMicros - rng.int(0, 20 * 24) * MICROS_PER_HOUR - rng.int(0, 3599) * 1_000_000);
  return { itemId: item.id, status, reportedAt };
}

function pickStatus(rng: Rng, device: StatusSubject, item: SimLibraryItem): string {
  if (device.lastCheckInMicros === null) return item.type === 'profile' ? 'pending' : 'PENDING';
  // The library's items are Apple payloads: Windows and Android devices report every one as incompatible.
  if (!isApplePlatform(device.platform) || (item.macOnly && device.platform !== 'Mac')) return 'INCOMPATIBLE';
  if (item.type === 'profile') return device.mdmEnabled ? rng.weighted(PROFILE_STATUSES) : 'pending';
  return rng.weighted(ITEM_STATUSES);
}

/** A profile library item is installed only where its status is success. */
export function isInstalledProfile(item: SimLibraryItem, status: SimLibraryItemStatus): boolean {
  return item.type === 'profile' && status.status === 'success';
}
