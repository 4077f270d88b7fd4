/** Per-device lists served whole: /library-items, /parameters, /status, /apps. */

import { hashKeys, Rng } from '../random/prng.js';
import { isoZ, MICROS_PER_DAY, parseMicros } from '../fleet/time.js';
import type { Fleet, SimDevice } from '../fleet/types.js';
import { deviceRef, itemById, libraryStatusFields, libraryStatusRowId } from './library-status-row.js';
import { pythonBool } from './python-bool.js';

type Doc = Record<string, unknown>;

function libraryItemRows(fleet: Fleet, device: SimDevice): Doc[] {
  const blueprint = { id: device.blueprintId, name: device.blueprintName };
  return fleet.libraryItemStatuses(device.index).map((status) => {
    const item = itemById(fleet.libraryItems, status.itemId);
    return {
      id: libraryStatusRowId(device.index, item.index),
      ...libraryStatusFields(status),
      item_id: item.id,
      name: item.name,
      type: item.type,
      computer: deviceRef(device),
      blueprint,
      rules_present: false,
    };
  });
}

function parameterRows(fleet: Fleet, device: SimDevice): Doc[] {
  return fleet.deviceParameters(device.index).map((p) => ({
    status: p.status,
    item_id: p.itemId,
    name: p.name,
    category: p.category,
    subcategory: p.subcategory,
  }));
}

export function deviceLibraryItems(fleet: Fleet, device: SimDevice): Doc {
  return { device_id: device.id, library_items: libraryItemRows(fleet, device) };
}

export function deviceParametersDoc(fleet: Fleet, device: SimDevice): Doc {
  return { device_id: device.id, parameters: parameterRows(fleet, device) };
}

export function deviceStatus(fleet: Fleet, device: SimDevice): Doc {
  const libraryItems = libraryItemRows(fleet, device).map((row) => ({
    id: row.id,
    item_id: row.item_id,
    name: row.name,
    status: row.status,
    reported_at: row.reported_at,
    type: row.type,
    last_audit_log: row.last_audit_log,
    log: row.log,
  }));
  return { device_id: device.id, library_items: libraryItems, parameters: parameterRows(fleet, device) };
}

export function deviceApps(fleet: Fleet, device: SimDevice): Doc {
  const isMac = device.platform === 'Mac';
  const rng = new Rng(fleet.spec.seed, 'device-app-dates', device.index);
  const enrolled = parseMicros(device.firstEnrollment);
  const apps = device.apps.map((app) => {
    const created = enrolled + rng.int(0, 30) * MICROS_PER_DAY + rng.int(0, MICROS_PER_DAY - 1);
    return {
      app_id: isMac ? String(10_000 + (hashKeys(fleet.spec.seed, `app-id:${app.bundleId}`) % 90_000)) : rng.uuid(),
      app_name: app.name,
      bundle_id: app.bundleId,
      bundle_size: String(1 + (hashKeys(fleet.spec.seed, `bundle-mb:${app.bundleId}`) % 900)),
      app_store_vendable: isMac ? '' : pythonBool(true),
      device_based_vpp: isMac ? '' : pythonBool(false),
      source: app.source,
      process: app.name,
      signature:
        app.source === 'Apple' ? 'Software Signing, Apple Code Signing Certification Authority, Apple Root CA' : `Developer ID Application: ${app.name}`,
      creation_date: isoZ(created),
      modification_date: isoZ(created + 18),
      path: app.path,
      version: app.version,
    };
  });
  return { device_id: device.id, apps };
}
