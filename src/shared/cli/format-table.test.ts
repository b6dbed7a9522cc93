import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads columns, right-aligns numbers and shows missing cells as -', () => {
    const rows = [
      { name: 'm5.large', pods: 29, note: undefined },
      { name: 't3.micro', pods: 4, note: 'tiny' },
    ];
    const text = formatTable(rows, [
      { header: 'NAME', value: (r) => r.name },
      { header: 'PODS', value: (r) => r.pods },
      { header: 'NOTE', value: (r) => r.note },
    ]);
    assert.equal(text, ['NAME      PODS  NOTE', 'm5.large    29  -', 't3.micro     4  tiny', ''].join('\n'));
  });
  it('prints only the header for no rows', () => {
    assert.equal(formatTable([], [{ header: 'A', value: () => 1 }]), 'A\n');
  });
});
