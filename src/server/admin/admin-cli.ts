import { existsSync } from 'node:fs';
import { DatabaseError } from '../db/database.ts';
import { openServerStore, pgliteDir } from '../setup/server-store.ts';
import { EXIT, HELP, parseAdminArgs, runAdminCommand, type AdminAnswer, type AdminRequest } from './admin-commands.ts';
import {
  adminSocketPath,
  BUSY,
  FolderInUseError,
  listenAdminSocket,
  sendAdminRequest,
  type AdminSocket,
} from './admin-socket.ts';
import { databaseFromEnv, serverConfigFromEnv } from '../setup/server-config.ts';
import { privateDataFolderProblem } from '../setup/data-folder.ts';

/** Where the CLI reads and writes: the process's own, or a test's. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** The pairing link's origin when WAITBELL_PUBLIC_URL is not set. */
export const localOrigin = (port: number) => `http://localhost:${port}`;

/**
 * `npm run server -- <command>`: parses the command, reads the app secret if it needs one (hidden
 * prompt or stdin, never argv), then sends it to the server serving this PGlite folder through its
 * admin socket, or, when none answers (or on PostgreSQL), opens the database itself. Returns the exit code.
 */
export async function runAdminCli(args: string[], io: CliIo = process): Promise<number> {
  const print = (answer: AdminAnswer) => {
    (answer.exitCode === EXIT.ok ? io.stdout : io.stderr).write(`${answer.output.replace(/\n*$/, '')}\n`);
    return answer.exitCode;
  };
  const parsed = parseAdminArgs(args);
  if ('problem' in parsed) return print({ exitCode: EXIT.usage, output: parsed.problem });
  const { command } = parsed;
  if (command.kind === 'help') return print({ exitCode: EXIT.ok, output: HELP });

  const request: AdminRequest = { args, terminal: io.stdout.isTTY === true };
  if (command.kind === 'venue set' && command.secret !== 'none') {
    const secret = await readSecret(command.secret, io);
    if (typeof secret !== 'string') return print(secret);
    request.appSecret = secret;
  }

  let where;
  try {
    where = databaseFromEnv(io.env);
  } catch (error) {
    return print({ exitCode: EXIT.usage, output: `The server's settings cannot be read: ${(error as Error).message}` });
  }
  try {
    if ('dataDir' in where) {
      const answer = await sendAdminRequest(adminSocketPath(where.dataDir), request);
      if (answer) return print(answer);
    }
    return print(await runDirectly(request, io));
  } catch (error) {
    return print({ exitCode: EXIT.failed, output: (error as Error).message });
  }
}

/** Runs the request on the database itself: no server serves this PGlite folder, or it is PostgreSQL. */
async function runDirectly(request: AdminRequest, io: CliIo): Promise<AdminAnswer> {
  let config;
  try {
    config = serverConfigFromEnv(io.env);
  } catch (error) {
    return { exitCode: EXIT.usage, output: (error as Error).message };
  }
  const quiet = {
    info: () => {},
    warn: (msg: string) => void io.stderr.write(`warning: ${msg}\n`),
  };
  // Holding the folder's admin socket while it is open keeps a server (or another command) from opening it too.
  let lock: AdminSocket | null = null;
  if ('dataDir' in config.database) {
    try {
      const problem = privateDataFolderProblem(config.database.dataDir);
      if (problem) return { exitCode: EXIT.failed, output: problem };
      lock = await listenAdminSocket(
        adminSocketPath(config.database.dataDir),
        { warn: () => {}, error: () => {} },
        'Another admin command is using the data folder: try again in a moment.',
      );
    } catch (error) {
      if (error instanceof FolderInUseError) return BUSY; // taken between our look and our take
      // Without the lock a server could open the folder beside this command: refuse, as the server does.
      return {
        exitCode: EXIT.failed,
        output:
          'WAITBELL_DATA_DIR cannot hold the admin socket (not writable, or a path too long for a socket: ~100 characters).',
      };
    }
  }
  // A new PGlite folder runs initdb first: many seconds with nothing on screen otherwise.
  if ('dataDir' in config.database && !existsSync(pgliteDir(config.database.dataDir)))
    io.stderr.write('Opening the database (a new data folder takes a few seconds)…\n');
  let store;
  try {
    store = await openServerStore(config.database, config.secretKey, quiet);
  } catch (error) {
    await lock?.close();
    const engine =
      'url' in config.database ? 'the PostgreSQL server at DATABASE_URL' : 'the data folder WAITBELL_DATA_DIR';
    return {
      exitCode: EXIT.failed,
      output: `The database cannot be opened (${engine}): ${error instanceof DatabaseError ? `error ${error.code}` : error instanceof Error ? error.name : 'error'}.`,
    };
  }
  try {
    return await runAdminCommand(store.venues, request, {
      publicUrl: config.publicUrl ?? localOrigin(config.port),
      log: quiet,
      via: 'cli',
    });
  } finally {
    await store.db.close().catch(() => {});
    await lock?.close();
  }
}

const ASK = 'Pushed app secret (typing is not shown): ';

/** The app secret from a hidden prompt or stdin's first line, or the answer that says why not. */
async function readSecret(from: 'prompt' | 'stdin', io: CliIo): Promise<string | AdminAnswer> {
  const { stdin } = io;
  let secret: string | null;
  if (stdin.isTTY && stdin.setRawMode) secret = await askHidden(stdin, io.stderr);
  else if (from === 'prompt')
    return {
      exitCode: EXIT.usage,
      output: 'There is no terminal to ask for the app secret in: pipe it with --app-secret-stdin instead.',
    };
  else secret = await firstLine(stdin);
  if (secret === null) return { exitCode: EXIT.usage, output: 'Stopped: nothing was changed.' };
  if (!secret.trim()) return { exitCode: EXIT.usage, output: 'No app secret was given: nothing was changed.' };
  return secret.trim();
}

/** The first line of stdin (at most 64 KB are read). */
async function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n') || text.length > 64 * 1024) break;
  }
  return text.split(/\r?\n/)[0]!;
}

/** Reads a line from the terminal without echoing it; null on Ctrl-C or Ctrl-D. */
function askHidden(stdin: CliIo['stdin'], stderr: NodeJS.WritableStream): Promise<string | null> {
  stderr.write(ASK);
  stdin.setRawMode!(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  let text = '';
  return new Promise((resolve) => {
    const finish = (value: string | null) => {
      stdin.off('data', onData);
      stdin.setRawMode!(false);
      stdin.pause();
      stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(text);
        if (ch === '\u0003' || ch === '\u0004') return finish(null);
        text = ch === '\u007f' || ch === '\b' ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.on('data', onData);
  });
}
