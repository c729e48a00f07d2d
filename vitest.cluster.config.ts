// The cluster tests (cluster/*.test.ts, `npm run test:cluster`): each file starts
// nginx, two instances, the worker and a PostgreSQL of its own, and drives them
// for minutes. Resolution as for the unit tests (vitest.config.ts).
import { defineConfig } from 'vitest/config';
import unit from './vitest.config';

export default defineConfig({
  ...unit,
  test: {
    ...unit.test,
    include: ['cluster/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
