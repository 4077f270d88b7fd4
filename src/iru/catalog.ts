import type { z } from 'zod';
import { DeviceRow } from './schemas/device.js';
import {
  AdeDeviceRow,
  AdeIntegrationRow,
  BlueprintLibraryItemRow,
  BlueprintRow,
  DeviceLibraryItemRow,
  LibraryItemStatusRow,
  Licensing,
  TagRow,
} from './schemas/organisation.js';
import { AuditEventRow, UserRow } from './schemas/people.js';
import {
  PrismAppRow,
  PrismDeviceInformationRow,
  PrismFilevaultRow,
  PrismFirewallRow,
  PrismGatekeeperRow,
  PrismInstalledProfileRow,
  PrismStartupSettingsRow,
  PrismSystemExtensionRow,
} from './schemas/prism.js';
import { ThreatRow, VulnerabilityDetectionRow } from './schemas/security.js';

/** How an endpoint pages (test/contract/paging.test.ts). Each style is implemented once, in pagination/. */
export type PaginationStyle =
  /** Bare JSON array; `limit` + 0-based `offset`; X-Total-Count header (/devices). */
  | 'offset-array'
  /** An object with `results` and a `next` link to follow, re-based on the configured host: DRF page, users and audit cursors, vulnerability `after`. */
  | 'next-link'
  /** DRF limit/offset `{count, next, previous, results}`, addressed by offset so pages can be read several at a time. */
  | 'drf-offset'
  /** Prism `{offset, limit, total, data, cursor}` in offset mode (never mixed with cursor). */
  | 'prism-offset'
  /** One JSON object, no paging (licensing). */
  | 'document';

/** Where the permission sits on Iru's API token screen: heading › section › label. */
export interface PermissionLabel {
  heading: string;
  section: string;
  label: string;
  /** "screenshot" when the label was seen on an official screenshot; otherwise the name is our best reading of the docs. */
  seen: 'screenshot' | 'unconfirmed';
}

export interface EndpointEntry<Row = unknown> {
  /** Stable source name, used in the store, run summaries and diagnostics. */
  name: string;
  /** Path template as the token screen lists it. */
  path: string;
  pagination: PaginationStyle;
  maxPageSize: number;
  /** The query parameter that sets the page size, for styles that take one. */
  pageSizeParam?: 'limit' | 'sizePerPage' | 'size';
  /** Query sent with the first page. */
  firstQuery?: Record<string, string>;
  permission: PermissionLabel;
  row: z.ZodType<Row>;
  /** Tenants without this product answer 404: not applicable rather than a failure. */
  entitlement?: 'edr' | 'vulnerability-management';
  /**
   * A per-parent endpoint: called once for each distinct id (field `key`, default `id`) of the parent source's rows.
   * Each row gets the parent's id in `into` (default `parent_id`).
   */
  expand?: { from: string; param: string; key?: string; into?: string };
  /** For a document holding a list: the key of the list (each element is a row). */
  rowsKey?: string;
  /** Another way to read the rows of this source; the planner takes the cheaper one from counts. */
  alternativeTo?: string;
  /**
   * Offset lists without a documented default order: read sorted on this unique key (sent as `ordering`), pages
   * overlapping by `overlap` rows, so that rows moving between pages while the list is read are neither lost nor repeated.
   */
  keyedOrder?: { key: string; overlap: number };
  /** Another route to the same signal, taken when the token lacks this endpoint's permission (403). */
  onDenied?: DeniedRoute;
  /** A log of events read over a time window: the parameters that bound it (both ends included) and how far back the API keeps events. */
  timeWindow?: TimeWindowParams;
}

export interface TimeWindowParams {
  fromParam: string;
  toParam: string;
  /** Events older than this many days before now are gone from the API. */
  historyDays: number;
}

/**
 * A route read in place of a source whose permission is denied: another catalog endpoint, read once per value of a
 * filter. Every row carries the value it was listed under (in `filter.into`), which is the signal.
 */
export interface DeniedRoute {
  /** The catalog endpoint read instead (its path, pagination, order, row schema and permission). */
  endpoint: string;
  filter: { param: string; values: string[]; into: string };
}

