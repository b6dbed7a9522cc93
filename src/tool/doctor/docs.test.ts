/**
 * docs/doctor.md documents every check id: a row in the checks table and a paragraph saying why it
 * matters (with the upstream issue it comes from, `owner/repo#N`) and how to fix it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CHECK_IDS } from './types.js';

// dist/src/tool/doctor/ -> the repository root.
const doc = readFileSync(new URL('../../../../docs/doctor.md', import.meta.url), 'utf8');

function paragraph(id: string): string {
  const start = doc.indexOf(`**${id}.**`);
  if (start < 0) return '';
  const end = doc.indexOf('\n\n', start);
  return doc.slice(start, end < 0 ? undefined : end);
}

describe('docs/doctor.md', () => {
  for (const id of CHECK_IDS) {
    it(`documents ${id}: what it looks at, why (upstream issue), the fix`, () => {
      assert.match(doc, new RegExp(`^\\| \`${id}\` \\|[^|]+\\|[^|]+\\|[^|]+\\|$`, 'm'), 'table row');
      const text = paragraph(id);
      assert.ok(text.length > 0, `a '**${id}.**' paragraph`);
      assert.match(text, /[\w-]+\/[\w.-]+#\d+/, 'an upstream issue reference');
      assert.match(text, /fix/i, 'the fix');
    });
  }

  it('documents no check that does not exist', () => {
    const rows = [...doc.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual([...rows].sort(), [...CHECK_IDS].sort());
  });
});
