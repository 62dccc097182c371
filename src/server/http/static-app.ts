import { createReadStream, realpathSync, statSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { connectOrigins, policyText } from './csp.ts';
import { pushedError, requestUrl, sendJson } from './http-util.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Headers every answer of the app carries, refusals included. */
export function appSecurityHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    // The build's own policy (same connect origins, from WAITBELL_CONNECT_SRC), plus what only a header can say.
    'Content-Security-Policy': `${policyText(connectOrigins(env))}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

type Refuse = (req: IncomingMessage, status: number, type: string) => void;

/** The folder of a production build, checked at start-up: it must hold an index.html. Throws, in words. */
export function checkedAppDir(dir: string): string {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    throw new Error(
      `WAITBELL_APP_DIR (${dir}) is not a folder: build the app first (npx vite build) and name its dist/.`,
    );
  }
  if (!statSync(join(root, 'index.html'), { throwIfNoEntry: false })?.isFile())
    throw new Error(
      `WAITBELL_APP_DIR (${dir}) has no index.html: build the app first (npx vite build) and name its dist/.`,
    );
  return root;
}

/**
 * Serves the built kiosk app from `dir`: exact files, index.html for app routes (paths without an
 * extension), never anything outside the folder, no listings, GET and HEAD only. Hashed files
 * under /assets/ are cached for good; source maps are served only when `sourceMaps` is on; everything else (index, service worker, manifest) is
 * revalidated on each load (`no-cache` with an ETag), so a new build reaches the tablets.
 */
export function staticApp(
  dir: string,
  refused: Refuse,
  { sourceMaps = false, env = process.env }: { sourceMaps?: boolean; env?: NodeJS.ProcessEnv } = {},
) {
  const root = checkedAppDir(dir);
  const security = appSecurityHeaders(env);
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, type: string, message: string) => {
    refused(req, status, type);
    sendJson(res, status, pushedError(type, message), {
      ...security,
      ...(status === 405 ? { Allow: 'GET, HEAD' } : {}),
    });
  };

  /** The file a path names inside the folder, or null when there is none (or it is not a plain file inside). */
  async function fileAt(segments: string[]): Promise<{ path: string; stats: Stats } | null> {
    try {
      const path = await realpath(join(root, ...segments)); // a symlink out of the folder is caught here
      if (!path.startsWith(root + sep)) return null;
      const stats = await stat(path);
      return stats.isFile() ? { path, stats } : null;
    } catch {
      return null;
    }
  }

  return async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(req, res, 405, 'method_not_allowed', 'The app is read with GET or HEAD only.');
    const raw = req.url ?? '';
    const url = requestUrl(req);
    let segments: string[] | null = null;
    if (url && !/\\|%5c|%00|\0/i.test(raw)) {
      try {
        // The path as sent, not as URL parsing normalised it: `/../x` is refused, not quietly made `/x`.
        const path = raw.startsWith('/') ? raw.split(/[?#]/)[0]! : url.pathname;
        segments = decodeURIComponent(path).split('/').filter(Boolean);
      } catch {
        segments = null; // a broken %-escape
      }
    }
    // After decoding: `%2f..%2f`, a backslash or NUL anywhere, or a dot-file (.env, .git) is never a file of the app.
    if (!segments || segments.some((s) => s.startsWith('.') || s.includes('\\') || s.includes('\0')))
      return refuse(req, res, 400, 'invalid_path', 'That is not a path of the app.');

    const last = segments.at(-1) ?? '';
    // A source map is the app's source, comments and all: the public gets none unless the owner asks.
    if (!sourceMaps && extname(last).toLowerCase() === '.map')
      return refuse(req, res, 404, 'not_found', 'No such file in the app.');
    // An app route (no extension, or the root) is the app itself; a missing file is a 404, never the app.
    const found = (await fileAt(segments)) ?? (extname(last) === '' ? await fileAt(['index.html']) : null);
    if (!found) return refuse(req, res, 404, 'not_found', 'No such file in the app.');

    const { path, stats } = found;
    const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
    const immutable = segments[0] === 'assets' && path !== join(root, 'index.html');
    const headers: Record<string, string> = {
      ...security,
      'Content-Type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: etag,
      'Last-Modified': stats.mtime.toUTCString(),
    };
    const tags = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim());
    if (tags.includes(etag) || tags.includes('*')) return void res.writeHead(304, headers).end();
    res.writeHead(200, { ...headers, 'Content-Length': String(stats.size) });
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(path);
    stream.on('error', () => res.destroy()); // half a file must never pass for a whole one
    stream.pipe(res);
  };
}