const deviceInformation = { heading: 'Devices', section: 'Device Information', seen: 'screenshot' } as const;
const prism = (label: string) => ({ heading: 'Prism', section: 'Prism', label, seen: 'unconfirmed' }) as const;
const prismEntry = <Row>(name: string, category: string, label: string, row: z.ZodType<Row>): EndpointEntry<Row> => ({
  name,
  path: `/api/v1/prism/${category}`,
  pagination: 'prism-offset',
  maxPageSize: 300,
  pageSizeParam: 'limit',
  permission: prism(label),
  row,
});

/**
 * Every GET endpoint the collector reads, as data. Pagination, probing, cost estimates and the simulator's checks follow from it.
 * Names that the row types below read (`expand.into`, `alternativeTo`, `onDenied`) are `as const`: `satisfies` would widen them.
 */
export const ENDPOINTS = {
  devices: {
    name: 'devices',
    path: '/api/v1/devices',
    pagination: 'offset-array',
    maxPageSize: 300,
    pageSizeParam: 'limit',
    permission: { ...deviceInformation, label: 'Device list' },
    row: DeviceRow,
    keyedOrder: { key: 'device_id', overlap: 5 },
  } satisfies EndpointEntry<DeviceRow>,
  'prism-device-information': prismEntry('prism-device-information', 'device_information', 'Device information', PrismDeviceInformationRow),
  'prism-filevault': {
    ...prismEntry('prism-filevault', 'filevault', 'FileVault', PrismFilevaultRow),
    // /devices lists Macs by FileVault state (Macs only: other platforms are in neither list) (test/contract/fixtures/prism-filevault.json).
    onDenied: { endpoint: 'devices' as const, filter: { param: 'filevault_enabled', values: ['true', 'false'], into: 'filevault_enabled' as const } },
  } satisfies EndpointEntry<PrismFilevaultRow>,
  'prism-application-firewall': prismEntry('prism-application-firewall', 'application_firewall', 'Application firewall', PrismFirewallRow),
  'prism-gatekeeper': prismEntry('prism-gatekeeper', 'gatekeeper_and_xprotect', 'Gatekeeper and XProtect', PrismGatekeeperRow),
  'prism-startup-settings': prismEntry('prism-startup-settings', 'startup_settings', 'Startup settings', PrismStartupSettingsRow),
  'prism-installed-profiles': prismEntry('prism-installed-profiles', 'installed_profiles', 'Installed profiles', PrismInstalledProfileRow),
  'prism-apps': prismEntry('prism-apps', 'apps', 'Applications', PrismAppRow),
  'prism-system-extensions': prismEntry('prism-system-extensions', 'system_extensions', 'System extensions', PrismSystemExtensionRow),
  blueprints: {
    name: 'blueprints',
    path: '/api/v1/blueprints',
    pagination: 'drf-offset',
    maxPageSize: 300,
    pageSizeParam: 'limit',
    permission: { heading: 'Blueprints', section: 'Blueprints Management', label: 'List Blueprints', seen: 'screenshot' },
    row: BlueprintRow,
  } satisfies EndpointEntry<BlueprintRow>,
  'blueprint-library-items': {
    name: 'blueprint-library-items',
    path: '/api/v1/blueprints/{blueprint_id}/list-library-items',
    pagination: 'next-link',
    maxPageSize: 300,
    permission: { heading: 'Blueprints', section: 'Blueprints Management', label: 'List Library Items', seen: 'unconfirmed' },
    row: BlueprintLibraryItemRow,
    expand: { from: 'blueprints', param: 'blueprint_id' },
  } satisfies EndpointEntry<BlueprintLibraryItemRow>,
  'library-item-status': {
    name: 'library-item-status',
    path: '/api/v1/library/library-items/{library_item_id}/status',
    pagination: 'drf-offset',
    maxPageSize: 300,
    pageSizeParam: 'limit',
    permission: { heading: 'Library', section: 'Library Items', label: 'Get Library Item Statuses', seen: 'unconfirmed' },
    row: LibraryItemStatusRow,
    expand: { from: 'blueprint-library-items', param: 'library_item_id' },
  } satisfies EndpointEntry<LibraryItemStatusRow>,
  'device-library-items': {
    name: 'device-library-items',
    path: '/api/v1/devices/{device_id}/library-items',
    pagination: 'document',
    rowsKey: 'library_items',
    maxPageSize: 1,
    permission: { ...deviceInformation, label: 'Device Library Items' },
    row: DeviceLibraryItemRow,
    expand: { from: 'devices', param: 'device_id', key: 'device_id', into: 'device_id' } as const,
    alternativeTo: 'library-item-status' as const,
  } satisfies EndpointEntry<DeviceLibraryItemRow>,
  'ade-integrations': {
    name: 'ade-integrations',
    path: '/api/v1/integrations/apple/ade',
    pagination: 'next-link',
    maxPageSize: 300,
    permission: { heading: 'Apple Integrations', section: 'Automated Device Enrollment', label: 'List integrations', seen: 'screenshot' },
    row: AdeIntegrationRow,
  } satisfies EndpointEntry<AdeIntegrationRow>,
  'ade-devices': {
    name: 'ade-devices',
    path: '/api/v1/integrations/apple/ade/devices',
    pagination: 'next-link',
    maxPageSize: 300,
    permission: { heading: 'Apple Integrations', section: 'Automated Device Enrollment', label: 'List ADE devices', seen: 'screenshot' },
    row: AdeDeviceRow,
  } satisfies EndpointEntry<AdeDeviceRow>,
  users: {
    name: 'users',
    path: '/api/v1/users',
    pagination: 'next-link',
    maxPageSize: 300,
    pageSizeParam: 'sizePerPage',
    permission: { heading: 'Users', section: 'Users', label: 'List users', seen: 'screenshot' },
    row: UserRow,
  } satisfies EndpointEntry<UserRow>,
  'audit-events': {
    name: 'audit-events',
    path: '/api/v1/audit/events',
    pagination: 'next-link',
    maxPageSize: 500,
    pageSizeParam: 'limit',
    firstQuery: { sort_by: 'occurred_at' },
    permission: { heading: 'Audit Log', section: 'Audit Log', label: 'List audit events', seen: 'unconfirmed' },
    row: AuditEventRow,
    // "History goes back a year" (iru-api.md, List audit events).
    timeWindow: { fromParam: 'start_date', toParam: 'end_date', historyDays: 365 },
  } satisfies EndpointEntry<AuditEventRow>,
  tags: {
    name: 'tags',
    path: '/api/v1/tags',
    pagination: 'next-link',
    maxPageSize: 300,
    permission: { heading: 'Tags', section: 'Tags', label: 'List tags', seen: 'unconfirmed' },
    row: TagRow,
  } satisfies EndpointEntry<TagRow>,
  licensing: {
    name: 'licensing',
    path: '/api/v1/settings/licensing',
    pagination: 'document',
    maxPageSize: 1,
    permission: { heading: 'Settings', section: 'Licensing', label: 'Get licensing', seen: 'unconfirmed' },
    row: Licensing,
  } satisfies EndpointEntry<Licensing>,
  threats: {
    name: 'threats',
    path: '/api/v1/threat-details',
    pagination: 'drf-offset',
    maxPageSize: 1000,
    pageSizeParam: 'limit',
    permission: { heading: 'Threats', section: 'Threat Details', label: 'Get Threat Details', seen: 'screenshot' },
    row: ThreatRow,
    entitlement: 'edr',
  } satisfies EndpointEntry<ThreatRow>,
  'vulnerability-detections': {
    name: 'vulnerability-detections',
    path: '/api/v1/vulnerability-management/detections',
    pagination: 'next-link',
    maxPageSize: 300,
    pageSizeParam: 'size',
    permission: { heading: 'Vulnerability Management', section: 'Vulnerability Management', label: 'List detections', seen: 'unconfirmed' },
    row: VulnerabilityDetectionRow,
    entitlement: 'vulnerability-management',
  } satisfies EndpointEntry<VulnerabilityDetectionRow>,
} as const;

