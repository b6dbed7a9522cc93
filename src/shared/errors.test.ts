import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode, UserError } from './errors.js';

describe('UserError', () => {
  it('carries code, exit code and hint, and serialises them', () => {
    const err = new UserError('E_BAD_CIDR', "'10.0.0.1/16' is not a network address", {
      hint: 'Use 10.0.0.0/16.',
    });
    assert.equal(err.exitCode, ExitCode.Usage);
    assert.deepEqual(err.toJSON(), {
      code: 'E_BAD_CIDR',
      message: "'10.0.0.1/16' is not a network address",
      hint: 'Use 10.0.0.0/16.',
      exitCode: 2,
    });
  });

  it('keeps the cause and the exit code it was given', () => {
    const cause = new Error('socket hang up');
    const err = new UserError('E_API', 'DescribeVpcs failed', { exitCode: ExitCode.Api, cause });
    assert.equal(err.cause, cause);
    assert.equal(err.exitCode, 3);
  });
});
