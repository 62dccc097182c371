import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

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

/** Serves a built app from `outDir` (on `port`, or a free one); the demo plugin serves the guests' pages at their addresses. */
export async function serveDir(outDir: string, port = 0) {
  return preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: port !== 0 },
  });
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
