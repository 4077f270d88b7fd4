import { expect, it } from 'vitest';
import { TEST_TIME_ZONE } from './time-zone.js';

it('runs the suite in a zone that is not UTC, so local-time bugs show', () => {
  expect(process.env.TZ).toBe(TEST_TIME_ZONE);
  expect(new Date('2024-07-01T12:00:00Z').getTimezoneOffset()).not.toBe(0);
});
