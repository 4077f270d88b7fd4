export * from './artifact-definition.js';
export * from './assemble.js';
export * from './canonical-hash.js';
export * from './schema-validator.js';
export * from './timestamps.js';
export { ARTIFACT_DEFINITIONS } from './artifacts/index.js';
export type { Artifact, ArtifactType } from './types/artifact.generated.js';
