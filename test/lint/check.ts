// `npm run check`'s typecheck and ESLint in one process: the type-aware rules read the programs the
// typecheck built (every type already worked out) instead of building the same ones again.
import { ESLint } from 'eslint';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../..');
/** Every tsconfig, each after those it references (the order of `npm run typecheck`). */
const PROJECTS = ['src/core', '.', 'src/server', 'src/sw', 'test'];
const LINTED = ['src', 'test', 'vite.config.ts'];

/**
 * One host for every program: a file several programs read (the libs, node_modules' types) is parsed
 * once, and the declarations a program writes for those that reference it stay in memory.
 */
function sharedHost(options: ts.CompilerOptions) {
  const host = ts.createCompilerHost(options);
  const written = new Map<string, string>();
  const writtenDirs = new Set<string>();
  // Keyed by path alone: every tsconfig here has the same target.
  const parsed = new Map<string, ts.SourceFile>();
  return Object.assign(host, {
    writeFile(file: string, text: string) {
      written.set(resolve(file), text);
      for (let dir = dirname(resolve(file)); !writtenDirs.has(dir) && dir !== root; dir = dirname(dir))
        writtenDirs.add(dir);
    },
    fileExists: (file: string) => written.has(resolve(file)) || ts.sys.fileExists(file),
    directoryExists: (dir: string) => writtenDirs.has(resolve(dir)) || ts.sys.directoryExists(dir),
    readFile: (file: string) => written.get(resolve(file)) ?? ts.sys.readFile(file),
    getSourceFile(file: string, languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions) {
      const path = resolve(file);
      let source = parsed.get(path);
      if (!source) {
        const text = written.get(path) ?? ts.sys.readFile(path);
        if (text === undefined) return undefined;
        source = ts.createSourceFile(path, text, languageVersion);
        parsed.set(path, source);
      }
      return source;
    },
  });
}

function typecheck(): { programs: ts.Program[]; diagnostics: ts.Diagnostic[] } {
  const programs: ts.Program[] = [];
  const diagnostics: ts.Diagnostic[] = [];
  let host: ReturnType<typeof sharedHost> | undefined;
  for (const project of PROJECTS) {
    const configFile = resolve(root, project, 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(
      configFile,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
      },
    );
    if (!config) continue;
    host ??= sharedHost(config.options);
    const program = ts.createProgram({
      rootNames: config.fileNames,
      options: config.options,
      projectReferences: config.projectReferences,
      configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
      host,
    });
    // Declarations only, into memory: the programs that reference this one read them from there.
    const emitted = config.options.composite ? program.emit(undefined, undefined, undefined, true).diagnostics : [];
    diagnostics.push(...ts.sortAndDeduplicateDiagnostics([...ts.getPreEmitDiagnostics(program), ...emitted]));
    programs.push(program);
  }
  return { programs, diagnostics };
}

const { programs, diagnostics } = typecheck();
const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (file) => file,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
};
const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
if (diagnostics.length) process.stdout.write(format(diagnostics, formatHost));

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: resolve(root, 'test/lint/eslint.config.js'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, programs } } },
});
const results = await eslint.lintFiles(LINTED);
const formatted = await (await eslint.loadFormatter('stylish')).format(results);
if (formatted) process.stdout.write(formatted);
// As `eslint --max-warnings 0`: a warning fails the check too.
const problems = results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount + r.warningCount, 0);
if (diagnostics.length || problems) process.exitCode = 1;
