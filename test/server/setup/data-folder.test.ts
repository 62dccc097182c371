import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { privateDataFolderProblem } from '../../../src/server/setup/data-folder.ts';

// Another user of the machine must not read a guest's name from the WAL, nor change postgresql.conf or
// pg_control: the server refuses a data folder they can open, and says how to close it.

const folder = async () => mkdtemp(join(tmpdir(), 'waitbell-private-'));

describe('the data folder', () => {
  test('a new one is made owner-only; a private one is accepted', async () => {
    const dir = join(await folder(), 'relay-data');
    expect(privateDataFolderProblem(dir)).toBeNull();
    mkdirSync(join(dir, 'db'), { mode: 0o700 });
    writeFileSync(join(dir, 'db', 'PG_VERSION'), '17', { mode: 0o600 });
    expect(privateDataFolderProblem(dir)).toBeNull();
  });

  test('one others may enter is refused, naming the folder and the chmod that fixes it', async () => {
    const dir = await folder();
    chmodSync(dir, 0o755);
    const problem = privateDataFolderProblem(dir);
    expect(problem).toContain(`The data folder ${dir} is not private`);
    expect(problem).toContain(`chmod -R go-rwx '${dir}'`);
  });

  test('a file others may read deep inside is refused, naming it', async () => {
    const dir = await folder();
    mkdirSync(join(dir, 'db', 'pg_wal'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'db', 'pg_wal', '000000010000000000000001'), 'Ana, party of 4');
    chmodSync(join(dir, 'db', 'pg_wal', '000000010000000000000001'), 0o644);
    expect(privateDataFolderProblem(dir)).toContain(
      `${join(dir, 'db', 'pg_wal', '000000010000000000000001')} is mode 0644`,
    );
  });

  test('the venue server will not start on a folder others may enter: exit code 3, the path and the fix in its log', async () => {
    const dir = await folder();
    chmodSync(dir, 0o755);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        WAITBELL_DATA_DIR: dir,
        WAITBELL_PORT: '0',
        WAITBELL_SECRET_KEY: randomBytes(32).toString('base64'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // A server that did start (the refusal missing) is stopped once it says it listens.
    child.stdout.on('data', (d) => String(d).includes('venue server listening') && child.kill('SIGKILL'));
    expect(await exited).toBe(3);
    expect(out).toContain(`The data folder ${dir} is not private`);
    expect(out).toContain('chmod -R go-rwx');
  });
});
