/**
 * The fleet `now` for tests that compare collections made minutes apart. Evidence judges a signal's age against the
 * collection's own time, and the generator's ages are whole days plus up to an hour before the fleet's `now`. With
 * the default `now`, a fixed date in the past, some devices cross the 30-day threshold during one hour of every day,
 * and two runs a minute apart then differ. Anchored at the test file's start, no age comes near a whole-day
 * threshold while the file runs.
 */
export const FLEET_NOW = new Date().toISOString();
