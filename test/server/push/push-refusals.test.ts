import { afterEach, describe, expect, test } from 'vitest';
import { head, openSocket, rawExchange } from '../raw-http.ts';
import { fakeUpstream, push, TOKEN } from '../server-process.ts';
import { startRelayServer, type LogLine } from '../in-process-server.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
async function setup(server: Parameters<typeof startRelayServer>[2] = {}) {
  const upstream = await fakeUpstream();
  const relay = await startRelayServer(upstream.url, {}, server);
  cleanup.push(upstream.close, relay.close);
  return { upstream, relay };
}
const FORM = 'target_type=pushed_id&target_alias=Venue&pushed_id=AbC123&content=Table+ready';
const post = (extra: string[], body = '') =>
  `${head([
    'POST /1/push HTTP/1.1',
    'Host: 127.0.0.1',
    'Idempotency-Key: refusal-key-0001',
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ])}${body}`;
const auth = `Authorization: Bearer ${TOKEN}`;
const form = 'Content-Type: application/x-www-form-urlencoded';
const refusals = (logs: LogLine[]) => logs.filter((l) => l.msg === 'refused');

describe('every refusal is answered and logged once, without tokens or text', () => {
  test('origin, route, method, target, key, type, encoding, size, shape, credentials, 422 and CONNECT', async () => {
    const { relay, upstream } = await setup();
    expect((await push(relay.url, 'logged-key-0001')).status).toBe(200);
    const cases: [string, number, string][] = [
      [post(['Origin: https://evil.example', auth, form], FORM), 403, 'origin_not_allowed'],
      [head(['GET /nope HTTP/1.1', 'Host: x', 'Connection: close']), 404, 'not_found'],
      [head(['GET /1/push HTTP/1.1', 'Host: x', 'Connection: close']), 405, 'method_not_allowed'],
      [head(['GET http://a:99999/x HTTP/1.1', 'Host: x', 'Connection: close']), 400, 'invalid_request'],
      [post([auth, form]).replace('refusal-key-0001', 'short'), 400, 'idempotency_key_required'],
      [post([auth, 'Content-Type: text/plain'], FORM), 415, 'unsupported_media_type'],
      [post([auth, form, 'Content-Encoding: gzip'], FORM), 415, 'unsupported_media_type'],
      [post([auth, form]).replace(/Content-Length: 0/, 'Content-Length: 9000'), 413, 'body_too_large'],
      [post([auth, form], 'target_type=nope&content=x'), 400, 'invalid_target'],
      [post([auth, form], `${FORM}&app_secret=guess`), 400, 'credentials_not_accepted'],
      [post([auth, form], `${FORM}x`).replace('refusal-key-0001', 'logged-key-0001'), 422, 'idempotency_key_reused'],
      [head(['CONNECT evil.example:443 HTTP/1.1', 'Host: evil.example:443']), 405, 'method_not_allowed'],
    ];
    for (const [request, status, type] of cases) {
      const before = refusals(relay.logs()).length;
      const answer = await rawExchange(relay.port, request);
      expect([answer.status, answer.closedByServer], request.split('\r\n')[0]).toEqual([status, true]);
      const logged = refusals(relay.logs()).slice(before);
      expect(logged, request.split('\r\n')[0]).toMatchObject([{ level: 'warn', status, type, client: '127.0.0.1' }]);
    }
    expect(refusals(relay.logs()).filter((l) => typeof l.device === 'string')).toHaveLength(7); // the ones past the token
    expect(relay.text()).not.toMatch(/kiosk-token|guess|Table ready|RelaySecret/);
    expect(upstream.calls).toHaveLength(1);
  });

  test('client-caused body failures are 4xx warnings, never 500 errors: a bad chunk, an abort, a body too slow', async () => {
    const { relay } = await setup({ requestTimeoutMs: 600, headersTimeoutMs: 600 });
    const chunked = (body: string) =>
      `${head(['POST /1/push HTTP/1.1', 'Host: x', 'Idempotency-Key: body-error-0001', auth, form, 'Transfer-Encoding: chunked'])}${body}`;
    await rawExchange(relay.port, chunked('zz\r\nabc\r\n'));
    await rawExchange(relay.port, post([auth, form]).replace('Content-Length: 0', 'Content-Length: 100') + 'abc', {
      timeoutMs: 100, // the client gives up mid-body
    });
    await rawExchange(relay.port, chunked('5\r\nabcde\r\n'), { timeoutMs: 3_000 }); // then nothing: the request timeout
    const failures = () => relay.logs().filter((l) => l.type === 'invalid_request' || l.type === 'request_timeout');
    await expect.poll(() => failures().map((l) => l.status)).toEqual([400, 400, 408]);
    expect(failures().every((l) => l.level === 'warn')).toBe(true);
    expect(relay.logs().filter((l) => l.level === 'error' || l.msg === 'unreadable request')).toEqual([]); // once each
  });

  test('Expect: 100-continue: a wrong token gets its 401 without a 100 Continue; a right one gets Continue, then its answer', async () => {
    const { relay, upstream } = await setup();
    const expecting = (token: string) =>
      head([
        'POST /1/push HTTP/1.1',
        'Host: x',
        `Authorization: Bearer ${token}`,
        'Idempotency-Key: continue-key-01',
        form,
        `Content-Length: ${FORM.length}`,
        'Expect: 100-continue',
      ]);
    const wrong = await rawExchange(relay.port, expecting('wrong-token-123'));
    expect(wrong.text).toMatch(/^HTTP\/1\.1 401 /);
    expect(wrong.text).not.toContain('100 Continue');
    const right = await rawExchange(relay.port, expecting(TOKEN), { until: (t) => t.includes('100 Continue') });
    expect(right.text).toMatch(/^HTTP\/1\.1 100 Continue/);
    const socket = await openSocket(relay.port);
    let text = '';
    socket.on('data', (d: Buffer) => void (text += String(d)));
    socket.write(expecting(TOKEN).replace('continue-key-01', 'continue-key-02'));
    await expect.poll(() => text).toContain('100 Continue');
    socket.write(FORM); // the body only once the relay asked for it
    await expect.poll(() => text).toContain('shipment_successfully_sent');
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    expect(upstream.calls).toHaveLength(1);
  });
});

