import { defineConfig } from 'vitest/config';
import { TEST_TIME_ZONE } from './test/setup/time-zone.js';

/**
 * Two tiers. `unit`: rules, parsers, paginators and activities with no Temporal server, PostgreSQL, Redis or browser
 * (`npm run test:unit`, seconds). `integration`: everything else, against one real Temporal dev server started once.
 */
const UNIT_TESTS = [
  'test/unit/**/*.test.ts',
  'test/contract/**/*.test.ts',
  'test/iru/**/*.test.ts',
  'test/evidence/{rules,timestamps,real-api-verdicts,generated-types}.test.ts',
  'test/failures/vocabulary.test.ts',
  'test/frameworks/**/*.test.ts',
  'test/budget/rate-limit-headers.test.ts',
  'test/diagnose/{input,timing}.test.ts',
  'test/exports/{csv,hashed-stream,streamed-json}.test.ts',
  'test/store/token-cipher.test.ts',
  'test/setup/time-zone.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { TZ: TEST_TIME_ZONE },
    // Users created by tests get scrypt at N = 2^14: at the production 2^17 every sign-in would cost ~0.8 s here.
    setupFiles: ['./test/setup/scrypt-cost.ts'],
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT_TESTS, pool: 'threads' } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: UNIT_TESTS, globalSetup: ['./test/setup/temporal-server.ts'] },
      },
    ],
  },
});
