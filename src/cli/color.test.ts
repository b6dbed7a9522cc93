import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { colorEnabled } from './color.js';

describe('colorEnabled', () => {
  const cases: [string, boolean, Record<string, string>, boolean, boolean][] = [
    ['terminal', true, {}, true, true],
    ['pipe', true, {}, false, false],
    ['TERM=dumb terminal', true, { TERM: 'dumb' }, true, false],
    ['NO_COLOR on a terminal', true, { NO_COLOR: '1' }, true, false],
    ['empty NO_COLOR is unset', true, { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR=1 into a pipe', true, { FORCE_COLOR: '1' }, false, true],
    ['empty FORCE_COLOR forces too', true, { FORCE_COLOR: '' }, false, true],
    ['FORCE_COLOR over NO_COLOR', true, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    ['FORCE_COLOR=0 on a terminal', true, { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR=false', true, { FORCE_COLOR: 'false' }, true, false],
    ['--no-color beats FORCE_COLOR', false, { FORCE_COLOR: '1' }, true, false],
  ];
  for (const [name, flag, env, isTTY, expected] of cases)
    it(name, () => assert.equal(colorEnabled({ flag, env, isTTY }), expected));
});
