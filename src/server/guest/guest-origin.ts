import type { IncomingMessage } from 'node:http';

/** The origins a guest's POST may come from: the server's public one, and the operator's own list. */
export interface GuestOrigins {
  /** The server's public origin (`WAITBELL_PUBLIC_URL`), when it has one. */
  publicUrl?: string | undefined;
  /** The origins the operator named for the server's pages (`WAITBELL_ALLOWED_ORIGINS`, the demo's own addresses). */
  allowed: readonly string[];
}

/**
 * Whether a guest's POST comes from the guest page itself, and the browser does not say it is
 * cross-site. With a public address: its origin or one the operator named, never one read from the
 * request. Without one: the origin of the very host it was sent to (the page and the API share one).
 * A POST without `Origin` is refused: every browser sends one with a `fetch` POST.
 */
export function sameOriginPost(req: IncomingMessage, { publicUrl, allowed }: GuestOrigins): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  // A page on a rebinding domain sends a matching Host: only configured origins count once there are any. The
  // operator's list stays trusted too (a phone on the restaurant's wifi opening the server's LAN address), as it
  // comes from the configuration, never from the request.
  if (publicUrl) return origin === publicUrl || allowed.includes(origin);
  if (allowed.includes(origin)) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  // Behind a proxy that ends TLS the page is https and this server sees http: the host is what must agree.
  return typeof req.headers.host === 'string' && host === req.headers.host.toLowerCase();
}
