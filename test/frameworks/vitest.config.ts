import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/frameworks/**/*.test.ts'],
  },
});
