import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { formatError } from './format-error.js';
import { usageError } from '../tool/errors.js';

describe('formatError', () => {
  it('puts the code on the first line of a multi-line message, then the rest, then the hint', () => {
    const err = usageError('E_VALIDATION', 'Fails (1 problem):\n  - [X] bad\n    fix it', 'Fix and re-run.');
    assert.equal(
      formatError(err, { verbose: false, output: 'text' }),
      'Error: Fails (1 problem): [E_VALIDATION]\n  - [X] bad\n    fix it\n  Fix and re-run.\n',
    );
  });

  it('-o json and -o yaml carry the same error object', () => {
    const err = usageError('E_VALIDATION', 'bad: value', 'Fix and re-run.');
    const json = JSON.parse(formatError(err, { verbose: false, output: 'json' })) as unknown;
    assert.deepEqual(YAML.parse(formatError(err, { verbose: false, output: 'yaml' })), json);
    assert.deepEqual((json as { error: { code: string } }).error.code, 'E_VALIDATION');
  });
});
