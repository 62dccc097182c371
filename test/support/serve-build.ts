import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { migratedFolder } from './test-database.ts';

/** Builds the production app, as `npm start` does, into a new temporary folder; returns the folder. */
export async function buildProduction(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'waitbell-build-'));
  // Under Vitest NODE_ENV is "test", which would make import.meta.env.PROD false (no service worker).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

/**
 * Serves a built app from `outDir` (on `port`, or a free one); the demo plugin serves the guests' pages at
 * their addresses. `demoSync`: its demo tablets share the demo venue's board, as `npm start`'s do; off, each
 * demo tablet keeps a private board (tests opening many demo tablets on one server).
 */
export function serveDir(outDir: string, port = 0, { demoSync = false } = {}) {
  // One at a time: each server reads the variable as it mounts, and must read its own.
  const started = mounting.then(() => previewWith(outDir, port, demoSync));
  mounting = started.catch(() => {});
  return started;
}

let mounting: Promise<unknown> = Promise.resolve();

async function previewWith(outDir: string, port: number, demoSync: boolean) {
  // Read by the plugin as the server mounts, inside preview(); the demo venue's database starts from a copy of
  // the migrated template, not a new folder (initdb: seconds of CPU for each of the many servers tests start).
  const settings = { WAITBELL_DEMO_SYNC: demoSync ? 'on' : 'off', WAITBELL_DEMO_TEMPLATE: await migratedFolder() };
  const before = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  try {
    return await preview({
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port, strictPort: port !== 0 },
    });
  } finally {
    for (const [name, value] of Object.entries(before))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  }
}

/** Builds the production app into a temporary folder and serves it on a free local port. */
export async function serveBuild(): Promise<{ url: string; outDir: string; close(): Promise<void> }> {
  const outDir = await buildProduction();
  const server = await serveDir(outDir);
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The preview server did not report its address.');
  return {
    url,
    outDir,
    async close() {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
