import type { TestProject } from 'vitest/node';
import { serveBuild } from '../support/serve-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

/** Builds the production app once and serves it for every end-to-end test. */
export default async function serveApp(project: TestProject) {
  const app = await serveBuild();
  project.provide('appUrl', app.url);
  return () => app.close();
}
