import { describe, expect, test } from 'vitest';
import { createSseParser, readSse, type SseEvent } from '../../src/guest/sse-reader.ts';

const STREAM =
  ': ping\r\n\r\n' +
  'event: status\r\ndata: {"place":3}\r\n\r\n' +
  ': ping\n\n' +
  'event: status\ndata: {"place":\ndata: 2}\n\n' +
  'data:no space\rid: 7\rretry: 100\r\r' +
  'event: status\ndata: é ✓\n\n';

const EXPECTED: SseEvent[] = [
  { event: 'status', data: '{"place":3}' },
  { event: 'status', data: '{"place":\n2}' },
  { event: 'message', data: 'no space' },
  { event: 'status', data: 'é ✓' },
];

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('the status page’s event-stream reader', () => {
  test('reads events, skips comments, joins data lines, in any of the three line endings', () => {
    expect(parse([STREAM])).toEqual(EXPECTED);
  });

  test('gives the same events however the stream is cut into chunks (even between CR and LF)', () => {
    for (let cut = 1; cut < STREAM.length; cut++)
      for (const size of [1, 2, 7]) {
        const chunks = [STREAM.slice(0, cut)];
        for (let i = cut; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
        expect(parse(chunks), `cut at ${cut}, then every ${size}`).toEqual(EXPECTED);
      }
  });

  test('an event not ended by a blank line when the stream stops is not delivered', () => {
    expect(parse(['event: status\ndata: {"place":1}\n'])).toEqual([]);
  });

  test('reads a fetch body whose bytes split a character in two', async () => {
    const bytes = new TextEncoder().encode(STREAM);
    const at = bytes.indexOf(0xc3) + 1; // inside "é"
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, at));
        controller.enqueue(bytes.slice(at));
        controller.close();
      },
    });
    const events: SseEvent[] = [];
    await readSse(body, (e) => events.push(e));
    expect(events).toEqual(EXPECTED);
  });
});
