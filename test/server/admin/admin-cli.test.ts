import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runAdminCli } from '../../../src/server/admin/admin-cli.ts';
import type { AdminRequest } from '../../../src/server/admin/admin-commands.ts';
import { adminSocketPath, listenAdminSocket } from '../../../src/server/admin/admin-socket.ts';
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres.ts';
import { answers, waitUntil } from '../../support/wait-until.ts';
import { fakeUpstream } from '../server-process.ts';
import { freePort } from '../../support/postgres.ts';

const MAIN = 'src/server/main.ts';
/** Letters and digits, as a Pushed secret is; unlike anything else, so a leak is found by searching for it. */
const SECRET = `CliSecret${randomBytes(12).toString('hex')}`;
const SLOW = 180_000; // a new PGlite folder runs initdb: many seconds while the other core runs Chromium

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run server -- <args>` as a child process, with `stdin` piped in if given. */
function cli(args: string[], env: Record<string, string>, stdin?: string): Promise<Ran> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** The same command run in this process (runAdminCli, as main.ts calls it): no Node and tsx start-up per command. */
async function cliHere(args: string[], env: Record<string, string>, stdin?: string): Promise<Ran> {
  const text = () => {
    const chunks: string[] = [];
    return { stream: new PassThrough().on('data', (d) => chunks.push(String(d))), read: () => chunks.join('') };
  };
  const [stdout, stderr] = [text(), text()];
  const input = new PassThrough();
  input.end(stdin ?? '');
  const code = await runAdminCli(args, { stdin: input, stdout: stdout.stream, stderr: stderr.stream, env });
  return { code, stdout: stdout.read(), stderr: stderr.read() };
}

/** `npm run server` serving, in its own process. */
async function serve(env: Record<string, string>) {
  const logs: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${env.WAITBELL_PORT}`;
  await waitUntil(() => answers(`${url}/healthz`), 'the server to start', { timeoutMs: SLOW });
  return {
    url,
    logs: () => logs.join(''),
    stop: () => (child.kill('SIGTERM'), exited),
    kill: () => (child.kill('SIGKILL'), exited),
  };
}

/** The server's log (read from its stdout as it comes, maybe after the CLI's answer) has this line. */
const logged = (server: { logs(): string }, line: RegExp) =>
  waitUntil(() => line.test(server.logs()), `the log line ${line.source}`);

const port = async () => String(await freePort());

/** The pairing link and code in `venue add`/`venue pair` output piped (not a terminal): no QR, no escape codes. */
function pairingIn(output: string, origin: string): string {
  const match = new RegExp(`${origin}/pair\\?code=([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})`).exec(output);
  expect(match, output).not.toBeNull();
  expect(output).toContain(`Pairing code for Casa Prueba: ${match![1]}`);
  expect(output).not.toContain('\x1b'); // no colour or cursor codes in a pipe or a file
  expect(output).toContain('The QR code is drawn only in a terminal');
  expect(output).toContain('Settings → Connect to the venue server');
  return match![1]!;
}

async function pair(url: string, code: string, label: string) {
  const res = await fetch(`${url}/1/pair`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, label }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { deviceToken: string; device: { id: string } };
}

function push(url: string, token: string) {
  return fetch(`${url}/1/push`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': `k-${randomBytes(6).toString('hex')}` },
    body: new URLSearchParams({
      target_type: 'pushed_id',
      target_alias: 'Venue',
      pushed_id: 'AbC123',
      content: 'Table ready',
    }),
  });
}

