import type { ArtifactDefinition } from '../artifact-definition.js';
import type { ArtifactType } from '../types/artifact.generated.js';
import { adeEnrollment } from './ade-enrollment.js';
import { adminActivity } from './admin-activity.js';
import { collectionRun } from './collection-run.js';
import { configurationProfiles } from './configuration-profiles.js';
import { deviceInventory } from './device-inventory.js';
import { deviceTrust } from './device-trust.js';
import { diskEncryption } from './disk-encryption.js';
import { firewall } from './firewall.js';
import { libraryItemCompliance } from './library-item-compliance.js';
import { malwareProtection } from './malware-protection.js';
import { mdmEnrollment } from './mdm-enrollment.js';
import { osCurrency } from './os-currency.js';
import { softwareInventory } from './software-inventory.js';
import { threatDetections } from './threat-detections.js';
import { userAssignment } from './user-assignment.js';
import { vulnerabilities } from './vulnerabilities.js';

/**
 * Every Artifact type the collector builds, and from which sources: the one list of Artifact types. The schemas' enums of
 * them, and so the ArtifactType union, are generated from it in this order (npm run gen:types).
 */
export const ARTIFACT_DEFINITIONS: readonly ArtifactDefinition[] = [
  deviceInventory,
  mdmEnrollment,
  deviceTrust,
  diskEncryption,
  firewall,
  malwareProtection,
  osCurrency,
  configurationProfiles,
  libraryItemCompliance,
  softwareInventory,
  userAssignment,
  adeEnrollment,
  adminActivity,
  vulnerabilities,
  threatDetections,
  collectionRun,
];

/** The Artifact types, in registry order. */
export const ARTIFACT_TYPES: readonly ArtifactType[] = ARTIFACT_DEFINITIONS.map((definition) => definition.type);

const ARTIFACT_TYPE_SET: ReadonlySet<string> = new Set(ARTIFACT_TYPES);

export function isArtifactType(value: unknown): value is ArtifactType {
  return typeof value === 'string' && ARTIFACT_TYPE_SET.has(value);
}
