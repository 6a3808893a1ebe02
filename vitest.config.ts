import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Three projects: fast unit tests, integration tests against a real server on port 0,
// and end-to-end tests in a real Chromium against the built client. The summary ends with the tests that did not
// run and why (a service this machine lacks).
export default defineConfig({
  test: {
    // Three files at a time even on two cores (vitest's default there is one): most of a test's time is spent waiting
    // on servers, sockets, child processes and services, not on the CPU. Unit + integration on the 2-core machine:
    // 354 s one at a time, 205 s two at a time (another day: 138 s two, 115 s three at a time). The e2e files still
    // run one at a time (fileParallelism below).
    maxWorkers: Math.max(3, availableParallelism() - 1),
    reporters: ['default', './test/support/notRunReporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: ['test/integration/**', 'test/e2e/**'], environment: 'node' } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['test/e2e/globalSetup.ts'],
        },
      },
    ],
  },
});
