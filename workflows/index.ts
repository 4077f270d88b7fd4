export { collectEvidence } from './collect-evidence.js';
