import type { z } from 'zod';
import { DeviceRow } from './schemas/device.js';

/** How an endpoint pages (reference §2). Each style is implemented once, in pagination/. */
export type PaginationStyle =
  /** Bare JSON array; `limit` + 0-based `offset`; X-Total-Count header. */
  | 'offset-array';

/** Where the permission sits on Iru's API token screen: heading › section › label. */
export interface PermissionLabel {
  heading: string;
  section: string;
  label: string;
}

export interface EndpointEntry<Row = unknown> {
  /** Stable source name, used in the store, run summaries and diagnostics. */
  name: string;
  /** Path template as the token screen lists it. */
  path: string;
  pagination: PaginationStyle;
  maxPageSize: number;
  permission: PermissionLabel;
  row: z.ZodType<Row>;
  /** Tenants without this product answer 404: not applicable rather than a failure. */
  entitlement?: 'edr' | 'vulnerability-management';
}

/** Every GET endpoint the collector reads, as data. Pagination, probing, cost estimates and the simulator's checks follow from it. */
export const ENDPOINTS = {
  devices: {
    name: 'devices',
    path: '/api/v1/devices',
    pagination: 'offset-array',
    maxPageSize: 300,
    permission: { heading: 'Devices', section: 'Device Information', label: 'Device list' },
    row: DeviceRow,
  } satisfies EndpointEntry<DeviceRow>,
} as const;

export type EndpointName = keyof typeof ENDPOINTS;

export function endpoint(name: string): EndpointEntry {
  const entry = (ENDPOINTS as Record<string, EndpointEntry>)[name];
  if (!entry) throw new Error(`Unknown Iru endpoint "${name}"`);
  return entry;
}

export function describePermission(entry: EndpointEntry): string {
  return `"${entry.permission.label}" (${entry.permission.heading} › ${entry.permission.section}, GET ${entry.path})`;
}
