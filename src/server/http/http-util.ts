import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, hasUnreadBody } from './request-body.ts';

/** Sends a JSON answer; a request whose body was not read gets `Connection: close`, so Node never drains it. */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  const close: Record<string, string> = hasUnreadBody(res.req) ? { Connection: 'close' } : {};
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...close,
    ...headers,
  });
  res.end(body);
}

const ERROR_TYPES: Partial<Record<number, string>> = {
  408: 'request_timeout',
  413: 'body_too_large',
  415: 'unsupported_media_type',
};

/** The error type a refused body (or a failure, 500) is answered with. */
export const errorType = (status: number): string =>
  ERROR_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request');

/** The Pushed error shape. */
export const pushedError = (type: string, message: string) => ({ error: { type, message } });

/** The request's URL, or null when its target is not a path (or an absolute URL) that parses: `//[`, `//a:99999/x`, `*`. */
export function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '';
  try {
    // Concatenated, not resolved: `//host/path` is a path here, never another host.
    return target.startsWith('/') ? new URL(`http://request${target}`) : new URL(target);
  } catch {
    return null;
  }
}

/** A connect-style handler that may fail. */
export type Handler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => Promise<void> | void;

/** What a guarded handler reports when it failed: `status` is what the client was told. */
export type FailureReport = (failure: { status: number; name: string; client: string | null }) => void;

/**
 * Wraps a handler so that nothing it does can end the process: a rejection or a throw becomes an
 * answer (the BodyError's 4xx, else 500) and a report, never an unhandled rejection.
 */
export function guard(
  handler: Handler,
  report: FailureReport,
  clientOf: (req: IncomingMessage) => string | null = (req) => req.socket.remoteAddress ?? null,
) {
  return (req: IncomingMessage, res: ServerResponse, next?: () => void): void => {
    const fail = (error: unknown) => {
      const status = error instanceof BodyError ? error.status : 500;
      report({
        status,
        name: error instanceof Error ? error.name : typeof error,
        client: clientOf(req), // the relay's own view (trusted proxies), so the log names the same client everywhere
      });
      try {
        if (res.headersSent) return void res.destroy(); // half an answer: cut it, so the client cannot take it for a whole one
        sendJson(
          res,
          status,
          pushedError(errorType(status), error instanceof BodyError ? error.message : 'The server failed.'),
        );
      } catch {
        res.destroy(); // the socket is already gone
      }
    };
    try {
      Promise.resolve(handler(req, res, next)).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}
