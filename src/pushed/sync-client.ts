import * as v from 'valibot';
import { err, ok, type Result } from '../core/result.ts';
import type { ChangesAnswer, PushAnswer, SyncApi, SyncProblem } from '../core/sync/sync-port.ts';
import { changesAnswerSchema, pushAnswerSchema, versionEventSchema } from '../core/wire/sync.ts';
import { errorAnswerSchema } from '../core/wire/venue.ts';
import { SYNC_PROTOCOL, SYNC_PROTOCOL_HEADER } from '../core/wire/protocol.ts';
import { DEFAULT_TIMEOUT_MS } from './send-push.ts';

/** The subset of `fetch` the sync client needs: JSON answers, and a body read as a stream for the live events. */
export type SyncFetch = (
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string>; body: ReadableStream<Uint8Array> | null }>;

export interface SyncClientOptions {
  /** The venue API's base, absolute (as the venue client has it), no trailing slash. */
  baseUrl: string;
  fetch: SyncFetch;
  /** This tablet's token. */
  deviceToken: string;
  timeoutMs?: number;
  /** A live stream silent this long (the server pings every 15 s) is taken as dead and ends. */
  silentMs?: number;
}

function problemOf(status: number, text: string): SyncProblem {
  let type = '';
  try {
    const answer = v.safeParse(errorAnswerSchema, JSON.parse(text));
    if (answer.success) type = answer.output.error.type;
  } catch {
    // not JSON: a proxy's page
  }
  if (type === 'device_revoked') return { kind: 'revoked' };
  if (status === 426 || type === 'update_required') return { kind: 'update_required' };
  if (status === 401) return { kind: 'unauthorized' };
  return { kind: 'server_error', status };
}

/** A reader of an answer by its schema: null when it is not as the contract says. */
const reader =
  <S extends v.GenericSchema, T>(schema: S, pick: (output: v.InferOutput<S>) => T | null) =>
  (json: unknown): T | null => {
    const answer = v.safeParse(schema, json);
    return answer.success ? pick(answer.output) : null;
  };

// The reasons' words are chosen by their kind; the parties are the ones the server took in.
const readPush = (sent: number) =>
  reader(pushAnswerSchema, (a) => (a.outcomes.length === sent ? (a as PushAnswer) : null));
const readChanges = reader(changesAnswerSchema, (a) => a as unknown as ChangesAnswer);

/**
 * The versions in a Server-Sent Events text: each `event: version` block's `{"version": N}`; an
 * `event: settings` block says the venue's shared settings changed; `event: replaced`, that a newer
 * stream of this tablet took this one's place; `event: announcements`, that the venue's announcements changed.
 * Any other event is skipped.
 */
export function sseReader(
  onVersion: (version: number) => void,
  onSettings: () => void = () => {},
  onReplaced: () => void = () => {},
  onAnnouncements: () => void = () => {},
) {
  let buffer = '';
  let event = '';
  let data = '';
  return (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (event === 'settings') onSettings();
        if (event === 'replaced') onReplaced();
        if (event === 'announcements') onAnnouncements();
        if (event === 'version') {
          try {
            const event = v.safeParse(versionEventSchema, JSON.parse(data));
            if (event.success) onVersion(event.output.version);
          } catch {
            // a broken event is skipped: the next one says the same or more
          }
        }
        event = '';
        data = '';
      } else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(5).replace(/^ /, '');
    }
  };
}

/**
 * A client of the venue server's sync routes (src/server/routes.ts lists them): push, changes and the live
 * events (read with fetch and a stream reader: EventSource cannot send the token). No error or result
 * ever quotes the token.
 */
export function createSyncClient({
  baseUrl,
  fetch,
  deviceToken,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  silentMs = 45_000,
}: SyncClientOptions): SyncApi {
  const headers = (accept = 'application/json'): Record<string, string> => ({
    Accept: accept,
    Authorization: `Bearer ${deviceToken}`,
    [SYNC_PROTOCOL_HEADER]: String(SYNC_PROTOCOL),
  });

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    read: (json: unknown) => T | null,
    body?: unknown,
  ): Promise<Result<T, SyncProblem>> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? headers() : { ...headers(), 'Content-Type': 'application/json' },
        signal: timeout,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = response.status;
      text = await response.text();
    } catch {
      return err({ kind: 'unreachable' }); // whatever was thrown may quote the request: only its kind is kept
    }
    if (status < 200 || status > 299) return err(problemOf(status, text));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return err({ kind: 'server_error', status });
    }
    const value = read(json);
    return value === null ? err({ kind: 'server_error', status }) : ok(value);
  }

  return {
    push: (mutations) => call('POST', '/sync/push', readPush(mutations.length), { mutations }),

    changes: (since, { limit, scope } = {}) => {
      const query = new URLSearchParams({ since: String(since) });
      if (limit !== undefined) query.set('limit', String(limit));
      if (scope) query.set('scope', scope);
      return call('GET', `/sync/changes?${query.toString()}`, readChanges);
    },

    async events(onVersion, signal, onSettings, onAnnouncements) {
      const stop = new AbortController();
      const abort = () => stop.abort();
      signal.addEventListener('abort', abort);
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const heard = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(abort, silentMs);
      };
      try {
        heard();
        const response = await fetch(`${baseUrl}/sync/events`, {
          method: 'GET',
          headers: headers('text/event-stream'),
          signal: stop.signal,
        });
        if (response.status < 200 || response.status > 299) return problemOf(response.status, await response.text());
        if (!response.body) return { kind: 'server_error', status: response.status };
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let replaced = false;
        const feed = sseReader(onVersion, onSettings, () => (replaced = true), onAnnouncements);
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return replaced ? { kind: 'replaced' } : null;
          heard();
          feed(decoder.decode(value, { stream: true }));
        }
      } catch {
        return signal.aborted ? null : { kind: 'unreachable' };
      } finally {
        clearTimeout(watchdog);
        signal.removeEventListener('abort', abort);
      }
    },
  };
}
