import { defineConfig } from 'vitest/config';
import { TEST_TIME_ZONE } from './test/setup/time-zone.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/setup/temporal-server.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { TZ: TEST_TIME_ZONE },
    maxWorkers: 2,
  },
});
