/**
 * A device's clocks, from its own keyed stream: enrollment, MDM check-in, agent check-in, its latest check-in (the
 * agent clock where an agent is installed, else the MDM clock), and the one `/devices` lists as `last_check_in` (the
 * same, but on a Mac without the agent an agent clock that never moved from a minute after enrollment, as recorded:
 * ../shared/reference/iru-api-observed.md, Check-in times).
 */

import { Rng } from '../random/prng.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE } from './time.js';

export interface DeviceClocks {
  firstEnrollmentMicros: number;
  lastEnrollmentMicros: number;
  /** null = never checked in. */
  mdmCheckInMicros: number | null;
  /** null = no agent, or never checked in. */
  agentCheckInMicros: number | null;
  /** The device's latest check-in: the agent clock when the device has an agent, else the MDM clock. */
  shownCheckInMicros: number | null;
  /** What `/devices` lists as `last_check_in`: `shownCheckInMicros`, but frozenAgentClock on a Mac without the agent. */
  listedCheckInMicros: number | null;
}

export interface ClockSubject {
  isMac: boolean;
  isRemoved: boolean;
  agentInstalled: boolean;
}

/** Share of Macs with an agent whose agent stopped checking in while MDM still does. */
export const BROKEN_AGENT_SHARE = 0.04;

export function deviceClocks(seed: number, index: number, subject: ClockSubject, nowMicros: number): DeviceClocks {
  const rng = new Rng(seed, 'device-clocks', index);
  const primary = primaryCheckIn(rng, subject.isRemoved, nowMicros);
  const { mdm, agent } = splitClocks(rng, subject, primary, nowMicros);
  const earliest = mdm === null ? null : Math.min(mdm, agent ?? mdm);
  const firstEnrollmentMicros = (earliest ?? nowMicros - rng.int(0, 10) * MICROS_PER_DAY) - rng.int(10, 900) * MICROS_PER_DAY - rng.int(0, MICROS_PER_DAY);
  const lastEnrollmentMicros = rng.chance(0.6)
    ? firstEnrollmentMicros + rng.int(1, 900_000)
    : firstEnrollmentMicros + Math.floor(rng.next() * ((earliest ?? nowMicros) - firstEnrollmentMicros));
  const shown = subject.agentInstalled ? agent : mdm;
  const listed = subject.isMac && !subject.agentInstalled ? frozenAgentClock(lastEnrollmentMicros, nowMicros) : shown;
  return {
    firstEnrollmentMicros,
    lastEnrollmentMicros,
    mdmCheckInMicros: mdm,
    agentCheckInMicros: agent,
    shownCheckInMicros: shown,
    listedCheckInMicros: listed,
  };
}

/** A Mac without the agent: `/devices` shows a minute after its enrollment, for ever (HAR, iru-api-observed.md). */
export function frozenAgentClock(lastEnrollmentMicros: number, nowMicros: number): number {
  return Math.min(nowMicros, lastEnrollmentMicros + MICROS_PER_MINUTE);
}

/** ~2% never checked in, ~10% stale by more than a week, the rest within the week (mostly today). */
function primaryCheckIn(rng: Rng, isRemoved: boolean, nowMicros: number): number | null {
  const roll = rng.next();
  const jitter = rng.int(0, MICROS_PER_HOUR - 1);
  if (isRemoved) return nowMicros - rng.int(30, 200) * MICROS_PER_DAY - jitter;
  if (roll < 0.02) return null;
  if (roll < 0.12) return nowMicros - rng.int(8, 90) * MICROS_PER_DAY - jitter;
  if (roll < 0.2) return nowMicros - rng.int(1, 6) * MICROS_PER_DAY - jitter;
  return nowMicros - rng.int(1, 20 * 60) * MICROS_PER_MINUTE - rng.int(0, 59_999_999);
}

/**
 * With an agent: usually both clocks near the primary one (MDM mostly a little older, sometimes newer); a broken
 * agent (Macs only) last checked in 2-6 weeks ago while MDM checked in within the last 12 hours.
 */
function splitClocks(rng: Rng, subject: ClockSubject, primary: number | null, nowMicros: number): { mdm: number | null; agent: number | null } {
  if (primary === null) return { mdm: null, agent: null };
  if (!subject.agentInstalled) return { mdm: primary, agent: null };
  if (subject.isMac && !subject.isRemoved && rng.chance(BROKEN_AGENT_SHARE)) {
    return {
      mdm: nowMicros - rng.int(1, 12 * 60) * MICROS_PER_MINUTE - rng.int(0, 59_999_999),
      agent: nowMicros - rng.int(14, 42) * MICROS_PER_DAY - rng.int(0, MICROS_PER_DAY - 1),
    };
  }
  const mdm = rng.chance(0.8) ? primary - rng.int(0, 3 * MICROS_PER_HOUR) : Math.min(nowMicros, primary + rng.int(1, 30 * MICROS_PER_MINUTE));
  return { mdm, agent: primary };
}
