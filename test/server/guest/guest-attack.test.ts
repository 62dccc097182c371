import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GUEST_TICKET_HEADER } from '../../../src/core/wire/guest.ts';
import { startRelayServer } from '../in-process-server.ts';
import { api } from '../venue/venue-client.ts';
import { guestPhone } from './guest-client.ts';

// What the public could try against the guest side: each test from an address of its own (X-Forwarded-For).
const NOWHERE = 'http://127.0.0.1:9/1'; // no test here sends to Pushed
const PUBLIC = 'https://waitlist.example';
const READS_PER_MINUTE = 10;
let server!: Awaited<ReturnType<typeof startRelayServer>>;

beforeAll(async () => {
  server = await startRelayServer(NOWHERE, {
    publicUrl: PUBLIC,
    trustedProxies: ['127.0.0.1'],
    guest: { joinsPerAddress: 1_000, joinsPerVenue: 1_000, readsPerMinute: READS_PER_MINUTE },
  });
}, 60_000);
afterAll(() => server?.close());

let addresses = 0;
/** A phone on the guest page from an address no other test uses. */
const newPhone = () => {
  const address = `203.0.113.${++addresses}`;
  return { address, phone: guestPhone(server.url, { Origin: PUBLIC, 'X-Forwarded-For': address }) };
};

describe('guessing tickets', () => {
  test("status streams asked with guessed tickets spend the address's reads: past them, 429 in words with Retry-After", async () => {
    const { address } = newPhone();
    const guess = () =>
      api(server.url, '/1/guest/ticket/events', {
        headers: { [GUEST_TICKET_HEADER]: 'A'.repeat(43), 'X-Forwarded-For': address },
      });
    const answers = [];
    for (let i = 0; i < READS_PER_MINUTE + 2; i++) answers.push(await guess());
    expect(answers.slice(0, READS_PER_MINUTE).map((a) => a.status)).toEqual(Array(READS_PER_MINUTE).fill(404));
    const refused = answers.at(-1)!;
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/wait a moment/);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});