describe('strict input', () => {
  test('a body that is not UTF-8, raw or %-escaped, is a 400; "__proto__" is kept as a field, not dropped', async () => {
    const { relay, upstream } = await setup();
    const raw = Buffer.concat([Buffer.from(post([auth, form], `${FORM}xx`).slice(0, -2)), Buffer.from([0xff, 0xfe])]); // two bytes that are no UTF-8
    const rawAnswer = await rawExchange(relay.port, raw);
    expect(rawAnswer.status).toBe(400);
    expect(rawAnswer.text).toContain('not valid UTF-8');
    expect((await push(relay.url, 'utf8-key-0001', { content: '\u00ff' })).status).toBe(200); // real UTF-8 is fine
    const escaped = await rawExchange(relay.port, post([auth, form], `${FORM}%FF`));
    expect(escaped.status).toBe(400);
    const json = (extra: string) =>
      fetch(`${relay.url}/1/push`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          'Idempotency-Key': 'proto-key-0001',
          'Content-Type': 'application/json',
        },
        body: `{${extra}"target_type":"pushed_id","target_alias":"Venue","pushed_id":"AbC123","content":"hi"}`,
      });
    expect((await json('"__proto__":{"x":"y"},')).status).toBe(400); // not a string: refused, naming it
    expect((await json('"__proto__":"zz",')).status).toBe(200);
    expect((await json('')).status).toBe(422); // a different body from the one with "__proto__"
    expect(upstream.calls).toHaveLength(2);
  });
});
