import type { Fleet, PrismCategory } from './index.js';

/** Rows of overlap between consecutive /devices pages: the list is read in device_id order, each page starting a few
 * rows back, so that a device leaving below the reader cannot make the next one slide past it unseen. */
export const DEVICE_PAGE_OVERLAP = 5;

/** Pages the collector reads /devices in: the first 300 rows, then 295 new rows a page. */
export function devicePages(devices: number): number {
  return devices <= 300 ? 1 : 1 + Math.ceil((devices - 300) / (300 - DEVICE_PAGE_OVERLAP));
}

/**
 * The fewest requests a full collection can make, from the generator's own counts and the API's documented page
 * sizes: the sum over sources of ceil(rows / max page size), at least one request per call (an empty list still
 * costs one). Independent of the collector's code.
 */
export function requestFloor(fleet: Fleet, auditWindow: { from: string; to: string }): { total: number; bySource: Record<string, number> } {
  const pages = (rows: number, size: number) => Math.max(1, Math.ceil(rows / size));
  const prism = (category: PrismCategory) => pages(fleet.prismRowCount(category), 300);
  const itemsInUse = [...new Set(fleet.libraryItems.filter((i) => i.blueprintIds.length > 0).map((i) => i.id))];
  // The audit log at the simulator's starting clock (the fleet's now) ends there: later events have not happened yet.
  const auditEnd = Math.min(fleet.auditEventIndexAtOrAfter(auditWindow.to, 1), fleet.auditEventIndexAtOrAfter(fleet.spec.now, 1));
  const auditRows = auditEnd - fleet.auditEventIndexAtOrAfter(auditWindow.from);
  const bySource: Record<string, number> = {
    devices: pages(fleet.deviceCount, 300),
    'prism-device-information': prism('device_information'),
    'prism-filevault': prism('filevault'),
    'prism-application-firewall': prism('application_firewall'),
    'prism-gatekeeper': prism('gatekeeper_and_xprotect'),
    'prism-startup-settings': prism('startup_settings'),
    'prism-installed-profiles': prism('installed_profiles'),
    'prism-apps': prism('apps'),
    'prism-system-extensions': prism('system_extensions'),
    // No documented maximum: the simulator, like a server may, serves 100 blueprints a page whatever is asked.
    blueprints: pages(fleet.blueprints.length, 100),
    'blueprint-library-items': fleet.blueprints.length,
    'library-item-status': itemsInUse.reduce((sum, id) => sum + pages(fleet.libraryItemDeviceStatusCount(id), 300), 0),
    'ade-integrations': 1,
    'ade-devices': pages(fleet.adeDeviceCount, 300),
    users: pages(fleet.userCount, 300),
    'audit-events': pages(Math.max(0, auditRows), 500),
    tags: 1,
    licensing: 1,
    threats: fleet.spec.edr ? pages(fleet.threatCount, 1000) : 1,
    'vulnerability-detections': fleet.spec.vulnerabilityManagement ? pages(fleet.vulnerabilityDetectionCount, 300) : 1,
  };
  return { total: Object.values(bySource).reduce((a, b) => a + b, 0), bySource };
}
