import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { appSecurityHeaders } from '../http/static-app.ts';

/** Where the build puts the guest's page (Vite entry src/guest/guest.html), inside the app's folder. */
export const GUEST_PAGE_FILE = join('src', 'guest', 'guest.html');

const MISSING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Check-in unavailable</title></head>
<body><p>Online check-in is not available just now. Please see the host.</p>
<p lang="es">El registro en línea no está disponible ahora. Por favor, hable con el anfitrión.</p></body></html>
`;

/**
 * The guest's check-in and status pages (`/v/:code`, `/v/:code/status`): the build's guest.html with the
 * app's Content-Security-Policy, revalidated on each load, and no Referer ever sent from it. Without the
 * file (no app folder, or a build without the page) a plain 503 page in words, never a crash.
 */
export function guestPage(appDir: string | undefined, env: NodeJS.ProcessEnv = process.env) {
  const security = appSecurityHeaders(env);
  return async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let html: Buffer | string;
    let status = 200;
    try {
      if (!appDir) throw new Error('no app folder');
      html = await readFile(join(appDir, GUEST_PAGE_FILE));
    } catch {
      html = MISSING;
      status = 503;
    }
    res.writeHead(status, {
      ...security,
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Referrer-Policy': 'no-referrer',
      'Content-Length': String(Buffer.byteLength(html)),
      ...(status === 503 ? { 'Retry-After': '60' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  };
}
