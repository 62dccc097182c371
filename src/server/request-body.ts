import type { IncomingMessage } from 'node:http';

/** A request body refused for its size, type or shape; `message` is safe to show (it never quotes the body). */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** The two body types the Pushed contract documents. */
const BODY_TYPES = ['application/x-www-form-urlencoded', 'application/json'] as const;
type BodyType = (typeof BODY_TYPES)[number];

/** Checks a Content-Type before any byte of the body is read: form or JSON, UTF-8 only; anything else (or none) is a 415. */
export function checkContentType(header: string | undefined): BodyType {
  const [typePart = '', ...params] = (header ?? '').split(';');
  const type = typePart.trim().toLowerCase();
  const known = BODY_TYPES.find((t) => t === type);
  if (!known) throw new BodyError(415, 'Send the body as application/x-www-form-urlencoded or application/json.');
  for (const param of params) {
    const [name = '', value = ''] = param.split('=').map((s) => s.trim());
    if (name.toLowerCase() === 'charset' && value.replace(/^"|"$/g, '').toLowerCase() !== 'utf-8') {
      throw new BodyError(415, 'Send the body in UTF-8.');
    }
  }
  return known;
}

/** Refuses a body declared larger than `limit` before reading it (a 413 costs the server nothing). */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit)
    throw new BodyError(413, `The request body is over ${limit} bytes.`);
}

/** Requests whose body this module read to the end: anything else must be answered with `Connection: close`. */
const fullyRead = new WeakSet<IncomingMessage>();

/** True when the request carries a body nobody has read (answer it with `Connection: close` instead of draining it). */
export const hasUnreadBody = (req: IncomingMessage): boolean =>
  !fullyRead.has(req) &&
  (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);

/** Reads a request body, refusing one declared or grown over `limit` bytes (chunked bodies are counted as they come). */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  checkDeclaredLength(req, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, `The request body is over ${limit} bytes.`);
    chunks.push(chunk);
  }
  fullyRead.add(req);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a form-urlencoded or JSON body into string fields: a JSON value that is not a string is a 400 naming its field. */
export function parseFields(contentType: string | undefined, body: string): Record<string, string> {
  if (checkContentType(contentType) === 'application/x-www-form-urlencoded')
    return Object.fromEntries(new URLSearchParams(body));
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new BodyError(400, 'The JSON body could not be read.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new BodyError(400, 'The JSON body must be an object.');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(json)) {
    if (typeof value !== 'string')
      throw new BodyError(400, `The field ${JSON.stringify(name.slice(0, 40))} must be a string.`);
    fields[name] = value;
  }
  return fields;
}

/** Like `parseFields`, for the sandbox's own API: an empty body (of any or no type) is no fields. */
export const parseOptionalFields = (contentType: string | undefined, body: string): Record<string, string> =>
  body === '' ? {} : parseFields(contentType, body);
