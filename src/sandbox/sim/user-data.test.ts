import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { maxPodsFromUserData, shellWords } from './user-data.js';

// Golden files live in the source tree (tests run from dist/).
const dir = fileURLToPath(new URL('../../../../src/sandbox/sim/testdata/user-data/', import.meta.url));

describe('maxPodsFromUserData (golden files)', () => {
  const inputs = readdirSync(dir).filter((f) => f.endsWith('.txt'));
  it('has golden inputs', () => assert.ok(inputs.length >= 6));
  for (const file of inputs) {
    it(file, () => {
      const expected: unknown = JSON.parse(
        readFileSync(dir + file.replace(/\.txt$/, '.expected.json'), 'utf8'),
      );
      assert.deepEqual(maxPodsFromUserData(readFileSync(dir + file, 'utf8')), expected);
    });
  }
});

describe('maxPodsFromUserData (rules)', () => {
  const cases: [string, string | undefined, unknown][] = [
    ['no user data', undefined, { kind: 'none' }],
    [
      '--max-pods with a space',
      "/etc/eks/bootstrap.sh c --kubelet-extra-args '--max-pods 42'",
      { kind: 'explicit', maxPods: 42, via: 'kubelet-extra-args' },
    ],
    [
      '--kubelet-extra-args=',
      '/etc/eks/bootstrap.sh c --kubelet-extra-args="--max-pods=12"',
      { kind: 'explicit', maxPods: 12, via: 'kubelet-extra-args' },
    ],
    [
      'explicit wins over --use-max-pods false',
      "/etc/eks/bootstrap.sh c --use-max-pods false --kubelet-extra-args '--max-pods=20'",
      { kind: 'explicit', maxPods: 20, via: 'kubelet-extra-args' },
    ],
    ['--use-max-pods true', '/etc/eks/bootstrap.sh c --use-max-pods true', { kind: 'bootstrap-default' }],
    [
      'malformed NodeConfig is ignored',
      'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: application/node.eks.aws\n\nkind: NodeConfig\nspec: [\n--B--\n',
      { kind: 'none' },
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(maxPodsFromUserData(input), expected));
  }
});

describe('shellWords', () => {
  it('honours quotes, escapes and comments', () => {
    assert.deepEqual(shellWords(`a 'b c' "d \\"e\\"" f\\ g # h`), ['a', 'b c', 'd "e"', 'f g']);
  });
});
