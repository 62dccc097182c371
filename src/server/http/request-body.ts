import type { IncomingMessage } from 'node:http';

/** A request body refused for its size, type or shape; `message` is safe to show (it never quotes the body). */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 415,
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

/** Refuses a compressed (or otherwise encoded) body before reading it: only `identity` is read. */
export function checkContentEncoding(req: IncomingMessage): void {
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity')
    throw new BodyError(415, 'Send the body without a Content-Encoding (no compression).');
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

/** Sockets whose request Node's parser gave up on, and why (the server's `clientError` notes it). */
const clientErrors = new WeakMap<object, string>();

/** Notes why Node gave up on a connection's request, so a body read cut short by it is answered for what it is. */
export const noteClientError = (socket: object, code: string): void => {
  if (!clientErrors.has(socket)) clientErrors.set(socket, code); // the first is the cause: a timeout, then the client's EOF
};

/** A body stream that failed because of the client (a bad chunk, an abort, too slow), as the refusal it deserves. */
function bodyStreamError(req: IncomingMessage, error: unknown): BodyError | null {
  const code = clientErrors.get(req.socket) ?? (error as { code?: string }).code ?? '';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new BodyError(408, 'The request body did not arrive in time.');
  if (code.startsWith('HPE_') || code === 'ECONNRESET' || req.socket.destroyed)
    return new BodyError(400, 'The request body was malformed or cut off.');
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a request body in UTF-8, refusing one declared or grown over `limit` bytes (chunked bodies are counted as they come). */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  checkDeclaredLength(req, limit);
  checkContentEncoding(req);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new BodyError(413, `The request body is over ${limit} bytes.`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw bodyStreamError(req, error) ?? error;
  }
  fullyRead.add(req);
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new BodyError(400, 'The request body is not valid UTF-8.');
  }
}

/** Decodes a form-urlencoded body strictly: a malformed escape or one that is not UTF-8 (`%FF`) is a 400. */
function parseForm(body: string): Record<string, string> {
  const fields = Object.create(null) as Record<string, string>; // "__proto__" is a field like any other
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const [name, value] = at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    try {
      fields[decodeURIComponent(name.replaceAll('+', ' '))] = decodeURIComponent(value.replaceAll('+', ' ')); // the last wins, as before
    } catch {
      throw new BodyError(400, 'The form body has an escape that is not UTF-8.');
    }
  }
  return fields;
}

/** Reads a form-urlencoded or JSON body into string fields: a JSON value that is not a string is a 400 naming its field. */
export function parseFields(contentType: string | undefined, body: string): Record<string, string> {
  if (checkContentType(contentType) === 'application/x-www-form-urlencoded') return parseForm(body);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new BodyError(400, 'The JSON body could not be read.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new BodyError(400, 'The JSON body must be an object.');
  const fields = Object.create(null) as Record<string, string>; // "__proto__" stays data, never a prototype
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
