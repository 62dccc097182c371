import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each end-to-end file took in a full CI run (from `--reporter=json`: endTime − startTime, rounded):
 * a fresh clone has no timings of its own, and a file's size says little of its time (pwa.e2e.ts is short
 * and builds the app again). Rough is enough: only the order matters. Files not listed come after these.
 */
const SECONDS: Record<string, number> = {
  'test/e2e/sync.e2e.ts': 105,
  'test/e2e/pwa.e2e.ts': 100,
  'test/e2e/guest-pages.e2e.ts': 75,
  'test/e2e/delivery.e2e.ts': 69,
  'test/e2e/rush.e2e.ts': 65,
  'test/e2e/demo.e2e.ts': 62,
  'test/e2e/scan.e2e.ts': 59,
  'test/e2e/accessibility.e2e.ts': 57,
  'test/e2e/board.e2e.ts': 37,
  'test/e2e/pushed-oauth.e2e.ts': 45,
  'test/e2e/pairing.e2e.ts': 30,
  'test/e2e/settings.e2e.ts': 29,
  'test/e2e/join.e2e.ts': 28,
  'test/e2e/guest-messages.e2e.ts': 27,
  'test/e2e/pin.e2e.ts': 26,
  'test/e2e/quotes.e2e.ts': 22,
  'test/e2e/announcements.e2e.ts': 22,
  'test/e2e/transfer.e2e.ts': 18,
  'test/e2e/venue-settings.e2e.ts': 15,
  'test/e2e/sandbox-oauth.e2e.ts': 8,
};

const root = new URL('../..', import.meta.url).pathname;
const seconds = (spec: TestSpecification) => SECONDS[relative(root, spec.moduleId).replace(/\\/g, '/')] ?? 0;
const size = (spec: TestSpecification) => statSync(spec.moduleId).size;
const isEndToEnd = (spec: TestSpecification) => spec.project.name === 'e2e';
const isServer = (spec: TestSpecification) => /[/\\]test[/\\]server[/\\]/.test(spec.moduleId);
/**
 * The other projects' files a project at a time, the command-line ones (real processes, initdb) first. The
 * browser project's files (named "chromium (chromium)") run in a pool of their own, whatever their place.
 */
const PROJECTS = ['node-cli', 'node', 'node-postgres'];
const project = (spec: TestSpecification) => {
  const index = PROJECTS.indexOf(spec.project.name);
  return index === -1 ? PROJECTS.length : index;
};
const slowFirst = (a: TestSpecification, b: TestSpecification) => seconds(b) - seconds(a) || size(b) - size(a);
const byProjectServerFirst = (a: TestSpecification, b: TestSpecification) =>
  project(a) - project(b) || Number(isServer(b)) - Number(isServer(a)) || size(b) - size(a);

/**
 * The order test files start in, three at a time: the end-to-end files first, longest first, so that none
 * starts late and runs alone at the end while the other core idles; then the rest, whose many short files
 * fill the last minutes evenly, a project at a time, server files first, largest first: Vitest hands a
 * worker that ran a file of a project without isolation on to the next file only if that file is of the
 * same project, and a new worker imports every module again.
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const endToEnd = files.filter(isEndToEnd).sort(slowFirst);
    const rest = files.filter((spec) => !isEndToEnd(spec)).sort(byProjectServerFirst);
    return [...endToEnd, ...rest];
  }
}
