/**
 * Every suite runs in a zone far from UTC, so that a time read or written in the process's local zone (an offset-less
 * API timestamp parsed as local time, a date formatted with local getters) changes a result and fails a test.
 * Set before vitest forks its workers, so they and every process they spawn inherit it.
 */
export const TEST_TIME_ZONE = 'America/Los_Angeles';
process.env.TZ = TEST_TIME_ZONE;
