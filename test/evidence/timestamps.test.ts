import { describe, expect, it } from 'vitest';
import { normalizeTimestamp } from '../../src/evidence/timestamps.js';

describe('the three timestamp styles of the API', () => {
  it.each([
    ['2024-07-23T14:11:37.150080Z', '2024-07-23T14:11:37.150Z'],
    ['2024-01-26 16:15:36.087016+00:00', '2024-01-26T16:15:36.087Z'],
    ['2024-05-13 20:09:23 +0000', '2024-05-13T20:09:23.000Z'],
    ['2024-05-13 22:09:23 +0200', '2024-05-13T20:09:23.000Z'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each(['', null, undefined, 'yesterday'])('%j -> null', (input) => {
    expect(normalizeTimestamp(input)).toBeNull();
  });
});
