import type { Plugin } from 'vite';

/**
 * The Content-Security-Policy of the built app, as a meta tag: scripts only from our own origin
 * (plus WebAssembly compilation for the QR decoder), connections only to our origin and the
 * Pushed API or relay origins named at build time. Not applied to the dev server, whose hot
 * reload needs inline scripts.
 */
export function contentSecurityPolicy(connectOrigins: string[]): Plugin {
  const policy = [
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
  return {
    name: 'waitbell-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
    ],
  };
}
