import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

// The import rules of the README's "Architecture by folder", checked so they stay true.
const SRC = resolve(import.meta.dirname, '../src');

/** Which layers (folders of src/) and packages each layer may import. main.tsx, the composition root, may import anything. */
const ALLOWED: Record<string, { layers: string[]; packages: string[] }> = {
  // valibot: the wire's schemas, written once in the core for the server, the tablet and the fakes.
  core: { layers: ['core'], packages: ['valibot'] },
  storage: { layers: ['storage', 'core'], packages: ['idb'] },
  platform: { layers: ['platform', 'core'], packages: [] },
  // The tablet's readers run the core's schemas (valibot's parse), in chunks loaded only when they are needed.
  pushed: { layers: ['pushed', 'core'], packages: ['valibot'] },
  delivery: { layers: ['delivery', 'storage', 'pushed', 'platform', 'core'], packages: [] },
  sw: { layers: ['sw'], packages: ['workbox-precaching', 'workbox-routing'] },
  // Node only, and never imported by the app: see the last test.
  // csv-parse tokenizes history files (quotes, CRLF, BOM, embedded newlines): the backtest CLI here, the import in state.
  // pg and PGlite are the venue server's storage (src/server/db): a real PostgreSQL for several server copies,
  // PostgreSQL in WebAssembly (a data folder) for one machine with nothing installed. Same SQL for both.
  server: {
    layers: ['server', 'pushed', 'core'],
    packages: ['node:*', 'qrcode', 'vite', 'csv-parse', 'pg', '@electric-sql/pglite', 'valibot'],
  },
  state: { layers: ['state', 'storage', 'platform', 'core'], packages: ['@preact/signals', 'csv-parse'] },
  // qrcode only draws: the join screen's code, in the join screen's own lazy chunk.
  ui: { layers: ['ui', 'state', 'core'], packages: ['preact', '@preact/signals', 'qrcode'] },
  // The guests' pages: their own entry, sharing no module with the kiosk (nor its chunks' weight) but Preact.
  guest: { layers: ['guest'], packages: ['preact'] },
  // The scanner chunk; it implements the Scanner port that state declares.
  scan: { layers: ['scan', 'state', 'core'], packages: ['zxing-wasm', '@zxing/browser', '@zxing/library'] },
};

/**
 * The venue server's folders, lowest first: each may import only the folders before it (and itself).
 * Its top-level files (main.ts, server-app.ts, the Vite plugin) put them together and may import any.
 */
const SERVER_FOLDERS = ['log', 'db', 'http', 'venue', 'sync', 'guest', 'push', 'upgrade', 'setup', 'admin'];
/** Folders beside those layers, each with its own few imports. */
const SERVER_SIDE_FOLDERS: Record<string, string[]> = { sandbox: ['sandbox', 'http'], quotes: ['quotes'] };

/** Browser capabilities that only adapters may touch: never ui, never core. */
const FORBIDDEN_IN_UI = [/\bfetch\(/, /\bnavigator\./, /\bindexedDB\b/, /\bBroadcastChannel\b/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  const found = source.matchAll(
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g,
  );
  return [...found].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

const layerOf = (file: string) => relative(SRC, file).split('/')[0]!;
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

describe('architecture', () => {
  const files = sourceFiles(SRC).filter((f) => layerOf(f) in ALLOWED);

  test('every layer imports only what the architecture allows', () => {
    const violations: string[] = [];
    for (const file of files) {
      const rules = ALLOWED[layerOf(file)]!;
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        if (specifier.endsWith('.css')) continue;
        const ok = specifier.startsWith('.')
          ? rules.layers.includes(layerOf(resolve(dirname(file), specifier)))
          : rules.packages.includes(packageOf(specifier)) ||
            (specifier.startsWith('node:') && rules.packages.includes('node:*'));
        if (!ok) violations.push(`${relative(SRC, file)} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  test('ui never touches fetch, navigator, IndexedDB or BroadcastChannel directly', () => {
    const violations = files
      .filter((f) => layerOf(f) === 'ui')
      .flatMap((f) =>
        FORBIDDEN_IN_UI.filter((re) => re.test(readFileSync(f, 'utf8'))).map((re) => `${relative(SRC, f)}: ${re}`),
      );
    expect(violations).toEqual([]);
  });

  test('only storage imports idb, and nothing outside main.tsx imports ui', () => {
    const all = sourceFiles(SRC);
    const idbUsers = all.filter((f) => importsOf(readFileSync(f, 'utf8')).includes('idb')).map((f) => layerOf(f));
    expect(new Set(idbUsers)).toEqual(new Set(['storage']));
    const uiImporters = all
      .filter((f) => layerOf(f) !== 'ui')
      .filter((f) =>
        importsOf(readFileSync(f, 'utf8')).some((s) => s.startsWith('.') && layerOf(resolve(dirname(f), s)) === 'ui'),
      );
    expect(uiImporters.map((f) => relative(SRC, f))).toEqual(['main.tsx']);
  });

  test('the app never imports the server (sandbox, relay): it is Node only', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => layerOf(f) !== 'server')
      .filter((f) =>
        importsOf(readFileSync(f, 'utf8')).some(
          (s) => s.startsWith('.') && layerOf(resolve(dirname(f), s)) === 'server',
        ),
      );
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  test('the venue server’s folders import only the folders below them', () => {
    const SERVER = join(SRC, 'server');
    const folderOf = (file: string) => {
      const parts = relative(SERVER, file).split('/');
      return parts.length > 1 ? parts[0]! : null; // null: a top-level file
    };
    const violations: string[] = [];
    for (const file of sourceFiles(SERVER)) {
      const from = folderOf(file);
      if (from === null) continue;
      const allowed = SERVER_SIDE_FOLDERS[from] ?? SERVER_FOLDERS.slice(0, SERVER_FOLDERS.indexOf(from) + 1);
      expect(SERVER_FOLDERS.includes(from) || from in SERVER_SIDE_FOLDERS, `${from} is a known folder`).toBe(true);
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const target = resolve(dirname(file), specifier);
        if (!specifier.startsWith('.') || !target.startsWith(SERVER + '/')) continue;
        const to = folderOf(target);
        if (to === null || !allowed.includes(to)) violations.push(`${relative(SRC, file)} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  test('no module of the venue server imports itself through others (type imports included)', () => {
    const graph = new Map(
      sourceFiles(join(SRC, 'server')).map((file) => [
        file,
        importsOf(readFileSync(file, 'utf8'))
          .filter((s) => s.startsWith('.') && /\.tsx?$/.test(s))
          .map((s) => resolve(dirname(file), s)),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  test('the rule checker sees every kind of import (it would catch a violation)', () => {
    expect(
      importsOf(
        `import { a } from './x.ts';\nimport type { B } from "idb";\nconst m = import('../ui/Y.tsx');\nimport './z.css';\nexport { c } from '../core/c.ts';`,
      ),
    ).toEqual(['./x.ts', 'idb', '../ui/Y.tsx', './z.css', '../core/c.ts']);
  });
});
