import type { ApiRefusal, GuestApi, TicketStatus } from './guest-api.ts';
import { readSse } from './sse-reader.ts';

/** How often the page asks for its status while no stream is open. */
export const POLL_MS = 15_000;
/** The first wait before opening a stream again after one failed; doubles up to the next. */
export const STREAM_RETRY_FIRST_MS = 1_000;
export const STREAM_RETRY_MAX_MS = 60_000;
/** A stream that ends sooner than this after opening counts as failed. */
const STREAM_SHORTEST_MS = 5_000;

/** What the live status tells the page. */
export interface LiveListener {
  status(status: TicketStatus): void;
  /** The token is unknown (404) or expired (410): nothing will change any more. */
  gone(refusal: ApiRefusal): void;
}

const isGone = (status: number) => status === 404 || status === 410;

/**
 * Keeps a ticket's status current: its event stream, opened again with backoff when it fails, and
 * meanwhile a poll every POLL_MS; `refresh()` asks at once (the page came back to the foreground).
 */
export function followTicket(api: GuestApi, token: string, listener: LiveListener) {
  let stopped = false;
  let streaming = false;
  let failures = 0;
  let controller: AbortController | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    stopped = true;
    controller?.abort();
    clearTimeout(pollTimer);
    clearTimeout(retryTimer);
  };
  const gone = (refusal: ApiRefusal) => {
    stop();
    listener.gone(refusal);
  };

  const poll = async () => {
    clearTimeout(pollTimer);
    const result = await api.ticket(token);
    if (stopped) return;
    if (result.ok) listener.status(result.value);
    else if (isGone(result.refusal.status)) return gone(result.refusal);
    if (!streaming) pollTimer = setTimeout(() => void poll(), POLL_MS);
  };

  const open = async () => {
    clearTimeout(retryTimer);
    if (stopped || streaming) return;
    streaming = true;
    controller = new AbortController();
    const openedAt = Date.now();
    let delivered = false;
    try {
      const response = await api.events(token, controller.signal);
      if (isGone(response.status)) return gone({ status: response.status, code: 'unknown_ticket' });
      if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
      await readSse(response.body, ({ event, data }) => {
        if (event !== 'status') return;
        if (!delivered) {
          delivered = true;
          failures = 0;
          clearTimeout(pollTimer);
        }
        listener.status(JSON.parse(data) as TicketStatus);
      });
    } catch {
      // Unreachable, refused or cut: polling covers the gap below.
    }
    streaming = false;
    if (stopped) return;
    // A stream that ran a while and ended (the server closes them after minutes) is opened again at once;
    // one cut short is a failure, so a proxy that cuts every stream cannot make the page loop.
    if (delivered && Date.now() - openedAt > STREAM_SHORTEST_MS) return void open();
    failures += 1;
    void poll();
    const wait = Math.min(STREAM_RETRY_FIRST_MS * 2 ** (failures - 1), STREAM_RETRY_MAX_MS);
    retryTimer = setTimeout(() => void open(), wait * (0.75 + Math.random() / 2));
  };

  void open();
  return {
    /** Asks for the status now, and opens the stream now if it was waiting to. */
    refresh(): void {
      if (stopped) return;
      void poll();
      if (!streaming) void open();
    },
    stop,
  };
}
