/** Ground-truth model of a simulated tenant: plain, typed, normalised (not the API shape). */

export type Platform = 'Mac' | 'iPhone' | 'iPad' | 'AppleTV';

export const PRISM_CATEGORIES = [
  'device_information',
  'filevault',
  'application_firewall',
  'gatekeeper_and_xprotect',
  'startup_settings',
  'installed_profiles',
  'apps',
  'system_extensions',
] as const;
export type PrismCategory = (typeof PRISM_CATEGORIES)[number];

export function isPrismCategory(value: string): value is PrismCategory {
  return (PRISM_CATEGORIES as readonly string[]).includes(value);
}

export interface FleetSpec {
  seed: number;
  devices: number;
  tenant?: string;
  now?: string;
  edr?: boolean;
  vulnerabilityManagement?: boolean;
}

export interface SimFileVault {
  enabled: boolean;
  keyEscrowed: boolean;
  keyType: 'Personal' | null;
}

export interface SimFirewall {
  enabled: boolean;
  stealthMode: boolean;
  blockAllIncoming: boolean;
}

export interface SimGatekeeper {
  enabled: boolean;
  xprotectVersion: string;
}

export interface SimStartup {
  sip: boolean;
  ssv: boolean;
  secureBootLevel: 'full' | 'medium' | 'off';
}

export interface SimProfile {
  name: string;
  identifier: string;
  uuid: string;
  installedAt: string;
}

export interface SimApp {
  name: string;
  bundleId: string;
  version: string;
  path: string;
  source: 'Apple' | 'App Store' | 'Identified Developer';
}

export interface SimSystemExtension {
  name: string;
  identifier: string;
  teamId: string;
  version: string;
  state: 'activated_enabled' | 'activated_waiting_for_user';
}

export interface SimDevice {
  index: number;
  id: string;
  name: string;
  serialNumber: string;
  platform: Platform;
  /** Marketing model, e.g. "MacBook Air (M1, 2020)". */
  model: string;
  /** Hardware identifier, e.g. "MacBookAir10,1". */
  modelId: string;
  osVersion: string;
  osBuild: string;
  /** ISO instant; null when the API shows "" (never checked in). */
  lastCheckIn: string | null;
  agentInstalled: boolean;
  /** "" when no agent. */
  agentVersion: string;
  mdmEnabled: boolean;
  isRemoved: boolean;
  isMissing: boolean;
  supervised: boolean;
  userId: string | null;
  userIndex: number | null;
  blueprintId: string;
  blueprintName: string;
  blueprintIndex: number;
  /** "" when none. */
  assetTag: string;
  tags: string[];
  firstEnrollment: string;
  lastEnrollment: string;
  filevault: SimFileVault | null;
  firewall: SimFirewall | null;
  gatekeeper: SimGatekeeper | null;
  startup: SimStartup | null;
  installedProfiles: SimProfile[];
  apps: SimApp[];
  systemExtensions: SimSystemExtension[];
  adeEligible: boolean;
  autoEnrolled: boolean;
}

export interface SimBlueprint {
  index: number;
  id: string;
  name: string;
  icon: string;
  color: string;
  description: string;
  type: 'classic' | 'map';
  enrollmentCode: { code: string; isActive: boolean };
  libraryItemIds: string[];
  deviceCount: number;
}

export type LibraryItemType =
  | 'custom-script'
  | 'custom-app'
  | 'automatic-app'
  | 'profile'
  | 'macos-release'
  | 'kandji-setup'
  | 'threat-security-policy'
  | 'vpp-app';

export interface SimLibraryItem {
  index: number;
  id: string;
  name: string;
  type: LibraryItemType;
  /** Only Macs can run it; other platforms report INCOMPATIBLE. */
  macOnly: boolean;
  blueprintIds: string[];
}

export interface SimLibraryItemStatus {
  itemId: string;
  status: string;
  reportedAt: string | null;
}

export interface SimParameterResult {
  itemId: string;
  name: string;
  category: string;
  subcategory: string;
  status: string;
}

export interface SimUser {
  index: number;
  id: string;
  name: string;
  email: string;
  active: boolean;
  archived: boolean;
  department: string | null;
  jobTitle: string | null;
  deprecatedUserId: string;
  createdAt: string;
  updatedAt: string;
  deviceCount: number;
}

