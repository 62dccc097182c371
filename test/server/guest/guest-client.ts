import { GUEST_TICKET_HEADER } from '../../../src/core/wire/guest.ts';
import { api, type ApiAnswer } from '../venue/venue-client.ts';

/** A guest's phone on the guest page of `base`: its POSTs carry that page's own Origin, as a browser's do. */
export function guestPhone(base: string, headers: Record<string, string> = {}) {
  const page = { Origin: new URL(base).origin, ...headers };
  const ticketed = (ticket: string) => ({ [GUEST_TICKET_HEADER]: ticket });
  return {
    venue: (code: string): Promise<ApiAnswer> => api(base, `/1/guest/venues/${code}`),
    join: (code: string, body: unknown, extra: Record<string, string> = {}): Promise<ApiAnswer> =>
      api(base, `/1/guest/venues/${code}/join`, { body, headers: { ...page, ...extra } }),
    status: (ticket: string): Promise<ApiAnswer> => api(base, '/1/guest/ticket', { headers: ticketed(ticket) }),
    cancel: (ticket: string): Promise<ApiAnswer> =>
      api(base, '/1/guest/ticket/cancel', { method: 'POST', headers: { ...page, ...ticketed(ticket) } }),
    onMyWay: (ticket: string): Promise<ApiAnswer> =>
      api(base, '/1/guest/ticket/on-my-way', { method: 'POST', headers: { ...page, ...ticketed(ticket) } }),
  };
}

/** GET /1/guest/ticket/events read as the status page reads it (fetch, a stream reader): the statuses so far. */
export async function openStatusStream(base: string, ticket: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}/1/guest/ticket/events`, {
    headers: { [GUEST_TICKET_HEADER]: ticket },
    signal: controller.signal,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields it asserts
  const statuses: any[] = [];
  let ended = false;
  const waiters = new Set<() => void>();
  const changed = () => waiters.forEach((w) => w());
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (/^event: status$/m.test(frame) && data) statuses.push(JSON.parse(data));
          }
          changed();
        }
      } catch {
        // aborted or cut
      }
      ended = true;
      changed();
    })();
  }
  return {
    response,
    statuses,
    /** Resolves once a status passes `check`; fails after 10 s saying what was seen. */
    until: (check: (s: (typeof statuses)[number]) => boolean, what: string) =>
      new Promise<void>((resolve, reject) => {
        const met = () => statuses.some(check);
        if (met()) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`Gave up waiting for ${what}; seen: ${JSON.stringify(statuses)}, ended: ${ended}`));
        }, 10_000);
        const waiter = () => {
          if (!met()) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
      }),
    close: () => controller.abort(),
  };
}
