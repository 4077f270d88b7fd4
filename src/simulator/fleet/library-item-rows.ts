/** Rows of one library item across devices: the devices of each blueprint holding it, blueprint by blueprint. */

import { libraryItemStatus } from './library-status.js';
import type { DeviceSkeleton } from './skeleton.js';
import type { SimLibraryItem, SimLibraryItemDeviceStatus } from './types.js';

export interface LibraryItemRowsContext {
  seed: number;
  /** Device indices per blueprint id. */
  devicesOfBlueprint(blueprintId: string): Int32Array;
  skeleton(deviceIndex: number): DeviceSkeleton;
}

export function libraryItemRowCount(context: LibraryItemRowsContext, item: SimLibraryItem): number {
  return item.blueprintIds.reduce((sum, id) => sum + context.devicesOfBlueprint(id).length, 0);
}

export function libraryItemRows(context: LibraryItemRowsContext, item: SimLibraryItem, offset: number, limit: number): SimLibraryItemDeviceStatus[] {
  const rows: SimLibraryItemDeviceStatus[] = [];
  let skip = offset;
  for (const blueprintId of item.blueprintIds) {
    const devices = context.devicesOfBlueprint(blueprintId);
    for (let k = skip; k < devices.length && rows.length < limit; k++) {
      const skeleton = context.skeleton(devices[k]!);
      rows.push({ deviceIndex: skeleton.index, ...libraryItemStatus(context.seed, skeleton, item) });
    }
    skip = Math.max(0, skip - devices.length);
    if (rows.length >= limit) break;
  }
  return rows;
}
