/** The full ground-truth device, generated from its skeleton and its own keyed streams. */

import { Rng, uniqueSerialPart } from '../random/prng.js';
import {
  AGENT_VERSIONS,
  EXTRA_PROFILES,
  IOS_APPS,
  MAC_CORE_APPS,
  MAC_OPTIONAL_APPS,
  MODELS,
  OS_RELEASES,
  SYSTEM_EXTENSIONS,
  TVOS_APPS,
  type AppTemplate,
  type HardwareModel,
} from './catalog.js';
import { deviceIdFor } from './device-id.js';
import { isInstalledProfile, libraryItemStatus } from './library-status.js';
import type { DeviceSkeleton, SkeletonContext } from './skeleton.js';
import { MICROS_PER_DAY, isoZ, parseMicros } from './time.js';
import type { UserIdentity } from './users.js';
import {
  isApplePlatform,
  type SimApp,
  type SimDevice,
  type SimFileVault,
  type SimFirewall,
  type SimGatekeeper,
  type SimProfile,
  type SimStartup,
  type SimSystemExtension,
} from './types.js';

export interface DeviceContext extends SkeletonContext {
  tenant: string;
  tags: readonly { id: string; name: string }[];
  userOf(skeleton: DeviceSkeleton): UserIdentity | null;
}

const PLATFORM_CODES = { Mac: 'MAC', iPhone: 'IPH', iPad: 'IPD', AppleTV: 'ATV', Windows: 'WIN', Android: 'AND' } as const;

export function generateDevice(context: DeviceContext, skeleton: DeviceSkeleton): SimDevice {
  const { seed, nowMicros, organisation } = context;
  const rng = new Rng(seed, 'device', skeleton.index);
  const isMac = skeleton.platform === 'Mac';
  const hardware = rng.weighted(MODELS[skeleton.platform]);
  const os = rng.weighted(OS_RELEASES[skeleton.platform]);
  const blueprint = organisation.blueprints[skeleton.blueprintIndex]!;
  const user = skeleton.hasUser ? context.userOf(skeleton) : null;
  const serialNumber = `${rng.serialChars(4)}${uniqueSerialPart(skeleton.index)}${rng.serialChars(3)}`;
  const { clocks } = skeleton;
  const checkIn = skeleton.lastCheckInMicros;
  const lastEnrollment = clocks.lastEnrollmentMicros;
  const staleDays = checkIn === null ? 0 : (nowMicros - checkIn) / MICROS_PER_DAY;
  const agentVersions = AGENT_VERSIONS[skeleton.platform];
  return {
    index: skeleton.index,
    id: deviceIdFor(seed, skeleton.index),
    name: deviceName(context.tenant, skeleton, hardware, user, serialNumber),
    serialNumber,
    platform: skeleton.platform,
    model: hardware.model,
    modelId: hardware.modelId,
    osVersion: os.version,
    osBuild: os.build,
    lastCheckIn: optionalIsoZ(checkIn),
    listedCheckIn: optionalIsoZ(clocks.listedCheckInMicros),
    lastMdmCheckIn: optionalIsoZ(clocks.mdmCheckInMicros),
    lastAgentCheckIn: optionalIsoZ(clocks.agentCheckInMicros),
    agentInstalled: skeleton.agentInstalled,
    agentVersion: skeleton.agentInstalled && agentVersions ? rng.weighted(agentVersions) : '',
    mdmEnabled: skeleton.mdmEnabled,
    isRemoved: skeleton.isRemoved,
    isMissing: !skeleton.isRemoved && staleDays > 30 && rng.chance(0.7),
    supervised: isApplePlatform(skeleton.platform) && (skeleton.autoEnrolled || skeleton.platform === 'AppleTV' || rng.chance(isMac ? 0.2 : 0.4)),
    userId: user?.id ?? null,
    userIndex: user?.index ?? null,
    blueprintId: blueprint.id,
    blueprintName: blueprint.name,
    blueprintIndex: blueprint.index,
    assetTag: rng.chance(0.55) ? `AH-${rng.digits(5)}` : '',
    tags: rng
      .sample(
        context.tags.length,
        rng.weighted([
          [0, 50],
          [1, 35],
          [2, 15],
        ] as const),
      )
      .map((i) => context.tags[i]!.name),
    firstEnrollment: isoZ(clocks.firstEnrollmentMicros),
    lastEnrollment: isoZ(lastEnrollment),
    filevault: isMac ? fileVault(rng) : null,
    firewall: isMac ? firewall(rng) : null,
    gatekeeper: isMac ? gatekeeper(rng) : null,
    startup: isMac ? startup(rng, hardware) : null,
    installedProfiles: installedProfiles(context, skeleton, lastEnrollment),
    apps: apps(new Rng(seed, 'device-apps', skeleton.index), skeleton),
    systemExtensions: systemExtensions(new Rng(seed, 'device-system-extensions', skeleton.index), skeleton),
    adeEligible: skeleton.adeEligible,
    autoEnrolled: skeleton.autoEnrolled,
  };
}

