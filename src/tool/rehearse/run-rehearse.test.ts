import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { twinVerifyWait, type RehearseOptions } from './run-rehearse.js';

const opts = (o: Partial<RehearseOptions> = {}): RehearseOptions => ({
  cluster: 'demo',
  planFlags: {},
  keep: false,
  ...o,
});
const plan = (mode: 'subnet-discovery' | 'custom-networking') => ({ request: { mode } });

describe('twinVerifyWait', () => {
  it("waits out ipamd's cooldown and a minute more under subnet discovery", () => {
    assert.equal(twinVerifyWait(opts(), plan('subnet-discovery')), 180);
    assert.equal(twinVerifyWait(opts({ twinIpamdCooldown: 2 }), plan('subnet-discovery')), 62);
  });

  it('waits two minutes under custom networking, where new nodes start with the new subnets', () => {
    assert.equal(twinVerifyWait(opts(), plan('custom-networking')), 120);
  });

  it('takes --verify-wait as given', () => {
    assert.equal(twinVerifyWait(opts({ verifyWait: 7 }), plan('subnet-discovery')), 7);
  });
});
