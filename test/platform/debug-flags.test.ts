import { expect, test } from 'vitest';
import { readDebugFlags } from '../../src/platform/debug-flags.ts';

test.each([
  ['', null],
  ['?db=training', 'training'],
  ['?db=Demo-2', 'demo-2'],
  ['?db=', null],
  ['?db=../../etc', null],
  [`?db=${'x'.repeat(33)}`, null],
  ['?other=1&db=staff', 'staff'],
])('?db flag in %j selects waitlist %j', (search, waitlist) => {
  expect(readDebugFlags(search)).toEqual({ waitlist });
});
