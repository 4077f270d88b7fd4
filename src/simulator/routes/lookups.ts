/** Resolving path parameters; anything unknown is Django's HTML 404. */

import { ApiError } from '../http/api-error.js';
import type { RouteContext } from '../http/route-types.js';
import type { SimBlueprint, SimDevice, SimLibraryItem } from '../fleet/types.js';

export function deviceParam(context: RouteContext): SimDevice {
  const index = context.fleet.deviceIndexOf(context.params.device_id ?? '');
  if (index === undefined) throw ApiError.notFound();
  return context.fleet.device(index);
}

export function blueprintParam(context: RouteContext): SimBlueprint {
  const blueprint = context.fleet.blueprints.find((b) => b.id === context.params.blueprint_id);
  if (!blueprint) throw ApiError.notFound();
  return blueprint;
}

export function libraryItemParam(context: RouteContext): SimLibraryItem {
  const item = context.fleet.libraryItems.find((i) => i.id === context.params.library_item_id);
  if (!item) throw ApiError.notFound();
  return item;
}