type Endpoints = typeof ENDPOINTS;
export type EndpointName = keyof Endpoints;
export const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];
/** A source a collection reads: an endpoint that is not only another way to read one. */
export type SourceName = { [K in EndpointName]: Endpoints[K] extends { alternativeTo: string } ? never : K }[EndpointName];
/** The sources a collection reads: every endpoint that is not only another way to read one of them. */
export const SOURCE_NAMES = ENDPOINT_NAMES.filter((name): name is SourceName => !(ENDPOINTS as Record<string, EndpointEntry>)[name]!.alternativeTo);

/** The field a per-parent endpoint's rows carry their parent's id in (`expand.into`, default `parent_id`). */
type ParentIdField<E> = E extends { expand: { into: infer F extends string } } ? F : E extends { expand: object } ? 'parent_id' : never;

/** A row of an endpoint as stored: the output of its row schema, plus the parent's id on a per-parent endpoint. */
export type EndpointRow<K extends EndpointName> = z.output<Endpoints[K]['row']> & { [F in ParentIdField<Endpoints[K]>]: string };

/** A row of a source as a build reads it. Whichever endpoint read it, its own or an alternative (checked below). */
export type SourceRow<S extends SourceName> = EndpointRow<S>;

/** Sources with a route for their denied permission (`onDenied`). */
export type DeniedRouteSource = { [K in SourceName]: Endpoints[K] extends { onDenied: DeniedRoute } ? K : never }[SourceName];

