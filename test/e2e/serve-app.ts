import type { TestProject } from 'vitest/node';
import { buildProduction, serveDir } from '../support/serve-build.ts';
import { rm } from 'node:fs/promises';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The production build served once per worker (index = VITEST_POOL_ID - 1): see servedApp(). */
    appUrls: string[];
    /** The production build being served: a venue server can serve it too. */
    appDir: string;
  }
}

/**
 * Builds the production app once and serves it on one port per worker: the end-to-end files run side
 * by side, and each server's Pushed sandbox and demo venue are used by one file at a time.
 */
export default async function serveApp(project: TestProject) {
  const outDir = await buildProduction();
  const workers = Math.max(1, project.config.maxWorkers || project.vitest.config.maxWorkers || 1);
  // Dozens of tests open fresh demo tablets on these servers and expect a board of their own: no demo sync.
  const servers = await Promise.all(Array.from({ length: workers }, () => serveDir(outDir, 0, { demoSync: false })));
  const urls = servers.map((server) => {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('The preview server did not report its address.');
    return url;
  });
  // Each demo venue database opens at the first request to it (seconds: PGlite runs initdb); here, not in a test.
  await Promise.all(urls.map((url) => fetch(new URL('/relay/readyz', url))));
  project.provide('appUrls', urls);
  project.provide('appDir', outDir);
  return async () => {
    await Promise.all(servers.map((server) => server.close()));
    await rm(outDir, { recursive: true, force: true });
  };
}