function optionalIsoZ(micros: number | null): string | null {
  return micros === null ? null : isoZ(micros);
}

function deviceName(tenant: string, skeleton: DeviceSkeleton, hardware: HardwareModel, user: UserIdentity | null, serial: string): string {
  if (user) return `${user.firstName}’s ${hardware.modelName}`;
  return `${tenant.toUpperCase()}-${PLATFORM_CODES[skeleton.platform]}-${serial.slice(-5)}`;
}

function fileVault(rng: Rng): SimFileVault {
  const enabled = rng.chance(0.9);
  return { enabled, keyEscrowed: enabled && rng.chance(0.95), keyType: enabled ? 'Personal' : null };
}

function firewall(rng: Rng): SimFirewall {
  const enabled = rng.chance(0.85);
  return { enabled, stealthMode: enabled && rng.chance(0.4), blockAllIncoming: enabled && rng.chance(0.05) };
}

function gatekeeper(rng: Rng): SimGatekeeper {
  return {
    enabled: rng.chance(0.96),
    xprotectVersion: rng.weighted([
      ['5283', 20],
      ['5284', 30],
      ['5285', 50],
    ] as const),
  };
}

function startup(rng: Rng, hardware: HardwareModel): SimStartup {
  const levels = hardware.appleSilicon
    ? ([
        ['full', 92],
        ['medium', 6],
        ['off', 2],
      ] as const)
    : ([
        ['full', 70],
        ['medium', 20],
        ['off', 10],
      ] as const);
  return { sip: rng.chance(0.97), ssv: rng.chance(0.98), secureBootLevel: rng.weighted(levels) };
}

function installedProfiles(context: DeviceContext, skeleton: DeviceSkeleton, lastEnrollment: number): SimProfile[] {
  if (skeleton.profileCount === 0) return [];
  const rng = new Rng(context.seed, 'device-profiles', skeleton.index);
  const profiles: SimProfile[] = [
    { name: 'MDM Profile', identifier: 'com.kandji.profile.mdmprofile', uuid: rng.uuid().toUpperCase(), installedAt: isoZ(lastEnrollment - 4_000_000) },
  ];
  for (const item of context.organisation.blueprintItems[skeleton.blueprintIndex] ?? []) {
    if (item.type !== 'profile') continue;
    const status = libraryItemStatus(context.seed, skeleton, item);
    if (!isInstalledProfile(item, status)) continue;
    const reported = status.reportedAt === null ? lastEnrollment : parseMicros(status.reportedAt);
    profiles.push({
      name: item.name,
      identifier: `com.kandji.profile.custom.${item.id}`,
      uuid: rng.uuid().toUpperCase(),
      installedAt: isoZ(Math.max(lastEnrollment, reported - rng.int(1, 3600) * 1_000_000)),
    });
  }
  for (const extraIndex of rng.sample(EXTRA_PROFILES.length, skeleton.extraProfileCount)) {
    const extra = EXTRA_PROFILES[extraIndex]!;
    profiles.push({ ...extra, uuid: rng.uuid().toUpperCase(), installedAt: isoZ(lastEnrollment + rng.int(60, 86_400) * 1_000_000) });
  }
  return profiles;
}

function appFrom(rng: Rng, template: AppTemplate): SimApp {
  return { name: template.name, bundleId: template.bundleId, version: rng.pick(template.versions), path: template.path, source: template.source };
}

function apps(rng: Rng, skeleton: DeviceSkeleton): SimApp[] {
  if (skeleton.platform === 'Mac') {
    const optional = rng.sample(MAC_OPTIONAL_APPS.length, skeleton.optionalAppCount).map((i) => MAC_OPTIONAL_APPS[i]!);
    return [...MAC_CORE_APPS, ...optional].map((template) => appFrom(rng, template));
  }
  if (skeleton.appCount === 0) return [];
  const catalog = skeleton.platform === 'AppleTV' ? TVOS_APPS : IOS_APPS;
  return rng.sample(catalog.length, skeleton.optionalAppCount).map((i) => appFrom(rng, catalog[i]!));
}

function systemExtensions(rng: Rng, skeleton: DeviceSkeleton): SimSystemExtension[] {
  return rng.sample(SYSTEM_EXTENSIONS.length, skeleton.systemExtensionCount).map((i) => {
    const extension = SYSTEM_EXTENSIONS[i]!;
    return {
      name: extension.name,
      identifier: extension.identifier,
      teamId: extension.teamId,
      version: extension.version,
      state: rng.chance(0.93) ? 'activated_enabled' : 'activated_waiting_for_user',
    };
  });
}
