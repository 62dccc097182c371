import { statSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const size = (spec: TestSpecification) => statSync(spec.moduleId).size;
const bySizeDown = (a: TestSpecification, b: TestSpecification) => size(b) - size(a);
const isEndToEnd = (spec: TestSpecification) => spec.project.name === 'e2e';
const isServer = (spec: TestSpecification) => /[/\\]test[/\\]server[/\\]/.test(spec.moduleId);

/**
 * The order test files start in, several at a time. A fresh clone has no timings, so the slow kinds
 * go first, largest first: end-to-end files alternating with the rest (the server's first), so that
 * about half the workers drive a Chromium at any moment and the long end-to-end files end early.
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const endToEnd = files.filter(isEndToEnd).sort(bySizeDown);
    const rest = files
      .filter((spec) => !isEndToEnd(spec))
      .sort((a, b) => Number(isServer(b)) - Number(isServer(a)) || bySizeDown(a, b));
    const order: TestSpecification[] = [];
    for (let i = 0; i < Math.max(endToEnd.length, rest.length); i++) {
      if (endToEnd[i]) order.push(endToEnd[i]!);
      if (rest[i]) order.push(rest[i]!);
    }
    return order;
  }
}
