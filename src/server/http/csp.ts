import type { Plugin } from 'vite';

/** Where the app may send besides its own origin: Pushed itself, plus any origins (a relay) in WAITBELL_CONNECT_SRC. */
export function connectOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  return ['https://api.pushed.co', ...(env.WAITBELL_CONNECT_SRC ?? '').split(/\s+/).filter(Boolean)];
}

/**
 * The app's Content-Security-Policy: scripts only from our own origin (plus WebAssembly
 * compilation for the QR decoder), connections only to our origin and the Pushed API or relay
 * origins named at build time. The build puts it in a meta tag; the relay, serving the build,
 * sends it as a header too (with `frame-ancestors`, which a meta tag cannot carry).
 */
export function policyText(connectOrigins: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${connectOrigins.join(' ')}`,
    "media-src 'self' blob:",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The policy as a meta tag in the built index.html. Not applied to the dev server, whose hot reload needs inline scripts. */
export function contentSecurityPolicy(connectOrigins: string[]): Plugin {
  const policy = policyText(connectOrigins);
  return {
    name: 'waitbell-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
    ],
  };
}
