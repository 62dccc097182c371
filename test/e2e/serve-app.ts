import type { TestProject } from 'vitest/node';
import { serveBuild } from '../support/serve-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    /** The production build being served: a venue server can serve it too. */
    appDir: string;
  }
}

/** Builds the production app once and serves it for every end-to-end test. */
export default async function serveApp(project: TestProject) {
  const app = await serveBuild();
  // The demo's venue database opens at the first request to it (seconds: PGlite runs initdb); once, here, not in a test.
  await fetch(new URL('/relay/readyz', app.url));
  project.provide('appUrl', app.url);
  project.provide('appDir', app.outDir);
  return () => app.close();
}
