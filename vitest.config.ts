// Unit and integration tests (`*.test.ts` beside the code). Integration tests hit
// the real PostgreSQL in DATABASE_URL, which `npm test` creates for the run.
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
// lib/ modules `import 'server-only'`, which throws outside React Server
// Components unless resolved with the react-server condition.
// The rest are Vite's default server conditions, which setting the list replaces.
const conditions = ['react-server', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // What Next's bundler gives server code for next/navigation (redirect,
      // notFound, unstable_rethrow without the client router's React context):
      // createAppRouterApiAliases in next/dist/build/create-compiler-aliases.js.
      { find: /^next\/navigation$/, replacement: 'next/dist/client/components/navigation.react-server.js' },
    ],
    conditions,
  },
  ssr: { resolve: { conditions, externalConditions: ['react-server'] } },
  test: {
    environment: 'node',
    include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'server/**/*.test.ts'],
    // The integration tests share one database; one file at a time keeps them
    // from seeing each other's rows.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
