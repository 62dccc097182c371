import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { readOldTokens } from '../../../src/server/upgrade/old-device-tokens.ts';
import { serverLogger } from '../../../src/server/log/logger.ts';
import { clientAddress } from '../../../src/server/http/client-address.ts';
import { openSocket } from '../raw-http.ts';
import { serverConfigFromEnv, warnAtStart } from '../../../src/server/setup/server-config.ts';
import { fakeUpstream, push, TOKEN } from '../server-process.ts';
import { startRelayServer } from '../in-process-server.ts';

/** What serverConfigFromEnv needs to read the rest. */
const REQUIRED_ENV = { WAITBELL_SECRET_KEY: randomBytes(32).toString('base64') };

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('who the client is', () => {
  test('WAITBELL_TRUSTED_PROXIES=127.0.0.1 also trusts the same address as a dual-stack socket reports it', () => {
    const from = (remoteAddress: string) =>
      ({
        socket: { remoteAddress },
        headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' },
      }) as unknown as IncomingMessage;
    expect(clientAddress(from('::ffff:127.0.0.1'), ['127.0.0.1'])).toBe('203.0.113.9');
    expect(clientAddress(from('127.0.0.1'), ['::ffff:127.0.0.1'])).toBe('203.0.113.9');
    expect(clientAddress(from('::ffff:127.0.0.2'), ['127.0.0.1'])).toBe('127.0.0.2'); // not a proxy: X-Forwarded-For ignored
  });

  test("a failure's log line names the client as the gate sees it (through a trusted proxy), not the proxy", async () => {
    const upstream = await fakeUpstream();
    const lines: string[] = [];
    const logger = serverLogger((line) => {
      if (line.includes('"msg":"push"')) throw new Error('log failed'); // a failure inside the handler: a 500
      lines.push(line);
    });
    const relay = await startRelayServer(upstream.url, { logger, trustedProxies: ['127.0.0.1'] });
    cleanup.push(upstream.close, relay.close);
    expect((await push(relay.url, 'guarded-key-01', {}, { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(500);
    expect(lines.join('')).toMatch(
      /"level":"error","msg":"request failed","request":"[^"]+","status":500,"name":"Error","client":"203\.0\.113\.9"/,
    );
  });

  test('the relay warns at start-up when WAITBELL_TRUSTED_PROXIES is empty, and not when it is set', () => {
    const warnings = (env: NodeJS.ProcessEnv) => {
      const lines: string[] = [];
      warnAtStart(
        serverConfigFromEnv({ ...REQUIRED_ENV, ...env }),
        { ...REQUIRED_ENV, ...env },
        serverLogger((l) => lines.push(l)),
      );
      return lines.join('');
    };
    expect(warnings({})).toMatch(/"level":"warn","msg":"WAITBELL_TRUSTED_PROXIES is empty/);
    expect(warnings({ WAITBELL_TRUSTED_PROXIES: '127.0.0.1' })).not.toContain('WAITBELL_TRUSTED_PROXIES is empty');
  });
});

describe("the old relay's device tokens (imported once)", () => {
  test('a line that is not 8-256 letters, digits, - or _ is skipped with a warning naming its line, never its text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waitbell-tokens-'));
    const file = join(dir, 'tokens.txt');
    await writeFile(file, `# kiosks\nshort\n${TOKEN}  front tablet\nbad/token/chars\n\n${'x'.repeat(257)}\n`);
    const lines: string[] = [];
    const tokens = readOldTokens(
      { file, tokens: ['tiny', 'Fixed_Token-02'] },
      serverLogger((l) => lines.push(l)),
    );
    // Only the well-shaped ones are imported, each with the label written after it.
    expect(tokens).toEqual([
      { token: 'Fixed_Token-02', label: '' },
      { token: TOKEN, label: 'front tablet' },
    ]);
    const warned = lines.map((l) => JSON.parse(l) as { where: string; line: number });
    expect(warned.map((w) => [w.where, w.line])).toEqual([
      ['RELAY_DEVICE_TOKENS', 1],
      ['RELAY_DEVICE_TOKENS_FILE', 2],
      ['RELAY_DEVICE_TOKENS_FILE', 4],
      ['RELAY_DEVICE_TOKENS_FILE', 6],
    ]);
    expect(lines.join('')).not.toMatch(/short|tiny|bad\/token|xxxxxxxx/);
  });
});

describe('connections', () => {
  test('past maxConnections new connections are closed at once (one log line), and /healthz answers once there is room', async () => {
    const upstream = await fakeUpstream();
    const relay = await startRelayServer(upstream.url, {}, { maxConnections: 5 });
    cleanup.push(upstream.close, relay.close);
    const held = await Promise.all(Array.from({ length: 5 }, () => openSocket(relay.port)));
    const extra = await Promise.all(Array.from({ length: 10 }, () => openSocket(relay.port)));
    await Promise.all(
      extra.map((s) => new Promise((resolve) => (s.closed ? resolve(null) : s.once('close', resolve)))),
    );
    expect(held.every((s) => !s.closed)).toBe(true);
    expect(relay.logs().filter((l) => l.msg === 'connections dropped: too many open')).toHaveLength(1);
    for (const s of held) s.destroy();
    await expect
      .poll(() =>
        fetch(`${relay.url}/healthz`).then(
          (r) => r.status,
          () => 0,
        ),
      )
      .toBe(200);
  });
});
