import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each slow file took in a full CI run (from `--reporter=json`: endTime − startTime, rounded): a
 * fresh clone has no timings of its own, and a file's size says little of its time (pwa.e2e.ts is short
 * and builds the app again). Rough is enough: only the order matters. Files not listed come after these.
 */
const SECONDS: Record<string, number> = {
  'test/e2e/sync.e2e.ts': 105,
  'test/e2e/pwa.e2e.ts': 100,
  'test/server/push/push.test.ts': 86,
  'test/e2e/guest-pages.e2e.ts': 75,
  'test/server/admin/admin-cli.test.ts': 69,
  'test/e2e/delivery.e2e.ts': 69,
  'test/e2e/rush.e2e.ts': 65,
  'test/e2e/demo.e2e.ts': 62,
  'test/e2e/scan.e2e.ts': 59,
  'test/e2e/accessibility.e2e.ts': 57,
  'test/server/multi-copy.test.ts': 56,
  'test/ui/VenueSection.browser.test.tsx': 45,
  'test/e2e/board.e2e.ts': 37,
  'test/server/fuzz.test.ts': 36,
  'test/core/quote-estimator.test.ts': 30,
  'test/e2e/pairing.e2e.ts': 30,
  'test/e2e/settings.e2e.ts': 29,
  'test/e2e/join.e2e.ts': 28,
  'test/server/sync/sync-routes.test.ts': 28,
  'test/state/shared-settings-sync.test.ts': 28,
  'test/server/venue/shared-settings.test.ts': 28,
  'test/e2e/guest-messages.e2e.ts': 27,
  'test/e2e/pin.e2e.ts': 26,
  'test/e2e/quotes.e2e.ts': 22,
  'test/e2e/announcements.e2e.ts': 22,
  'test/e2e/transfer.e2e.ts': 18,
  'test/state/pin-model.test.ts': 18,
  'test/server/venue/pairing.test.ts': 17,
  'test/server/db/stuck-watch.test.ts': 17,
  'test/server/sync/gapless.test.ts': 16,
  'test/server/admin/admin-fresh-folder.test.ts': 16,
  'test/ui/PartyRow.browser.test.tsx': 16,
  'test/ui/SettingsDialog.browser.test.tsx': 16,
  'test/server/http/hardening.test.ts': 15,
  'test/server/push/push-database.test.ts': 15,
  'test/server/venue/venue-settings.test.ts': 15,
  'test/e2e/venue-settings.e2e.ts': 15,
  'test/ui/PartyFormDialog.browser.test.tsx': 12,
  'test/server/db/stuck-stop.test.ts': 12,
  'test/state/sync-model.test.ts': 11,
  'test/ui/SharedSettingsNotice.browser.test.tsx': 10,
};

const root = new URL('../..', import.meta.url).pathname;
const seconds = (spec: TestSpecification) => SECONDS[relative(root, spec.moduleId).replace(/\\/g, '/')] ?? 0;
const size = (spec: TestSpecification) => statSync(spec.moduleId).size;
const isEndToEnd = (spec: TestSpecification) => spec.project.name === 'e2e';
const isServer = (spec: TestSpecification) => /[/\\]test[/\\]server[/\\]/.test(spec.moduleId);
const slowFirst = (a: TestSpecification, b: TestSpecification) =>
  seconds(b) - seconds(a) ||
  a.project.name.localeCompare(b.project.name) ||
  Number(isServer(b)) - Number(isServer(a)) ||
  size(b) - size(a);

/**
 * The order test files start in, several at a time: the longest first, so that no long file starts late
 * and runs alone at the end while the other core idles. End-to-end files alternate with the rest, so that
 * about half the workers drive a Chromium at any moment. The short files after them come a project at a
 * time: Vitest hands a worker that ran a file of a project without isolation on to the next file only if
 * that file is of the same project, and a new worker imports every module again.
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const endToEnd = files.filter(isEndToEnd).sort(slowFirst);
    const rest = files.filter((spec) => !isEndToEnd(spec)).sort(slowFirst);
    const order: TestSpecification[] = [];
    for (let i = 0; i < Math.max(endToEnd.length, rest.length); i++) {
      if (endToEnd[i]) order.push(endToEnd[i]!);
      if (rest[i]) order.push(rest[i]!);
    }
    return order;
  }
}
