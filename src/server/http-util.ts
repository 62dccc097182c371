import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request body that is too large, or cut off. */
export class BodyError extends Error {
  constructor(readonly status: 413 | 400, message: string) {
    super(message);
  }
}

/** Reads a request body, refusing one over `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, `The request body is over ${limit} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a form-urlencoded or JSON body into string fields; anything else is a 400. */
export function parseFields(contentType: string | undefined, body: string): Record<string, string> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new BodyError(400, 'The JSON body could not be read.');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new BodyError(400, 'The JSON body must be an object.');
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]));
  }
  if (type === '' || type === 'application/x-www-form-urlencoded' || type === 'text/plain') {
    return Object.fromEntries(new URLSearchParams(body));
  }
  throw new BodyError(400, `Unsupported content type ${type}.`);
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/** The Pushed error shape. */
export const pushedError = (type: string, message: string) => ({ error: { type, message } });
