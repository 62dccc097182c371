import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { pushedSandbox } from '../../src/server/vite-sandbox-plugin.ts';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';

// `npm run bench`: measurements in real Chromium, printed as tables. Not part of `npm test`.
export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  // In-page benchmarks send to the Pushed sandbox on the same server, as the app does by default.
  plugins: [pushedSandbox()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  optimizeDeps: { include: ['preact', 'preact/hooks', '@preact/signals', 'idb'] },
  test: {
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'in-page',
          // One benchmark at a time, project after project: they would measure each other otherwise.
          sequence: { groupOrder: 0 },
          include: ['test/bench/**/*.bench.{ts,tsx}'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
      // Whole page loads of the production build, driven from Node.
      {
        extends: true,
        test: {
          name: 'page-load',
          environment: 'node',
          include: ['test/bench/**/*.bench.node.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
