import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../core/clock.js';
import { SeededIds } from '../../core/ids.js';
import { DEFAULT_EKS_TIMING, delayOf } from './ports.js';
import type { EksTiming } from './ports.js';

const env = (timing: EksTiming) => ({
  clock: new ManualClock(),
  ids: new SeededIds({ seed: 1, counter: 0 }),
  region: 'us-east-1',
  accountId: '0',
  timing,
});

describe('EKS timing', () => {
  it('takes a missing delay from its sibling, then the default', () => {
    assert.equal(delayOf(env({ addonUpdate: 0 }), 'addonCreate'), 0);
    assert.equal(delayOf(env({ fargateProfileCreate: 7 }), 'fargateProfileDelete'), 7);
    assert.equal(delayOf(env({ addonCreate: 3, addonUpdate: 0 }), 'addonCreate'), 3);
    assert.equal(delayOf(env({}), 'clusterCreate'), DEFAULT_EKS_TIMING.clusterCreate);
  });
});