/** Sends raw bytes to the admin socket; its answer. */
function raw(path: string, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(path, () => socket.end(bytes));
    let text = '';
    socket.on('data', (d) => (text += String(d)));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('the venue server CLI on a PGlite folder', () => {
  const upstream = fakeUpstream();
  let env: Record<string, string>;
  let firstCode: string;
  const outputs: string[] = [];
  // In this process but for the first command: the binary's own start is tested once.
  const run = async (args: string[], stdin?: string) => {
    const ran = await (outputs.length === 0 ? cli : cliHere)(args, env, stdin);
    outputs.push(ran.stdout, ran.stderr);
    return ran;
  };

  beforeAll(async () => {
    env = {
      WAITBELL_DATA_DIR: await mkdtemp(join(tmpdir(), 'waitbell-cli-')),
      WAITBELL_SECRET_KEY: randomBytes(32).toString('base64'),
      WAITBELL_PORT: await port(),
      WAITBELL_PUSHED_UPSTREAM: (await upstream).url,
    };
  });
  afterAll(async () => {
    await (await upstream).close();
    expect(outputs.join('')).not.toContain(SECRET);
  });

  test(
    'with no server running, venue add says it is opening the folder, then prints a pairing code and its link (the QR only in a terminal) and what to set next',
    async () => {
      const added = await run(['venue', 'add', 'Casa Prueba']);
      expect(added.code, added.stderr).toBe(0);
      // A new folder takes seconds to open: one line says so first (on stderr, out of a pipe's way).
      expect(added.stderr).toBe('Opening the database (a new data folder takes a few seconds)…\n');
      firstCode = pairingIn(added.stdout, `http://localhost:${env.WAITBELL_PORT}`);
      // What comes next names everything the join code needs too.
      const next = added.stdout.slice(added.stdout.indexOf('Next,'));
      for (const option of ['--app-key', '--app-secret', '--channel-alias', '--subscription-link'])
        expect(next).toContain(option);
      const list = await run(['venue', 'list']);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/ven_\S+\s+not set\s+0\s+[2-9A-HJKMNP-Z]{6}\s+Casa Prueba/);
    },
    SLOW,
  );

  test(
    'bad commands, venues and devices exit 2 with what was wrong, in words',
    async () => {
      const cases: [string[], RegExp][] = [
        [['venue', 'frob'], /Unknown command "venue frob"/],
        [
          ['venue', 'add', 'casa prueba'],
          /A venue named “Casa Prueba” exists already \(ven_[\w-]+\): choose another name/,
        ],
        [['tablets'], /Unknown command "tablets"/],
        [['venue', 'pair', 'Nowhere'], /no venue named "Nowhere"/],
        [['device', 'revoke', 'dev_nope'], /no tablet with the id "dev_nope"/],
        [['venue', 'set', 'Casa Prueba'], /needs something to change/],
        [['venue', 'set', 'Casa Prueba', '--app-key', 'not a key!'], /app key may only have letters and digits/],
        [['venue', 'set', 'Casa Prueba', `--app-secret=${SECRET}`], /never taken from the command line/],
        [['venue', 'set', 'Casa Prueba', '--app-secret'], /no terminal to ask .* --app-secret-stdin/],
      ];
      for (const [args, words] of cases) {
        const ran = await run(args);
        expect(ran.code, args.join(' ')).toBe(2);
        expect(ran.stderr).toMatch(words);
      }
      const help = await run(['help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('venue set VENUE');
      // Every command's words start at one column, continuation lines included.
      const starts = help.stdout
        .split('\n')
        .filter((line) => line.startsWith('  '))
        .map((line) => /^( {2}\S.*?\S {2,}| +)(?=\S)/.exec(line)![0].length);
      expect(starts.length).toBeGreaterThan(8);
      expect(new Set(starts)).toEqual(new Set([starts[0]]));
    },
    SLOW,
  );

  test(
    'while the server runs, commands go through its admin socket: pair, set the secret from stdin, revoke',
    async () => {
      const server = await serve(env);
      const socket = join(env.WAITBELL_DATA_DIR!, 'admin.sock');
      expect(statSync(socket).mode & 0o777).toBe(0o600);
      // A second server on the same folder would open the same PGlite: it refuses to start.
      const second = await cli([], { ...env, WAITBELL_PORT: await port() });
      expect(second.code).toBe(3);
      expect(second.stdout).toContain('another venue server or admin command is using this WAITBELL_DATA_DIR');

      // The code printed while the folder was stopped pairs on the running server.
      const front = await pair(server.url, firstCode, 'Front stand');
      expect((await push(server.url, front.deviceToken)).status).toBe(409); // venue_not_configured

      const set = await run(
        ['venue', 'set', 'casa prueba', '--app-key', 'CliKey1', '--app-secret-stdin'],
        `${SECRET}\n`,
      );
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).toContain('Pushed app secret:  set (never shown)');
      expect(set.stdout).toMatch(/guests check in at: http\S*\/v\/[2-9A-HJKMNP-Z]{6}\n/);
      await logged(server, /"msg":"admin command","command":"venue set","via":"socket"/);
      const calls = (await upstream).calls;
      expect((await push(server.url, front.deviceToken)).status).toBe(200);
      expect(calls.at(-1)).toMatchObject({ app_key: 'CliKey1', app_secret: SECRET });

      expect(server.logs()).toContain('opening the database (a new data folder takes a few seconds)');
      const again = await run(['venue', 'pair', 'Casa Prueba']);
      expect(again.code).toBe(0);
      const back = await pair(server.url, pairingIn(again.stdout, `http://localhost:${env.WAITBELL_PORT}`), 'Bar');
      // A CLI printing to a terminal gets the QR of that very link.
      const drawn = JSON.parse(await raw(socket, '{"args":["venue","pair","Casa Prueba"],"terminal":true}\n')) as {
        output: string;
      };
      const link = /http:\/\/\S+\/pair\?code=[0-9A-Z-]+/.exec(drawn.output)![0];
      expect(drawn.output).toContain(await QRCode.toString(link, { type: 'terminal', small: true }));
      const devices = await run(['device', 'list', 'Casa Prueba']);
      expect(devices.stdout).toMatch(new RegExp(`${front.device.id}.*Front stand[\\s\\S]*${back.device.id}.*Bar`));

      const revoked = await run(['device', 'revoke', front.device.id]);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stdout).toContain('Disconnected Front stand');
      const refused = await push(server.url, front.deviceToken);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('device_revoked');
      expect((await push(server.url, back.deviceToken)).status).toBe(200);

      // Whatever arrives on the socket gets an answer and a log line; the server keeps serving.
      for (const bytes of ['not json\n', '{"args": 5}\n', Buffer.from([0xff, 0xfe, 0x00]), '[]', 'x'.repeat(70_000)]) {
        expect(JSON.parse(await raw(socket, bytes))).toMatchObject({ exitCode: 2 });
      }
      await waitUntil(() => server.logs().match(/"msg":"admin request refused"/g)?.length === 5, 'five log lines');
      expect(await answers(`${server.url}/healthz`)).toBe(true);

      expect(server.logs()).not.toContain(SECRET);
      expect(await server.stop()).toBe(0);
      expect(existsSync(socket)).toBe(false);
    },
    SLOW,
  );

  test(
    'a server killed outright leaves a stale socket: the CLI opens the folder itself, the next server takes it over',
    async () => {
      const server = await serve(env);
      await server.kill();
      const socket = join(env.WAITBELL_DATA_DIR!, 'admin.sock');
      expect(existsSync(socket)).toBe(true);
      const list = await run(['device', 'list', 'Casa Prueba']);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain('Front stand');
      const next = await serve(env);
      expect((await run(['venue', 'list'])).stdout).toContain('Casa Prueba');
      await logged(next, /"command":"venue list","via":"socket"/);
      expect(await next.stop()).toBe(0);
    },
    SLOW,
  );
});

