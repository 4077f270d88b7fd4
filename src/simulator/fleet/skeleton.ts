/**
 * The cheap structural facts of a device (platform, blueprint, flags, how many rows it owns in each
 * multi-row category). The fleet index scans these for every device, so they must stay small;
 * the full device is generated from them plus its own streams.
 */

import { Rng } from '../random/prng.js';
import { CVES, EXTRA_PROFILES, IOS_APPS, MAC_CORE_APPS, MAC_OPTIONAL_APPS, TVOS_APPS } from './catalog.js';
import { deviceClocks, type DeviceClocks } from './clocks.js';
import { isInstalledProfile, libraryItemStatus } from './library-status.js';
import type { Organisation } from './organisation.js';
import { isAgentPlatform, isApplePlatform, type Platform } from './types.js';

export interface DeviceSkeleton {
  index: number;
  platform: Platform;
  blueprintIndex: number;
  isRemoved: boolean;
  /** The device's latest check-in (clocks.shownCheckInMicros); null = never checked in (the API shows ""). */
  lastCheckInMicros: number | null;
  clocks: DeviceClocks;
  mdmEnabled: boolean;
  agentInstalled: boolean;
  adeEligible: boolean;
  autoEnrolled: boolean;
  adeIntegrationIndex: number;
  hasUser: boolean;
  /** Macs: optional apps on top of the core set; others: all apps. */
  optionalAppCount: number;
  appCount: number;
  systemExtensionCount: number;
  extraProfileCount: number;
  profileCount: number;
  vulnerabilityCount: number;
}

const PLATFORM_WEIGHTS: readonly (readonly [Platform, number])[] = [
  ['Mac', 70],
  ['iPhone', 15],
  ['iPad', 12],
  ['AppleTV', 3],
  ['Windows', 3],
  ['Android', 2],
];

export interface SkeletonContext {
  seed: number;
  nowMicros: number;
  organisation: Organisation;
}

export function deviceSkeleton(context: SkeletonContext, index: number): DeviceSkeleton {
  const { seed, organisation } = context;
  const rng = new Rng(seed, 'device-skeleton', index);
  const platform = rng.weighted(PLATFORM_WEIGHTS);
  const isMac = platform === 'Mac';
  const isApple = isApplePlatform(platform);
  const candidates = organisation.blueprints.filter((b) => b.platforms.includes(platform));
  const blueprintIndex = rng.weighted(candidates.map((b) => [b.index, b.weight] as const));
  const isRemoved = rng.chance(0.03);
  const mdmEnabled = !isRemoved && rng.chance(0.97);
  const agentInstalled = isAgentPlatform(platform) && (isRemoved ? rng.chance(0.5) : rng.chance(0.92));
  const clocks = deviceClocks(seed, index, { isMac, isRemoved, agentInstalled }, context.nowMicros);
  const adeEligible = isApple && rng.chance(isMac ? 0.7 : 0.85);
  const autoEnrolled = adeEligible && rng.chance(0.9);
  const adeIntegrationIndex = rng.int(0, organisation.adeIntegrations.length - 1);
  const hasUser = platform !== 'AppleTV' && rng.chance(0.88);
  const optionalAppCount = !isApple
    ? 0
    : isMac
      ? rng.int(4, 14)
      : rng.int(platform === 'AppleTV' ? 0 : 3, platform === 'AppleTV' ? TVOS_APPS.length : IOS_APPS.length);
  const appCount = isMac ? MAC_CORE_APPS.length + Math.min(optionalAppCount, MAC_OPTIONAL_APPS.length) : optionalAppCount;
  const systemExtensionCount = isMac
    ? rng.weighted([
        [0, 20],
        [1, 40],
        [2, 30],
        [3, 10],
      ] as const)
    : 0;
  const hasProfiles = mdmEnabled && isApple;
  const extraProfileCount = hasProfiles
    ? rng.weighted([
        [0, 70],
        [1, 20],
        [2, 10],
      ] as const)
    : 0;
  const vulnerabilityCount = isMac
    ? Math.min(
        CVES.length,
        rng.weighted([
          [0, 45],
          [1, 25],
          [2, 18],
          [3, 12],
        ] as const),
      )
    : 0;
  const skeleton: DeviceSkeleton = {
    index,
    platform,
    blueprintIndex,
    isRemoved,
    lastCheckInMicros: clocks.shownCheckInMicros,
    clocks,
    mdmEnabled,
    agentInstalled,
    adeEligible,
    autoEnrolled,
    adeIntegrationIndex,
    hasUser,
    optionalAppCount,
    appCount,
    systemExtensionCount,
    extraProfileCount: Math.min(extraProfileCount, EXTRA_PROFILES.length),
    profileCount: 0,
    vulnerabilityCount,
  };
  skeleton.profileCount = hasProfiles ? 1 + installedProfileItemCount(context, skeleton) + skeleton.extraProfileCount : 0;
  return skeleton;
}

function installedProfileItemCount(context: SkeletonContext, skeleton: DeviceSkeleton): number {
  let count = 0;
  for (const item of context.organisation.blueprintItems[skeleton.blueprintIndex] ?? []) {
    if (item.type !== 'profile') continue;
    if (isInstalledProfile(item, libraryItemStatus(context.seed, skeleton, item))) count++;
  }
  return count;
}
