import { defineConfig } from 'vitest/config';

// The root config starts a Temporal server; the simulator tests need none.
export default defineConfig({
  test: {
    include: ['test/simulator/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
