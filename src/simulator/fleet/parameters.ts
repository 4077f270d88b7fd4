/** Blueprint parameter (compliance check) results; the API reports them for Macs only. */

import { Rng } from '../random/prng.js';
import { PARAMETERS, PARAMETER_STATUSES } from './catalog.js';
import type { SimParameterResult } from './types.js';

export function deviceParameters(seed: number, isMac: boolean, deviceIndex: number): SimParameterResult[] {
  if (!isMac) return [];
  const rng = new Rng(seed, 'parameters', deviceIndex);
  return PARAMETERS.map((parameter) => ({ ...parameter, status: rng.weighted(PARAMETER_STATUSES) }));
}
