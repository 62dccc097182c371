import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { VitePWA } from 'vite-plugin-pwa';
import { connectOrigins, contentSecurityPolicy } from './src/server/http/csp.ts';
import { pushedSandbox } from './src/server/vite-sandbox-plugin.ts';
import { availableParallelism } from 'node:os';
import { CHROMIUM_ARGS, findChromium } from './test/support/chromium.ts';
import { SlowFirstSequencer } from './test/support/sequencer.ts';

// Where the app may send: Pushed itself, plus any origins (a relay) named at build time.
const CONNECT_ORIGINS = connectOrigins();

// One file for the app's build and for every test project (the top level holds no other config).
export default defineConfig({
  // The Pushed sandbox rides along on `vite` and `vite preview`: never part of the app's bundle.
  plugins: [
    pushedSandbox(),
    contentSecurityPolicy(CONNECT_ORIGINS),
    // A short hand-written service worker (src/sw/sw.ts) given the build's file list to precache.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon.png'],
      manifest: {
        name: 'Waitbell — host stand waitlist',
        short_name: 'Waitbell',
        description: 'The waitlist for the host stand: scan a guest’s PushedID, tell them when their table is ready.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#f6f5f1',
        theme_color: '#14532d',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // The guest pages (src/guest) are for guests' phones, which never install the kiosk's worker.
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,wasm}'],
        globIgnores: ['src/guest/**', 'assets/guest-*'],
      },
    }),
    {
      // A guest who adds their status page to the home screen must not install the kiosk instead.
      name: 'waitbell-guest-page-without-manifest',
      enforce: 'post',
      transformIndexHtml: {
        order: 'post',
        handler: (html, { path }) => (path.includes('/guest/') ? html.replace(/<link rel="manifest"[^>]*>/, '') : html),
      },
    },
  ],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // Maps are kept for reading a stack trace, but no file points to them: the venue server does not serve them by default.
  // Two pages: the kiosk, and the guests' check-in and status pages (served by the venue server at /v/…).
  build: {
    target: 'es2022',
    sourcemap: 'hidden',
    rollupOptions: { input: { index: 'index.html', guest: 'src/guest/guest.html' } },
  },
  // Which build is running: shown in Settings, and how the update test tells two builds apart.
  define: {
    __CONNECT_ORIGINS__: JSON.stringify(CONNECT_ORIGINS),
    __BUILD_ID__: JSON.stringify(
      new Date().toISOString().slice(0, 16).replace(/\D/g, '') + Math.random().toString(36).slice(2, 6),
    ),
  },
  // Pre-bundled up front, so browser-mode tests never reload half-way for a late discovery.
  optimizeDeps: {
    include: ['preact', 'preact/hooks', 'preact/jsx-runtime', 'preact/jsx-dev-runtime', '@preact/signals', 'idb'],
  },
  test: {
    // Most of the tests' time is spent waiting on processes, sockets, PostgreSQL and Chromium: three
    // files at a time even on 2 cores, the end-to-end ones first (SlowFirstSequencer).
    maxWorkers: Math.max(3, availableParallelism() - 1),
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.{ts,tsx}', 'test/server/admin/**', 'test/server/db/stuck-watch.test.ts'],
          setupFiles: ['test/support/fake-indexeddb.ts'],
          // Worker threads, not a process per file: measured here, 15% less CPU for this project, and the
          // run is CPU-bound on two cores.
          pool: 'threads',
          // Files share a worker's modules instead of importing them afresh: half this project's CPU. Each
          // file makes its own databases (unique IndexedDB names, its own PGlite) and restores real timers.
          isolate: false,
          // A ceiling, not a wait: the relay and CLI tests start real processes, which take longer while
          // Chromium runs the end-to-end tests on the other core.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          // The owner's command line sets the process's umask for the files it writes: only a process of
          // its own can (a worker thread may not).
          name: 'node-cli',
          environment: 'node',
          // And the stuck-database test, whose server process must not meet modules other files left behind.
          include: ['test/server/admin/**/*.test.ts', 'test/server/db/stuck-watch.test.ts'],
          pool: 'forks',
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          // The server tests that touch the database, again on a real PostgreSQL: one cluster for
          // the run, each file's databases copied from a migrated template and emptied between tests.
          name: 'node-postgres',
          environment: 'node',
          pool: 'threads',
          // As in the node project: files share their worker's modules, each with its own databases.
          isolate: false,
          include: [
            'test/server/push/**/*.test.ts',
            'test/server/http/**/*.test.ts',
            'test/server/upgrade/legacy-import.test.ts',
            'test/server/fuzz.test.ts',
            'test/server/db/**/*.test.ts',
            'test/server/venue/**/*.test.ts',
            'test/server/sync/**/*.test.ts',
            'test/server/guest/**/*.test.ts',
          ],
          exclude: [
            // It starts its own cluster beside PGlite already (the node project runs both halves).
            'test/server/db/database.test.ts',
            // HTTP alone (refusals, hardening, static files, fuzzing, the gate): nothing there depends on
            // the database engine, and the node project runs them on PGlite.
            'test/server/push/push-refusals.test.ts',
            'test/server/http/**/*.test.ts',
            'test/server/fuzz.test.ts',
            'test/server/venue/request-gate.test.ts',
            'test/server/sync/stream-limits.test.ts',
            'test/server/sync/event-stream.test.ts',
          ],
          env: { WAITBELL_TEST_DB: 'postgres' },
          globalSetup: ['test/support/postgres-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'chromium',
          // A ceiling, not a wait: a screen test that takes 1.5 s alone took over 15 s beside two end-to-end
          // Chromiums on two cores.
          testTimeout: 30_000,
          // Storage tests run again in real Chromium: fake-indexeddb is not the only proof.
          include: ['test/storage/**/*.test.ts', 'test/**/*.browser.test.{ts,tsx}'],
          browser: {
            enabled: true,
            headless: true,
            // Looked up only under Vitest, so that building and serving the app never need a browser.
            provider: playwright({
              launchOptions: { executablePath: process.env.VITEST ? findChromium() : undefined, args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.ts'],
          // Side by side with the other files, each worker with its own server of the build (serve-app.ts).
          globalSetup: ['test/e2e/serve-app.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