const missing = postgresMissing();
describe.skipIf(missing)('the venue server CLI on PostgreSQL', () => {
  let cluster: PostgresCluster;
  let env: Record<string, string>;
  const upstream = fakeUpstream();

  beforeAll(async () => {
    cluster = await startPostgres();
    const { host, port: pgPort, user, database } = cluster.config;
    env = {
      DATABASE_URL: `postgresql://${user}@/${database}?host=${encodeURIComponent(host)}&port=${pgPort}`,
      WAITBELL_DATA_DIR: await mkdtemp(join(tmpdir(), 'waitbell-cli-pg-')),
      WAITBELL_SECRET_KEY: randomBytes(32).toString('base64'),
      WAITBELL_PUBLIC_URL: 'https://waitbell.example',
      WAITBELL_PORT: await port(),
      WAITBELL_PUSHED_UPSTREAM: (await upstream).url,
    };
  }, SLOW);
  afterAll(async () => {
    await (await upstream).close();
    await cluster?.stop();
  });

  test(
    'the CLI opens the database itself beside a running server: a code pairs, a secret set reaches pushes, a revoke refuses',
    async () => {
      const server = await serve(env);
      const added = await cli(['venue', 'add', 'Casa Prueba'], env);
      expect(added.code, added.stderr).toBe(0);
      const code = pairingIn(added.stdout, 'https://waitbell.example');
      const tablet = await pair(server.url, code, 'Front stand');

      const set = await cliHere(
        ['venue', 'set', 'Casa Prueba', '--app-key', 'PgKey1', '--app-secret-stdin'],
        env,
        SECRET,
      );
      expect(set.code, set.stderr).toBe(0);
      // Another process changed the venue: this server sees it once its 5 s cache has passed.
      await waitUntil(async () => (await push(server.url, tablet.deviceToken)).status === 200, 'the new credentials', {
        timeoutMs: 15_000,
        intervalMs: 500,
      });
      expect((await upstream).calls.at(-1)).toMatchObject({ app_key: 'PgKey1', app_secret: SECRET });

      const revoked = await cliHere(['device', 'revoke', tablet.device.id], env);
      expect(revoked.code, revoked.stderr).toBe(0);
      await waitUntil(async () => (await push(server.url, tablet.deviceToken)).status === 401, 'the revocation', {
        timeoutMs: 15_000,
        intervalMs: 500,
      });
      const refused = await push(server.url, tablet.deviceToken);
      expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('device_revoked');

      const unknown = await cliHere(['venue', 'pair', 'Nowhere'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/no venue named "Nowhere"/);
      for (const text of [added.stdout, added.stderr, set.stdout, set.stderr, revoked.stdout, server.logs()])
        expect(text).not.toContain(SECRET);
      expect(existsSync(join(env.WAITBELL_DATA_DIR!, 'admin.sock'))).toBe(false);
      expect(await server.stop()).toBe(0);
    },
    SLOW,
  );
});

test('an admin command refuses a data folder other users may enter, naming it and the chmod that fixes it; nothing is opened', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'waitbell-cli-open-'));
  chmodSync(dir, 0o755);
  const ran = await cliHere(['venue', 'add', 'Casa Prueba'], {
    WAITBELL_DATA_DIR: dir,
    WAITBELL_SECRET_KEY: randomBytes(32).toString('base64'),
  });
  expect(ran.code).not.toBe(0);
  expect(ran.stderr).toContain(`The data folder ${dir} is not private`);
  expect(ran.stderr).toContain(`chmod -R go-rwx '${dir}'`);
  expect(existsSync(join(dir, 'db'))).toBe(false);
});