export interface SimAdeIntegration {
  index: number;
  id: string;
  blueprintId: string;
  serverName: string;
  serverUuid: string;
  orgName: string;
  adminId: string;
  accessTokenExpiry: string;
  lastDeviceSync: string;
  daysLeft: number;
  status: 'SUCCESS' | 'BROKEN';
  deviceCounts: { Mac: number; iPad: number; iPhone: number; AppleTV: number; total: number };
}

export interface SimAdeDevice {
  index: number;
  id: string;
  serialNumber: string;
  deviceFamily: Platform;
  model: string;
  os: 'OSX' | 'iOS' | 'iPadOS' | 'tvOS';
  integrationId: string;
  blueprintId: string;
  userId: string | null;
  assetTag: string;
  profileStatus: 'assigned' | 'pushed' | 'empty' | 'removed';
  assignedAt: string;
  /** Fleet index of the enrolled device; null = awaiting enrollment (API `mdm_device: null`). */
  deviceIndex: number | null;
}

export interface SimAuditEvent {
  index: number;
  id: string;
  occurredAt: string;
  action: 'create' | 'update' | 'delete';
  actorId: string;
  actorType: 'user' | 'api_token' | 'kandji';
  targetId: string;
  targetType: 'blueprint' | 'library_item' | 'api_token' | 'device';
  targetComponent: string;
  newState: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface SimThreat {
  index: number;
  deviceIndex: number;
  deviceId: string;
  threatName: string;
  classification: 'malware' | 'pup';
  status: 'quarantined' | 'not_quarantined' | 'released' | 'resolved';
  processName: string;
  processOwner: string;
  filePath: string;
  fileHash: string;
  detectedAt: string;
  quarantinedAt: string | null;
  releasedAt: string | null;
  libraryItemId: string;
  libraryItemName: string;
}

export interface SimVulnDetection {
  index: number;
  deviceIndex: number;
  deviceId: string;
  cveId: string;
  cveDescription: string;
  cvssScore: number;
  severity: 'Low' | 'Medium' | 'High' | 'Critical';
  softwareName: string;
  bundleId: string;
  version: string;
  path: string;
  firstDetectedAt: string;
  latestDetectedAt: string;
}

export interface SimLicensing {
  counts: { computers: number; ios: number; ipados: number; macos: number; tvos: number };
  maxDevices: number;
}

/** One row of GET /library/library-items/{id}/status, in ground-truth form. */
export interface SimLibraryItemDeviceStatus extends SimLibraryItemStatus {
  deviceIndex: number;
}

export interface Fleet {
  spec: Required<FleetSpec>;
  deviceCount: number;
  device(index: number): SimDevice;
  devices(): IterableIterator<SimDevice>;
  /** Fleet index of a device id, or undefined for an unknown id. O(1). */
  deviceIndexOf(id: string): number | undefined;
  macCount: number;
  blueprints: SimBlueprint[];
  libraryItems: SimLibraryItem[];
  libraryItemStatuses(deviceIndex: number): SimLibraryItemStatus[];
  /** Per-device rows of one library item (devices whose blueprint holds it), blueprint by blueprint. */
  libraryItemDeviceStatusCount(itemId: string): number;
  libraryItemDeviceStatuses(itemId: string, offset: number, limit: number): SimLibraryItemDeviceStatus[];
  /** Blueprint parameter results; Mac only ([] otherwise). */
  deviceParameters(deviceIndex: number): SimParameterResult[];
  user(index: number): SimUser;
  users(): IterableIterator<SimUser>;
  userCount: number;
  adeDevice(index: number): SimAdeDevice;
  adeDevices(): IterableIterator<SimAdeDevice>;
  adeDeviceCount: number;
  adeIntegrations: SimAdeIntegration[];
  auditEvent(index: number): SimAuditEvent;
  auditEvents(): IterableIterator<SimAuditEvent>;
  auditEventCount: number;
  /** Index of the first event at or after `instant` (+ `plusMicros`); auditEventCount when none. O(log n). */
  auditEventIndexAtOrAfter(instant: string, plusMicros?: number): number;
  tags: { id: string; name: string }[];
  threat(index: number): SimThreat;
  threats(): IterableIterator<SimThreat>;
  threatCount: number;
  malwareCount: number;
  pupCount: number;
  vulnerabilityDetection(index: number): SimVulnDetection;
  vulnerabilityDetections(): IterableIterator<SimVulnDetection>;
  vulnerabilityDetectionCount: number;
  licensing: SimLicensing;
  prismRowCount(category: PrismCategory): number;
  prismRows(category: PrismCategory, offset: number, limit: number): Record<string, unknown>[];
}
