/**
 * A process of its own holding the guest bench's status streams (`fork`ed by `guestStreamsProcess` in guest-load.ts):
 * parsing thousands of frames a change here never delays the bench's own reading of tablet B's stream. Asked over
 * IPC: `open`, `mark` (the places now), `report` (what arrived since the mark), `close`.
 */
import { GUEST_TICKET_HEADER } from '../../src/core/wire/guest.ts';
import { openStream, preciseNow } from './event-stream-reader.ts';

/** What the bench asks. */
export type StreamsRequest =
  | { type: 'open'; base: string; tickets: string[]; count: number; batch: number }
  | { type: 'mark' }
  | { type: 'report'; moves: number; timeoutMs: number }
  | { type: 'close' };

/** How every stream took the `moves` changes since the mark (each moving every guest up one place). */
export interface StreamsReport {
  /** Streams told each place in turn, one less each time. */
  everyMove: number;
  /** Streams whose last status has the place after every move. */
  endedRight: number;
  /** Statuses received since the mark, in all. */
  received: number;
  /** For each move, when the last stream was told its new place (or a later one); null if one never was. */
  lastToldAt: (number | null)[];
}

/** What the process answers. */
export type StreamsAnswer =
  | { type: 'opened'; seconds: number }
  | { type: 'marked' }
  | { type: 'report'; report: StreamsReport }
  | { type: 'failed'; message: string };

interface Held {
  /** Each status's place and when it arrived. */
  told: { place: number | null; at: number }[];
  close(): void;
  /** Statuses before the mark, and the place then. */
  mark: { count: number; place: number };
}

const streams: Held[] = [];
const answer = (message: StreamsAnswer) => process.send!(message);

async function open(base: string, tickets: string[], count: number, batch: number): Promise<void> {
  for (let from = 0; from < count; from += batch) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(batch, count - from) }, async (_, j) => {
        const i = from + j;
        const told: Held['told'] = [];
        let first!: () => void;
        const toldOnce = new Promise<void>((resolve) => (first = resolve));
        const stream = await openStream(
          `${base}/1/guest/ticket/events`,
          { [GUEST_TICKET_HEADER]: tickets[i % tickets.length]! },
          (frame) => {
            if (frame.event !== 'status') return;
            told.push({ place: (JSON.parse(frame.data) as { place: number | null }).place, at: frame.at });
            first();
          },
          // Each from one of 127.0.0.2–200: the per-address caps see a restaurant's worth of networks.
          `127.0.0.${2 + (i % 199)}`,
        );
        if (stream.status !== 200) throw new Error(`guest stream ${i} answered ${stream.status}`);
        await toldOnce;
        return { told, close: stream.close, mark: { count: 0, place: 0 } };
      }),
    );
    streams.push(...opened);
  }
}

const placeAfter = (s: Held, moves: number) => s.mark.place - moves;
const lastPlace = (s: Held) => s.told.at(-1)?.place ?? null;

async function report(moves: number, timeoutMs: number): Promise<StreamsReport> {
  // Statuses arrive on this loop: wait, in slices, until every stream has its last place (or the ceiling).
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !streams.every((s) => lastPlace(s) === placeAfter(s, moves)))
    await new Promise((resolve) => setTimeout(resolve, 20));
  let everyMove = 0;
  let endedRight = 0;
  let received = 0;
  const lastToldAt: (number | null)[] = Array.from({ length: moves }, () => 0);
  for (const s of streams) {
    const since = s.told.slice(s.mark.count);
    received += since.length;
    if (lastPlace(s) === placeAfter(s, moves)) endedRight += 1;
    if (since.length === moves && since.every((t, k) => t.place === placeAfter(s, k + 1))) everyMove += 1;
    for (let k = 0; k < moves; k++) {
      const told = since.find((t) => t.place !== null && t.place <= placeAfter(s, k + 1));
      const known = lastToldAt[k];
      lastToldAt[k] = told && known !== null && known !== undefined ? Math.max(known, told.at) : null;
    }
  }
  return { everyMove, endedRight, received, lastToldAt };
}

process.on('message', (request: StreamsRequest) => {
  const run = async (): Promise<StreamsAnswer | null> => {
    switch (request.type) {
      case 'open': {
        const started = preciseNow();
        await open(request.base, request.tickets, request.count, request.batch);
        return { type: 'opened', seconds: (preciseNow() - started) / 1000 };
      }
      case 'mark':
        for (const s of streams) s.mark = { count: s.told.length, place: lastPlace(s) ?? 0 };
        return { type: 'marked' };
      case 'report':
        return { type: 'report', report: await report(request.moves, request.timeoutMs) };
      case 'close':
        streams.forEach((s) => s.close());
        process.disconnect();
        return null;
    }
  };
  run().then(
    (message) => message && answer(message),
    (error: unknown) => answer({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
