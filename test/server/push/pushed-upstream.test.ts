import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { DatabaseError, type Database } from '../../../src/server/db/database.ts';
import { checkedUpstream, serverConfigFromEnv } from '../../../src/server/setup/server-config.ts';
import { fakeUpstream, push } from '../server-process.ts';
import { startRelayServer, withFaults } from '../in-process-server.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A plain server answering with `answer`; counts what it got. */
async function listen(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const got: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += String(d)));
    req.on('end', () => (got.push(body), answer(req, res)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

describe('the upstream', () => {
  test('a redirect from Pushed is not followed (the secret stays home): 502 upstream_redirect, logged, the key released', async () => {
    const thief = await listen((_req, res) => res.end('{}'));
    let redirect = true;
    const upstream = await listen((_req, res) => {
      if (redirect) return void res.writeHead(307, { Location: `${thief.url}/stolen` }).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"response":{"data":{"shipment":"S1"}}}');
    });
    const relay = await startRelayServer(`${upstream.url}/1`);
    cleanup.push(relay.close);
    const answer = await push(relay.url, 'redirect-key-01');
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ error: { type: 'upstream_redirect' } });
    expect(thief.got).toEqual([]);
    expect(relay.logs()).toContainEqual(expect.objectContaining({ level: 'error', msg: 'upstream redirect refused' }));
    redirect = false;
    const retry = await push(relay.url, 'redirect-key-01'); // nothing was delivered: the key is free
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([200, null]);
    expect(upstream.got).toHaveLength(2);
  });

  test('WAITBELL_PUSHED_UPSTREAM must be https, or plain http to a loopback address', () => {
    const env = { WAITBELL_SECRET_KEY: randomBytes(32).toString('base64') };
    for (const bad of ['http://api.pushed.co/1', 'http://10.0.0.5:8080/1', 'ftp://127.0.0.1/1', 'not a url'])
      expect(() => serverConfigFromEnv({ ...env, WAITBELL_PUSHED_UPSTREAM: bad }), bad).toThrow(
        /WAITBELL_PUSHED_UPSTREAM/,
      );
    for (const good of [
      'https://api.pushed.co/1/',
      'http://127.0.0.1:4173/1',
      'http://localhost/1',
      'http://[::1]:9/1',
    ])
      expect(checkedUpstream(good)).toBe(good.replace(/\/$/, ''));
    expect(serverConfigFromEnv(env).upstream).toBe('https://api.pushed.co/1');
  });
});

/** The real database, but each write of a key waits until the test lets it go, and fails if told to. */
function heldKeyWrites() {
  const held: { release: (fail: boolean) => void }[] = [];
  const wrapDb = (db: Database) =>
    withFaults(db, (sql) => {
      if (!/^\s*(INSERT INTO|UPDATE) idempotency_keys/.test(sql)) return;
      return new Promise<void>((resolve, reject) =>
        held.push({ release: (fail) => (fail ? reject(new DatabaseError('58030')) : resolve()) }),
      );
    });
  return { wrapDb, held };
}

describe('duplicates while the reservation is being written', () => {
  test('one with a different body is a 422 at once; one with the same body waits and gets the first answer', async () => {
    const upstream = await fakeUpstream();
    const { wrapDb, held } = heldKeyWrites();
    const relay = await startRelayServer(upstream.url, { wrapDb });
    cleanup.push(upstream.close, relay.close);
    const first = push(relay.url, 'syncing-key-001');
    await expect.poll(() => held.length).toBe(1); // the reservation is waiting on the database
    expect((await push(relay.url, 'syncing-key-001', { content: 'Another text' })).status).toBe(422);
    const same = push(relay.url, 'syncing-key-001');
    await expect.poll(() => relay.requests()).toBe(3); // the duplicate is in, waiting on the first
    held[0]!.release(false);
    await expect.poll(() => held.length).toBe(2); // the answer's record
    held[1]!.release(false);
    const [a, b] = await Promise.all([first, same]);
    expect([a.status, b.status, b.headers.get('idempotent-replayed')]).toEqual([200, 200, 'true']);
    expect(upstream.calls).toHaveLength(1);
  });

  test('a reservation that fails: the duplicate gets the same 503, not marked as a replayed answer', async () => {
    const upstream = await fakeUpstream();
    const { wrapDb, held } = heldKeyWrites();
    const relay = await startRelayServer(upstream.url, { wrapDb });
    cleanup.push(upstream.close, relay.close);
    const first = push(relay.url, 'failing-key-001');
    await expect.poll(() => held.length).toBe(1);
    const duplicate = push(relay.url, 'failing-key-001');
    await expect.poll(() => relay.requests()).toBe(2); // the duplicate is in, waiting on the first
    held[0]!.release(true);
    const [a, b] = await Promise.all([first, duplicate]);
    expect([a.status, b.status]).toEqual([503, 503]);
    expect([a.headers.get('idempotent-replayed'), b.headers.get('idempotent-replayed')]).toEqual([null, null]);
    expect(upstream.calls).toEqual([]);
  });
});
