import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatError } from './format-error.js';
import { usageError } from '../tool/errors.js';

describe('formatError', () => {
  it('puts the code on the first line of a multi-line message, then the rest, then the hint', () => {
    const err = usageError('E_VALIDATION', 'Fails (1 problem):\n  - [X] bad\n    fix it', 'Fix and re-run.');
    assert.equal(
      formatError(err, { verbose: false, json: false }),
      'Error: Fails (1 problem): [E_VALIDATION]\n  - [X] bad\n    fix it\n  Fix and re-run.\n',
    );
  });
});
