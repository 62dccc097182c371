import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';

// `npm run bench`: measurements in real Chromium, printed as tables. Not part of `npm test`.
export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  optimizeDeps: { include: ['preact', 'preact/hooks', '@preact/signals', 'idb'] },
  test: {
    include: ['test/bench/**/*.bench.ts'],
    testTimeout: 600_000,
    printConsoleTrace: false,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS } }),
      instances: [{ browser: 'chromium' }],
      screenshotFailures: false,
    },
  },
});
