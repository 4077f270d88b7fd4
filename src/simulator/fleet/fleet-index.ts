/**
 * One pass over every device skeleton at fleet creation. Keeps only typed arrays and counters
 * (never row objects), so any page of any list can later be served in O(page size).
 */

import { PrefixIndex } from './prefix-index.js';
import { deviceSkeleton, type SkeletonContext } from './skeleton.js';
import { APPLE_PLATFORMS, isApplePlatform, type ApplePlatform, type Platform } from './types.js';

export interface FleetIndex {
  apps: PrefixIndex;
  profiles: PrefixIndex;
  systemExtensions: PrefixIndex;
  vulnerabilities: PrefixIndex;
  macIndices: Int32Array;
  /** Devices Prism reports on (Apple platforms), ascending. */
  appleIndices: Int32Array;
  /** lastEnrollment of each device, in microseconds. */
  lastEnrollmentMicros: Float64Array;
  /** Device indices per blueprint, ascending. */
  blueprintDevices: Int32Array[];
  /** Non-removed devices per blueprint. */
  blueprintActiveCounts: number[];
  adeEligibleIndices: Int32Array;
  /** ADE-eligible fleet devices per integration and platform. */
  adeCounts: Record<ApplePlatform, number>[];
  /** Non-removed devices per platform. */
  activePlatformCounts: Record<Platform, number>;
}

const emptyAppleCounts = (): Record<ApplePlatform, number> => Object.fromEntries(APPLE_PLATFORMS.map((p) => [p, 0])) as Record<ApplePlatform, number>;
const emptyPlatformCounts = (): Record<Platform, number> => ({ ...emptyAppleCounts(), Windows: 0, Android: 0 });

export function buildFleetIndex(context: SkeletonContext, deviceCount: number): FleetIndex {
  const { blueprints, adeIntegrations } = context.organisation;
  const appCounts = new Int32Array(deviceCount);
  const profileCounts = new Int32Array(deviceCount);
  const extensionCounts = new Int32Array(deviceCount);
  const vulnerabilityCounts = new Int32Array(deviceCount);
  const blueprintOf = new Int32Array(deviceCount);
  const blueprintSizes = new Array<number>(blueprints.length).fill(0);
  const blueprintActiveCounts = new Array<number>(blueprints.length).fill(0);
  const lastEnrollmentMicros = new Float64Array(deviceCount);
  const macs: number[] = [];
  const apple: number[] = [];
  const adeEligible: number[] = [];
  const adeCounts = adeIntegrations.map(emptyAppleCounts);
  const activePlatformCounts = emptyPlatformCounts();

  for (let i = 0; i < deviceCount; i++) {
    const skeleton = deviceSkeleton(context, i);
    appCounts[i] = skeleton.appCount;
    profileCounts[i] = skeleton.profileCount;
    extensionCounts[i] = skeleton.systemExtensionCount;
    vulnerabilityCounts[i] = skeleton.vulnerabilityCount;
    blueprintOf[i] = skeleton.blueprintIndex;
    blueprintSizes[skeleton.blueprintIndex]!++;
    lastEnrollmentMicros[i] = skeleton.clocks.lastEnrollmentMicros;
    if (skeleton.platform === 'Mac') macs.push(i);
    if (isApplePlatform(skeleton.platform)) apple.push(i);
    if (skeleton.adeEligible && isApplePlatform(skeleton.platform)) {
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
    appleIndices: Int32Array.from(apple),
    lastEnrollmentMicros,
    blueprintDevices,
    blueprintActiveCounts,
    adeEligibleIndices: Int32Array.from(adeEligible),
    adeCounts,
    activePlatformCounts,
  };
}
