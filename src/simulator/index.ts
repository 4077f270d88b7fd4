/** Iru Endpoint API simulator: a generated tenant served over HTTP on 127.0.0.1. */

export { createFleet, MAX_BLUEPRINTS, MAX_DEVICES } from './fleet/create-fleet.js';
export { APPLE_PLATFORMS, PRISM_CATEGORIES, isAgentPlatform, isApplePlatform, isPrismCategory } from './fleet/types.js';
export type {
  ApplePlatform,
  Fleet,
  FleetSpec,
  LibraryItemType,
  Platform,
  PrismCategory,
  SimAdeDevice,
  SimAdeIntegration,
  SimApp,
  SimAuditEvent,
  SimBlueprint,
  SimDevice,
  SimFileVault,
  SimFirewall,
  SimGatekeeper,
  SimLibraryItem,
  SimLibraryItemDeviceStatus,
  SimLibraryItemStatus,
  SimLicensing,
  SimParameterResult,
  SimProfile,
  SimStartup,
  SimSystemExtension,
  SimThreat,
  SimUser,
  SimVulnDetection,
} from './fleet/types.js';
export { startSimulator } from './http/server.js';
export type { RequestLogEntry, RunningSimulator, SimulatorOptions } from './http/server.js';
export type { DeviceChurnOptions, DeviceChurnRecord } from './routes/device-list.js';
export type { PermissionStatus, TokenSpec } from './http/auth.js';
export type { Fault } from './http/faults.js';
export { NOT_FOUND_HTML } from './http/responses.js';
export { ROUTES } from './routes/route-table.js';
export type { Route } from './http/route-types.js';
export { runSimulatorFromCli } from './main.js';
