/** Devices that enroll while `/devices` is being read (the simulator's device churn). */

import type { DeviceSkeleton } from './skeleton.js';
import { frozenAgentClock } from './clocks.js';
import { MICROS_PER_SECOND } from './time.js';

/**
 * The k-th enrolling device: the skeleton of device `deviceCount + k`, enrolled `k + 1` seconds after the fleet's
 * `now` (so it is the newest enrolment), managed, and checked in right after enrolling.
 */
export function enrollingSkeleton(base: DeviceSkeleton, nowMicros: number, k: number): DeviceSkeleton {
  const enrolled = nowMicros + (k + 1) * MICROS_PER_SECOND;
  const mdm = enrolled + 20 * MICROS_PER_SECOND;
  const agent = base.agentInstalled ? enrolled + 40 * MICROS_PER_SECOND : null;
  const shown = agent ?? mdm;
  return {
    ...base,
    isRemoved: false,
    mdmEnabled: true,
    lastCheckInMicros: shown,
    clocks: {
      firstEnrollmentMicros: enrolled,
      lastEnrollmentMicros: enrolled,
      mdmCheckInMicros: mdm,
      agentCheckInMicros: agent,
      shownCheckInMicros: shown,
      listedCheckInMicros: agent === null && base.platform === 'Mac' ? frozenAgentClock(enrolled, mdm) : shown,
    },
  };
}
