import type { IncomingMessage } from 'node:http';

/**
 * Whether a guest's POST comes from the guest page itself: its `Origin` is the server's public origin or
 * the origin of the very host it was sent to (the page and the API share one), and the browser does not
 * say it is cross-site. A POST without `Origin` is refused: every browser sends one with a `fetch` POST.
 */
export function sameOriginPost(req: IncomingMessage, publicUrl: string | undefined): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  if (publicUrl && origin === publicUrl) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  // Behind a proxy that ends TLS the page is https and this server sees http: the host is what must agree.
  return typeof req.headers.host === 'string' && host === req.headers.host.toLowerCase();
}
