import type { Plugin } from 'vite';
import { createSandbox } from './sandbox/sandbox.ts';

/** Mounts the Pushed sandbox on Vite's dev and preview servers: the app and the sandbox on one port. */
export function pushedSandbox(): Plugin {
  return {
    name: 'waitbell-pushed-sandbox',
    configureServer(server) {
      const sandbox = createSandbox();
      server.middlewares.use((req, res, next) => void sandbox.handle(req, res, next));
    },
    configurePreviewServer(server) {
      const sandbox = createSandbox();
      server.middlewares.use((req, res, next) => void sandbox.handle(req, res, next));
    },
  };
}
