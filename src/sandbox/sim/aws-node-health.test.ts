import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crashLoopRestarts } from './aws-node-health.js';

describe('crashLoopRestarts', () => {
  const cases: [number, number][] = [
    [0, 1],
    [9_999, 1],
    [10_000, 2],
    [30_000, 3],
    [70_000, 4],
    [310_000, 6],
    [610_000, 7],
  ];
  for (const [elapsed, restarts] of cases) {
    it(`${elapsed} ms -> ${restarts}`, () => assert.equal(crashLoopRestarts(elapsed), restarts));
  }
});
