import type { ArtifactDefinition } from '../artifact-definition.js';
import { deviceInventory } from './device-inventory.js';

/** Every Artifact type the collector builds, and from which sources. */
export const ARTIFACT_DEFINITIONS: readonly ArtifactDefinition[] = [deviceInventory];
