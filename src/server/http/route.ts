import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { BodyError, checkContentType, parseFields, readBody } from './request-body.ts';

/** Which rate budget a route spends (see request-gate.ts): none, the pushes', the sync's, the venue API's, or the guests' own. */
export type Budget = 'push' | 'sync' | 'admin' | 'guest' | 'none';

/** One request being answered by its route. */
export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  /** The CORS headers every answer of this request carries. */
  headers: Record<string, string>;
  route: RouteSpec;
  /** The tablet's id a `:id` path names, or the venue code a `:code` path names. */
  id?: string;
}
export type RouteHandler = (call: Call) => Promise<void>;

/** How a route's body is read: form fields or JSON (both as strings), or a JSON document; then by its schema. */
export interface BodySpec {
  type: 'fields' | 'json';
  schema: v.GenericSchema;
}

/** One route of the venue server: what it is, who may call it, what it takes and answers (the README's row). */
export interface RouteSpec {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  path: string;
  budget: Budget;
  who: string;
  /** What the request carries, in words. */
  takes: string;
  /** What it answers, in words. */
  answers: string;
  /** The schema its body is read by (none: the route takes no body, or reads Pushed's own fields). */
  body?: BodySpec;
}

/**
 * Reads a request's body by its route's schema (call only once the caller is admitted: a stranger's body
 * is never read). A body that is not form or JSON, too large or unreadable throws a BodyError in words.
 */
export async function readRouteBody(call: Call, limit: number): Promise<v.SafeParseResult<v.GenericSchema>> {
  const spec = call.route.body;
  if (!spec) throw new Error(`${call.route.method} ${call.route.path} takes no body`);
  const { req } = call;
  let value: unknown;
  if (spec.type === 'fields') value = parseFields(req.headers['content-type'], await readBody(req, limit));
  else {
    if (checkContentType(req.headers['content-type']) !== 'application/json')
      throw new BodyError(415, 'Send the body as application/json.');
    try {
      value = JSON.parse(await readBody(req, limit));
    } catch (error) {
      if (error instanceof BodyError) throw error;
      throw new BodyError(400, 'The JSON body could not be read.');
    }
  }
  return v.safeParse(spec.schema, value);
}
