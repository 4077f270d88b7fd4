export * from './types.js';
export { diagnoseConnection, type Diagnose, type DiagnoseOptions } from './diagnose.js';
export { diagnosisText } from './text.js';
export { systemLookup, type Lookup } from './host-check.js';
export {
  checkApp,
  checkConnectionName,
  checkLocation,
  checkRegion,
  checkToken,
  tokenProblem,
  type CheckedLocation,
  type FieldError,
  type ResolveRegionUrl,
} from './input.js';
export { REGION_LABELS, parseIruHost } from './iru-host.js';
export { connectionTiming, type ConnectionTiming, type NextRunProvider, type TimingOptions } from './timing.js';
export { timingText } from './timing-text.js';
export { freshnessOf, type Freshness } from './freshness.js';
export { preflight, PreflightError, type PreflightOptions } from './preflight.js';
export { rotateToken, type Rotation } from './rotate-token.js';