/** A row of a source read through its denied route: a row of the route's endpoint, with the filter value it was listed under. */
export type DeniedRouteRow<S extends DeniedRouteSource> = Endpoints[S] extends {
  onDenied: { endpoint: infer E extends EndpointName; filter: { into: infer F extends string } };
}
  ? EndpointRow<E> & { [P in F]: string }
  : never;

/** Each alternative endpoint's rows must be rows of the source it reads, so a build need not know which path was taken. */
type AlternativesFeedTheirSource = {
  [K in EndpointName]: Endpoints[K] extends { alternativeTo: infer S extends SourceName } ? (EndpointRow<K> extends SourceRow<S> ? true : K) : true;
}[EndpointName];
const alternativesFeedTheirSource: AlternativesFeedTheirSource = true;
void alternativesFeedTheirSource;

export function endpoint(name: string): EndpointEntry {
  const entry = (ENDPOINTS as Record<string, EndpointEntry>)[name];
  if (!entry) throw new Error(`Unknown Iru endpoint "${name}"`);
  return entry;
}

/** Requests to read `rows` rows of an endpoint at its largest page: pages of a keyed order overlap, so step less than a page. */
export function pagesToRead(entry: EndpointEntry, rows: number): number {
  const overlap = entry.keyedOrder?.overlap ?? 0;
  return rows <= entry.maxPageSize ? 1 : 1 + Math.ceil((rows - entry.maxPageSize) / (entry.maxPageSize - overlap));
}

/** How a run summary names a denied route: `devices?filevault_enabled=true|false`. */
export function deniedRouteName(route: DeniedRoute): string {
  return `${route.endpoint}?${route.filter.param}=${route.filter.values.join('|')}`;
}

/** The request line an Artifact lists for a read endpoint, or for a denied route read in its place. */
export function readEndpointLine(source: string, via?: string): string {
  const route = endpoint(source).onDenied;
  if (route && via === deniedRouteName(route)) return `GET ${endpoint(route.endpoint).path}?${route.filter.param}=${route.filter.values.join('|')}`;
  return `GET ${endpoint(via ?? source).path}`;
}

export function describePermission(entry: EndpointEntry): string {
  return `"${entry.permission.label}" (${entry.permission.heading} › ${entry.permission.section}, GET ${entry.path})`;
}

/** Sources in an order where every per-parent source comes after its parent. */
export function collectionPhases(names: readonly string[] = SOURCE_NAMES): string[][] {
  const phases: string[][] = [];
  const placed = new Set<string>();
  let remaining = [...names];
  while (remaining.length) {
    const ready = remaining.filter((n) => {
      const from = endpoint(n).expand?.from;
      return !from || placed.has(from) || !names.includes(from);
    });
    if (!ready.length) throw new Error(`Circular expand in the endpoint catalog: ${remaining.join(', ')}`);
    phases.push(ready);
    ready.forEach((n) => placed.add(n));
    remaining = remaining.filter((n) => !placed.has(n));
  }
  return phases;
}