describe('the app secret typed at the prompt', () => {
  /** A terminal: what the CLI writes, and whether it put the terminal in raw mode (no echo). */
  function terminal() {
    const stdin = Object.assign(new PassThrough(), {
      isTTY: true,
      raw: false,
      setRawMode(raw: boolean) {
        stdin.raw = raw;
        return stdin;
      },
    });
    const written: string[] = [];
    const sink = () => new PassThrough().on('data', (d) => written.push(String(d)));
    return { stdin, stdout: sink(), stderr: sink(), written: () => written.join('') };
  }

  async function server() {
    const dir = await mkdtemp(join(tmpdir(), 'waitbell-cli-prompt-'));
    const received: AdminRequest[] = [];
    const socket = await listenAdminSocket(adminSocketPath(dir), { warn: () => {}, error: () => {} });
    socket.serve((request) => (received.push(request), Promise.resolve({ exitCode: 0, output: 'Saved.' })));
    return { env: { WAITBELL_DATA_DIR: dir }, received, close: () => socket.close() };
  }

  test('is not shown as it is typed, can be corrected, and goes to the server only', async () => {
    const { env, received, close } = await server();
    const t = terminal();
    const done = runAdminCli(['venue', 'set', 'Casa Prueba', '--app-secret'], { ...t, env });
    await waitUntil(() => t.written().includes('Pushed app secret (typing is not shown)'), 'the prompt');
    expect(t.stdin.raw).toBe(true);
    t.stdin.write('Sec');
    t.stdin.write('x\u007fret1\r');
    expect(await done).toBe(0);
    expect(received).toEqual([{ args: ['venue', 'set', 'Casa Prueba', '--app-secret'], appSecret: 'Secret1' }]);
    expect(t.stdin.raw).toBe(false);
    expect(t.written()).toContain('Saved.');
    expect(t.written()).not.toMatch(/Sec|ret1/);
    await close();
  });

  test('Ctrl-C at the prompt sends nothing and says nothing changed', async () => {
    const { env, received, close } = await server();
    const t = terminal();
    const done = runAdminCli(['venue', 'set', 'Casa Prueba', '--app-secret'], { ...t, env });
    await waitUntil(() => t.stdin.raw, 'the prompt');
    t.stdin.write('Half\u0003');
    expect(await done).toBe(2);
    expect(t.written()).toContain('Stopped: nothing was changed.');
    expect(received).toEqual([]);
    expect(t.stdin.raw).toBe(false);
    await close();
  });
});

describe('two commands racing for one data folder', () => {
  test('the one cut off while the other lets go of the folder is told it is busy, not that the socket failed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'waitbell-race-'));
    // The holder as it closes: it takes the connection, then hangs up without answering.
    const holder = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => holder.listen(adminSocketPath(dataDir), resolve));
    try {
      const ran = await cliHere(['venue', 'list'], {
        WAITBELL_DATA_DIR: dataDir,
        WAITBELL_SECRET_KEY: randomBytes(32).toString('base64'),
      });
      expect(ran.code).toBe(1);
      expect(ran.stdout + ran.stderr).toContain('The data folder is busy');
      expect(ran.stdout + ran.stderr).not.toContain('failed');
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});
