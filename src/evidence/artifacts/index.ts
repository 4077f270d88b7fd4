import type { ArtifactDefinition } from '../artifact-definition.js';
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

/** Every Artifact type the collector builds, and from which sources. */
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
