export { collectEvidence } from './collect-evidence.js';
export type { CollectEvidenceInput } from './collect-evidence.js';
export { progressQuery } from './progress.js';
export type { CollectionProgress } from './progress.js';
