/**
 * Every simulated GET endpoint, as data: path template (= permission key), pagination style, page
 * sizes, entitlement and where its rows come from. Shapes live in ../api, paging in ../http/pagination.
 */

import { deviceApps, deviceLibraryItems, deviceParametersDoc, deviceStatus } from '../api/device-collections.js';
import { deviceDetails } from '../api/device-details.js';
import { SECRET_KINDS, deviceSecret } from '../api/device-secrets.js';
import { adeDeviceDoc, adeIntegrationDoc, blueprintDoc, blueprintLibraryItems, libraryItemDeviceStatusDoc, licensingDoc } from '../api/org-shapes.js';
import { userDoc } from '../api/people-shapes.js';
import { threatDoc, vulnerabilityDetectionDoc } from '../api/security-shapes.js';
import { PRISM_CATEGORIES, isPrismCategory, type PrismCategory } from '../fleet/types.js';
import { ApiError } from '../http/api-error.js';
import type { CursorPagination, DocumentRoute, ListRoute, Pagination, Route, RowSource } from '../http/route-types.js';
import { auditRows } from './audit-rows.js';
import { blueprintParam, deviceParam, libraryItemParam } from './lookups.js';
import { indexedRows, listRows } from './row-sets.js';

function list(path: string, pagination: Pagination, defaultPageSize: number, maxPageSize: number, rows: RowSource, extra: Partial<ListRoute> = {}): ListRoute {
  return { kind: 'list', path, permission: path, pagination, defaultPageSize, maxPageSize, rows, ...extra };
}

function document(path: string, build: DocumentRoute['document'], extra: Partial<DocumentRoute> = {}): DocumentRoute {
  return { kind: 'document', path, permission: path, document: build, ...extra };
}

const cursorStyle = (overrides: Omit<CursorPagination, 'style'>): CursorPagination => ({ style: 'cursor', ...overrides });

const prismRoute = (category: PrismCategory): ListRoute =>
  list(`/api/v1/prism/${category}`, { style: 'prism' }, 25, 300, ({ fleet }) => ({
    total: fleet.prismRowCount(category),
    rows: (offset, limit) => fleet.prismRows(category, offset, limit),
  }));

const secretRoute = (kind: (typeof SECRET_KINDS)[number]): DocumentRoute =>
  document(`/api/v1/devices/{device_id}/secrets/${kind}`, (c) => deviceSecret(c.fleet, deviceParam(c), kind));

export const ROUTES: readonly Route[] = [
  list(
    '/api/v1/devices',
    { style: 'offset-array' },
    300,
    300,
    ({ deviceList, query }) => deviceList.rowSet(query.get('ordering'), query.get('filevault_enabled')),
    {
      afterPage: ({ deviceList }) => deviceList.afterPage(),
    },
  ),
  document('/api/v1/devices/{device_id}/details', (c) => deviceDetails(c.fleet, deviceParam(c))),
  document('/api/v1/devices/{device_id}/library-items', (c) => deviceLibraryItems(c.fleet, deviceParam(c))),
  document('/api/v1/devices/{device_id}/parameters', (c) => deviceParametersDoc(c.fleet, deviceParam(c))),
  document('/api/v1/devices/{device_id}/status', (c) => deviceStatus(c.fleet, deviceParam(c))),
  document('/api/v1/devices/{device_id}/apps', (c) => deviceApps(c.fleet, deviceParam(c)), {
    totalCount: (doc) => (doc as { apps: unknown[] }).apps.length,
  }),
  ...SECRET_KINDS.map(secretRoute),

  ...PRISM_CATEGORIES.map(prismRoute),
  document('/api/v1/prism/count', ({ fleet, query }) => {
    const category = query.get('category') ?? '';
    if (!isPrismCategory(category)) throw ApiError.detail(400, `Invalid category: ${category}`);
    return { count: fleet.prismRowCount(category), approximate: false };
  }),

  // No documented maximum: the server serves 100 rows whatever `limit` asks, `count` and `next` say more remain.
  list('/api/v1/blueprints', { style: 'drf-offset' }, 100, 100, ({ fleet }) => listRows(fleet.blueprints.map(blueprintDoc))),
  list('/api/v1/blueprints/{blueprint_id}/list-library-items', { style: 'drf-single-page' }, 300, 300, (c) =>
    listRows(blueprintLibraryItems(c.fleet, blueprintParam(c))),
  ),
  list('/api/v1/library/library-items/{library_item_id}/status', { style: 'drf-offset' }, 300, 300, (c) => {
    const item = libraryItemParam(c);
    return {
      total: c.fleet.libraryItemDeviceStatusCount(item.id),
      rows: (offset, limit) => c.fleet.libraryItemDeviceStatuses(item.id, offset, limit).map((row) => libraryItemDeviceStatusDoc(c.fleet, item.id, row)),
    };
  }),

  list('/api/v1/integrations/apple/ade', { style: 'drf-single-page' }, 300, 300, ({ fleet }) =>
    listRows(fleet.adeIntegrations.map((integration) => adeIntegrationDoc(fleet, integration))),
  ),
  list('/api/v1/integrations/apple/ade/devices', { style: 'drf-page', trailingSlashLinks: true }, 300, 300, ({ fleet }) =>
    indexedRows(fleet.adeDeviceCount, (k) => adeDeviceDoc(fleet, fleet.adeDevice(k))),
  ),

  list(
    '/api/v1/users',
    cursorStyle({ cursorParam: 'cursor', sizeParam: 'sizePerPage', links: 'cursor-only', envelope: 'next-previous-results', invalidCursorStatus: 404 }),
    25,
    300,
    ({ fleet }) => indexedRows(fleet.userCount, (j) => userDoc(fleet, fleet.user(j))),
  ),
  list(
    '/api/v1/audit/events',
    cursorStyle({ cursorParam: 'cursor', sizeParam: 'limit', links: 'cursor-last', envelope: 'results-previous-next', invalidCursorStatus: 400 }),
    500,
    500,
    auditRows,
    { linkHost: 'api' },
  ),
  list('/api/v1/tags', { style: 'drf-single-page' }, 300, 300, ({ fleet }) => listRows(fleet.tags.map(({ id, name }) => ({ id, name })))),
  document('/api/v1/settings/licensing', ({ fleet }) => licensingDoc(fleet)),

  list(
    '/api/v1/threat-details',
    { style: 'drf-offset' },
    1000,
    1000,
    ({ fleet }) => indexedRows(fleet.threatCount, (t) => threatDoc(fleet, fleet.threat(t)), { malware_count: fleet.malwareCount, pup_count: fleet.pupCount }),
    { entitlement: 'edr' },
  ),
  list(
    '/api/v1/vulnerability-management/detections',
    cursorStyle({ cursorParam: 'after', sizeParam: 'size', links: 'cursor-last', envelope: 'next-previous-results', invalidCursorStatus: 400 }),
    300,
    300,
    ({ fleet }) => indexedRows(fleet.vulnerabilityDetectionCount, (v) => vulnerabilityDetectionDoc(fleet, fleet.vulnerabilityDetection(v))),
    { entitlement: 'vulnerabilityManagement' },
  ),
];
