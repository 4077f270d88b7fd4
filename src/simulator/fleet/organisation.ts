/** Tenant-wide objects that do not depend on devices: blueprints, library items, tags, ADE tokens. */

import { Rng } from '../random/prng.js';
import { BLUEPRINT_TEMPLATES, LIBRARY_ITEM_TEMPLATES, TAG_NAMES } from './catalog.js';
import { MICROS_PER_DAY, isoSecondsZ, isoZ } from './time.js';
import type { Platform, SimAdeIntegration, SimLibraryItem } from './types.js';

export interface BlueprintBase {
  index: number;
  id: string;
  name: string;
  icon: string;
  color: string;
  description: string;
  type: 'classic' | 'map';
  enrollmentCode: { code: string; isActive: boolean };
  libraryItemIds: string[];
  platforms: readonly Platform[];
  weight: number;
}

/** An ADE integration before its devices are assigned: everything but the device counts they give it. */
export type AdeIntegrationBase = Omit<SimAdeIntegration, 'deviceCounts'>;

export interface Organisation {
  blueprints: BlueprintBase[];
  libraryItems: SimLibraryItem[];
  /** For each blueprint, its library items (in item order). */
  blueprintItems: SimLibraryItem[][];
  tags: { id: string; name: string }[];
  adeIntegrations: AdeIntegrationBase[];
}

/** Template 0 (the default blueprint) first, then distinct templates; past the catalog, templates repeat with a number. */
function blueprintTemplates(rng: Rng, count: number): { templateIndex: number; copy: number }[] {
  const others = BLUEPRINT_TEMPLATES.length - 1;
  const distinct = rng.sample(others, Math.min(count - 1, others)).map((i) => i + 1);
  const repeated = Array.from({ length: Math.max(0, count - 1 - others) }, (_, k) => 1 + (k % others));
  const copies = new Map<number, number>();
  return [0, ...distinct, ...repeated].map((templateIndex) => {
    const copy = copies.get(templateIndex) ?? 0;
    copies.set(templateIndex, copy + 1);
    return { templateIndex, copy };
  });
}

function createBlueprints(rng: Rng, count: number): BlueprintBase[] {
  return blueprintTemplates(rng, count).map(({ templateIndex, copy }, index) => {
    const template = BLUEPRINT_TEMPLATES[templateIndex]!;
    return {
      index,
      id: rng.uuid(),
      name: copy === 0 ? template.name : `${template.name} ${copy + 1}`,
      icon: template.icon,
      color: template.color,
      description: template.description,
      type: rng.chance(0.15) ? 'map' : 'classic',
      enrollmentCode: { code: rng.digits(6), isActive: rng.chance(0.8) },
      libraryItemIds: [],
      platforms: template.platforms,
      weight: template.weight,
    };
  });
}

function createLibraryItems(rng: Rng, blueprints: BlueprintBase[]): SimLibraryItem[] {
  const count = rng.int(10, LIBRARY_ITEM_TEMPLATES.length);
  return rng.sample(LIBRARY_ITEM_TEMPLATES.length, count).map((templateIndex, index) => {
    const template = LIBRARY_ITEM_TEMPLATES[templateIndex]!;
    const assigned = rng.sample(blueprints.length, rng.int(1, Math.min(3, blueprints.length)));
    // The default blueprint carries most of the baseline.
    if (!assigned.includes(0) && rng.chance(0.5)) assigned.unshift(0);
    return {
      index,
      id: rng.uuid(),
      name: template.name,
      type: template.type,
      macOnly: template.macOnly,
      blueprintIds: assigned.sort((a, b) => a - b).map((b) => blueprints[b]!.id),
    };
  });
}

function createAdeIntegrations(rng: Rng, tenant: string, nowMicros: number, blueprints: BlueprintBase[]): AdeIntegrationBase[] {
  const count = rng.chance(0.5) ? 2 : 1;
  return Array.from({ length: count }, (_, index) => {
    const daysLeft = rng.int(20, 360);
    return {
      index,
      id: rng.uuid(),
      blueprintId: rng.pick(blueprints).id,
      serverName: `${tenant}.kandji.io`,
      serverUuid: rng.uuid(),
      orgName: index === 0 ? tenant : `${tenant}-education`,
      adminId: `admin${index === 0 ? '' : index + 1}@${tenant}.io`,
      accessTokenExpiry: isoSecondsZ(nowMicros + daysLeft * MICROS_PER_DAY),
      lastDeviceSync: isoZ(nowMicros - rng.int(1, 48 * 60) * 60_000_000),
      daysLeft,
      status: index === 1 && rng.chance(0.3) ? 'BROKEN' : 'SUCCESS',
    };
  });
}

/** The blueprint count of a fleet whose spec does not set one. */
export function defaultBlueprintCount(seed: number): number {
  return new Rng(seed, 'blueprint-count').int(3, BLUEPRINT_TEMPLATES.length);
}

export function createOrganisation(seed: number, tenant: string, nowMicros: number, blueprintCount: number): Organisation {
  const rng = new Rng(seed, 'organisation');
  const blueprints = createBlueprints(rng, blueprintCount);
  const libraryItems = createLibraryItems(rng, blueprints);
  const blueprintItems = blueprints.map((blueprint) => libraryItems.filter((item) => item.blueprintIds.includes(blueprint.id)));
  blueprints.forEach((blueprint, i) => {
    blueprint.libraryItemIds = blueprintItems[i]!.map((item) => item.id);
  });
  const tagCount = rng.int(5, TAG_NAMES.length);
  const tags = rng.sample(TAG_NAMES.length, tagCount).map((i) => ({ id: rng.uuid(), name: TAG_NAMES[i]! }));
  const adeIntegrations = createAdeIntegrations(rng, tenant, nowMicros, blueprints);
  return { blueprints, libraryItems, blueprintItems, tags, adeIntegrations };
}
