export { collectEvidence } from './collect-evidence.js';
export type { CollectEvidenceInput } from './collect-evidence.js';
