/**
 * `/devices` `ordering`: a comma list of fields, `-` = descending (DRF OrderingFilter: unknown fields are ignored).
 * Strings compare in plain code-unit order (ascending device_id = the string order of the lower-case UUIDs); a
 * never-checked-in device's last_check_in is "" and sorts first. Ties fall back to ascending device_id.
 * Without a known field: newest enrolment first (the real default order is undocumented).
 */

import type { SimDevice } from '../fleet/types.js';

export type OrderingField =
  'asset_tag' | 'blueprint_id' | 'device_id' | 'device_name' | 'last_check_in' | 'model' | 'os_version' | 'platform' | 'serial_number' | 'user';

const FIELD_VALUES: Record<OrderingField, (device: SimDevice) => string> = {
  asset_tag: (d) => d.assetTag,
  blueprint_id: (d) => d.blueprintId,
  device_id: (d) => d.id,
  device_name: (d) => d.name,
  last_check_in: (d) => d.listedCheckIn ?? '',
  model: (d) => d.model,
  os_version: (d) => d.osVersion,
  platform: (d) => d.platform,
  serial_number: (d) => d.serialNumber,
  user: (d) => d.userId ?? '',
};

export interface OrderingTerm {
  field: OrderingField;
  descending: boolean;
}

function isOrderingField(value: string): value is OrderingField {
  return Object.hasOwn(FIELD_VALUES, value);
}

/** The known terms of an `ordering` value; [] = the default order. */
export function parseOrdering(raw: string | null): OrderingTerm[] {
  if (raw === null) return [];
  return raw
    .split(',')
    .map((part) => part.trim())
    .flatMap((part) => {
      const descending = part.startsWith('-');
      const field = descending ? part.slice(1) : part;
      return isOrderingField(field) ? [{ field, descending }] : [];
    });
}

/** A cache key naming the order the terms give. */
export function orderingKey(terms: readonly OrderingTerm[]): string {
  return terms.length === 0 ? 'newest-enrolled' : terms.map((t) => `${t.descending ? '-' : ''}${t.field}`).join(',');
}

export function fieldValue(field: OrderingField, device: SimDevice): string {
  return FIELD_VALUES[field](device);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
