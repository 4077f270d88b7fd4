/** Lookups from a generated device back to its catalog entries (the device stores only ids and versions). */

import { MODELS, OS_RELEASES, type HardwareModel, type OsRelease } from './catalog.js';
import type { SimDevice } from './types.js';

export function hardwareOf(device: SimDevice): HardwareModel {
  const entry = MODELS[device.platform].find(([model]) => model.modelId === device.modelId && model.model === device.model);
  if (!entry) throw new Error(`unknown model ${device.modelId}`);
  return entry[0];
}

export function osReleaseOf(device: SimDevice): OsRelease {
  const entry = OS_RELEASES[device.platform].find(([release]) => release.version === device.osVersion);
  if (!entry) throw new Error(`unknown OS ${device.osVersion}`);
  return entry[0];
}

/** "Ada’s MacBook Pro" -> "adas-macbook-pro". */
export function hostNameOf(device: SimDevice): string {
  return device.name
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .trim()
    .replace(/\s+/g, '-');
}
