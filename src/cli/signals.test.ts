import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InterruptedError } from '../shared/errors.js';
import { commandLineOf, watchSignals } from './signals.js';

describe('watchSignals', () => {
  it('aborts on the first SIGTERM (exit 143) and exits at once on the second, saying the lock may be left', () => {
    let err = '';
    const exits: number[] = [];
    const watch = watchSignals({
      stderr: { write: (s: string) => (err += s) },
      exit: (code) => exits.push(code),
      commandLine: 'eks-cidr apply --cluster demo',
    });
    try {
      process.emit('SIGTERM');
      assert.equal(watch.received(), 'SIGTERM');
      const reason: unknown = watch.controller.signal.reason;
      assert.ok(reason instanceof InterruptedError);
      assert.equal(reason.exitCode, 143);
      assert.deepEqual(exits, []);
      assert.match(err, /SIGTERM: stopping/);
      process.emit('SIGINT');
      assert.deepEqual(exits, [130]);
      assert.match(err, /SIGINT again: exiting at once/);
      assert.match(err, /eks-cidr-lock\) may be left behind/);
      assert.match(err, /Re-run 'eks-cidr apply --cluster demo' to continue/);
    } finally {
      watch.dispose();
    }
  });
});

describe('commandLineOf', () => {
  it('quotes only what a shell would split', () => {
    assert.equal(
      commandLineOf(['apply', '--cluster', 'demo', '--zones', 'us-east-1a,us-east-1b', '--label-def', 'a b']),
      'eks-cidr apply --cluster demo --zones us-east-1a,us-east-1b --label-def "a b"',
    );
  });
});
