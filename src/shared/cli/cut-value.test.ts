import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cutLongValues, cutValue } from './cut-value.js';

describe('cutting long values in messages', () => {
  it('keeps short values and URLs whole', () => {
    assert.equal(cutValue('m5.large'), 'm5.large');
    const url = 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html';
    assert.equal(cutLongValues(`see ${url}`), `see ${url}`);
  });
  it('cuts a 10 KB value to its first 64 characters and its length, keeping the quotes', () => {
    const long = 'x'.repeat(10_000);
    assert.equal(cutValue(long), `${'x'.repeat(64)}... (10000 characters)`);
    assert.equal(
      cutLongValues(`--zones: '${long}' is bad`),
      `--zones: '${'x'.repeat(64)}... (10000 characters)' is bad`,
    );
  });
  it('cuts a line of many short words past 4 KB', () => {
    const line = 'ab '.repeat(3000);
    const cut = cutLongValues(`${line}\nnext`);
    assert.ok(cut.length < 4200);
    assert.ok(cut.endsWith('(line cut at 4096 characters)\nnext'));
  });
});
