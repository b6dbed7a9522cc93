import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from './main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (s: string) => out.push(s), isTTY: false },
      stderr: { write: (s: string) => err.push(s), isTTY: false },
      env: {},
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('eks-cidr CLI', () => {
  it('prints help with the exit codes and exits 0', async () => {
    const c = capture();
    assert.equal(await main(['--help'], c.io), 0);
    assert.match(c.out(), /Usage: eks-cidr/);
    assert.match(c.out(), /4 {2}another eks-cidr run holds the cluster's lock/);
  });

  it('exits 2 with a pointer to --help on an unknown command', async () => {
    const c = capture();
    assert.equal(await main(['frobnicate'], c.io), 2);
    assert.match(c.err(), /unknown command 'frobnicate'/);
    assert.match(c.err(), /eks-cidr --help/);
  });

  it('rejects an output format it does not know, naming the ones it does', async () => {
    const c = capture();
    assert.equal(await main(['--output', 'xml', 'demo'], c.io), 2);
    assert.match(c.err(), /'xml' is invalid.*text, json, yaml/);
  });
});
