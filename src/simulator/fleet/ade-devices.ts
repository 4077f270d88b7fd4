/**
 * Automated Device Enrollment records: one per ADE-eligible fleet device, then devices assigned in
 * Apple Business Manager that have not enrolled yet (the API shows them with `mdm_device: null`).
 */

import { Rng, uniqueSerialPart } from '../random/prng.js';
import { MODELS } from './catalog.js';
import type { AdeIntegrationBase } from './organisation.js';
import { MICROS_PER_DAY, isoZ, parseMicros } from './time.js';
import { isApplePlatform, type ApplePlatform, type SimAdeDevice, type SimAdeIntegration, type SimDevice } from './types.js';

const OS_BY_PLATFORM = { Mac: 'OSX', iPhone: 'iOS', iPad: 'iPadOS', AppleTV: 'tvOS' } as const;

export interface AdeContext {
  seed: number;
  nowMicros: number;
  deviceCount: number;
  eligibleIndices: Int32Array;
  integrations: readonly AdeIntegrationBase[];
  device(index: number): SimDevice;
  integrationIndexOf(deviceIndex: number): number;
}

export function awaitingEnrollmentCount(deviceCount: number): number {
  return Math.round(deviceCount * 0.02);
}

export function awaitingIntegrationIndex(seed: number, integrationCount: number, awaitingIndex: number): number {
  return new Rng(seed, 'ade-awaiting-integration', awaitingIndex).int(0, integrationCount - 1);
}

export function awaitingPlatform(seed: number, awaitingIndex: number): ApplePlatform {
  return new Rng(seed, 'ade-awaiting-platform', awaitingIndex).weighted([
    ['Mac', 70],
    ['iPhone', 15],
    ['iPad', 15],
  ] as const);
}

export function adeDevice(context: AdeContext, index: number): SimAdeDevice {
  const rng = new Rng(context.seed, 'ade-device', index);
  const id = rng.uuid();
  if (index < context.eligibleIndices.length) {
    const device = context.device(context.eligibleIndices[index]!);
    if (!isApplePlatform(device.platform)) throw new Error(`ADE device ${index} is a ${device.platform}`);
    const integration = context.integrations[context.integrationIndexOf(device.index)]!;
    return {
      index,
      id,
      serialNumber: device.serialNumber,
      deviceFamily: device.platform,
      model: device.model,
      os: OS_BY_PLATFORM[device.platform],
      integrationId: integration.id,
      blueprintId: device.blueprintId,
      userId: device.userId,
      assetTag: device.assetTag,
      profileStatus: device.autoEnrolled ? 'pushed' : 'assigned',
      assignedAt: isoZ(parseMicros(device.firstEnrollment) - rng.int(1, 60) * MICROS_PER_DAY),
      deviceIndex: device.index,
    };
  }
  const awaitingIndex = index - context.eligibleIndices.length;
  const platform = awaitingPlatform(context.seed, awaitingIndex);
  const integration = context.integrations[awaitingIntegrationIndex(context.seed, context.integrations.length, awaitingIndex)]!;
  return {
    index,
    id,
    // Index past the fleet keeps serials distinct from every enrolled device.
    serialNumber: `${rng.serialChars(4)}${uniqueSerialPart(context.deviceCount + awaitingIndex)}${rng.serialChars(3)}`,
    deviceFamily: platform,
    model: rng.weighted(MODELS[platform]).model,
    os: OS_BY_PLATFORM[platform],
    integrationId: integration.id,
    blueprintId: integration.blueprintId,
    userId: null,
    assetTag: '',
    profileStatus: rng.weighted([
      ['assigned', 60],
      ['empty', 25],
      ['pushed', 10],
      ['removed', 5],
    ] as const),
    assignedAt: isoZ(context.nowMicros - rng.int(1, 120) * MICROS_PER_DAY - rng.int(0, MICROS_PER_DAY)),
    deviceIndex: null,
  };
}

/** ADE tokens with their device counts: eligible fleet devices (counted by the index) plus those awaiting enrollment. */
export function adeIntegrationsWithCounts(
  seed: number,
  deviceCount: number,
  integrations: readonly AdeIntegrationBase[],
  fleetCounts: readonly Record<ApplePlatform, number>[],
): SimAdeIntegration[] {
  const counts = fleetCounts.map((c) => ({ ...c }));
  for (let k = 0; k < awaitingEnrollmentCount(deviceCount); k++) {
    counts[awaitingIntegrationIndex(seed, integrations.length, k)]![awaitingPlatform(seed, k)]++;
  }
  return integrations.map((base, i) => {
    const c = counts[i]!;
    return { ...base, deviceCounts: { ...c, total: c.Mac + c.iPad + c.iPhone + c.AppleTV } };
  });
}
