/**
 * One pass over every device skeleton at fleet creation. Keeps only typed arrays and counters
 * (never row objects), so any page of any list can later be served in O(page size).
 */

import { PrefixIndex } from './prefix-index.js';
import { deviceSkeleton, type SkeletonContext } from './skeleton.js';
import type { Platform } from './types.js';

export interface FleetIndex {
  apps: PrefixIndex;
  profiles: PrefixIndex;
  systemExtensions: PrefixIndex;
  vulnerabilities: PrefixIndex;
  macIndices: Int32Array;
  /** Device indices per blueprint, ascending. */
  blueprintDevices: Int32Array[];
  /** Non-removed devices per blueprint. */
  blueprintActiveCounts: number[];
  adeEligibleIndices: Int32Array;
  /** ADE-eligible fleet devices per integration and platform. */
  adeCounts: Record<Platform, number>[];
  /** Non-removed devices per platform. */
  activePlatformCounts: Record<Platform, number>;
}

const emptyPlatformCounts = (): Record<Platform, number> => ({ Mac: 0, iPhone: 0, iPad: 0, AppleTV: 0 });

export function buildFleetIndex(context: SkeletonContext, deviceCount: number): FleetIndex {
  const { blueprints, adeIntegrations } = context.organisation;
  const appCounts = new Int32Array(deviceCount);
  const profileCounts = new Int32Array(deviceCount);
  const extensionCounts = new Int32Array(deviceCount);
  const vulnerabilityCounts = new Int32Array(deviceCount);
  const blueprintOf = new Int32Array(deviceCount);
  const blueprintSizes = new Array<number>(blueprints.length).fill(0);
  const blueprintActiveCounts = new Array<number>(blueprints.length).fill(0);
  const macs: number[] = [];
  const adeEligible: number[] = [];
  const adeCounts = adeIntegrations.map(emptyPlatformCounts);
  const activePlatformCounts = emptyPlatformCounts();

  for (let i = 0; i < deviceCount; i++) {
    const skeleton = deviceSkeleton(context, i);
    appCounts[i] = skeleton.appCount;
    profileCounts[i] = skeleton.profileCount;
    extensionCounts[i] = skeleton.systemExtensionCount;
    vulnerabilityCounts[i] = skeleton.vulnerabilityCount;
    blueprintOf[i] = skeleton.blueprintIndex;
    blueprintSizes[skeleton.blueprintIndex]!++;
    if (skeleton.platform === 'Mac') macs.push(i);
    if (skeleton.adeEligible) {
      adeEligible.push(i);
      adeCounts[skeleton.adeIntegrationIndex]![skeleton.platform]++;
    }
    if (!skeleton.isRemoved) {
      blueprintActiveCounts[skeleton.blueprintIndex]!++;
      activePlatformCounts[skeleton.platform]++;
    }
  }

  const blueprintDevices = blueprintSizes.map((size) => new Int32Array(size));
  const filled = new Array<number>(blueprints.length).fill(0);
  for (let i = 0; i < deviceCount; i++) {
    const b = blueprintOf[i]!;
    blueprintDevices[b]![filled[b]!++] = i;
  }

  return {
    apps: new PrefixIndex(appCounts),
    profiles: new PrefixIndex(profileCounts),
    systemExtensions: new PrefixIndex(extensionCounts),
    vulnerabilities: new PrefixIndex(vulnerabilityCounts),
    macIndices: Int32Array.from(macs),
    blueprintDevices,
    blueprintActiveCounts,
    adeEligibleIndices: Int32Array.from(adeEligible),
    adeCounts,
    activePlatformCounts,
  };
}
