import { defineConfig } from 'vitest/config';
import { TEST_TIME_ZONE } from './test/setup/time-zone.js';

// The long fault matrix and the load test: `npm run test:faults` (FAULT_SEEDS seeded runs per matrix, default 20).
export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.ts'],
    globalSetup: ['./test/setup/temporal-server.ts', './test/faults/tally-setup.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    pool: 'forks',
    env: { TZ: TEST_TIME_ZONE },
    // The matrices measure timings and kill processes: one file at a time keeps them honest on a small machine.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
