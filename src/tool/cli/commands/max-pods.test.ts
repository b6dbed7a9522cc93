import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../cli/main.js';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: { write: (s: string) => out.push(s), isTTY: false },
    stderr: { write: (s: string) => err.push(s), isTTY: false },
    env: {},
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('eks-cidr max-pods', () => {
  it('prints the value and its derivation as text', async () => {
    const r = await cli('max-pods', '--instance-type', 'm5.large');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^INSTANCE TYPE\s+MAX PODS\s+MODE/m);
    assert.match(r.out, /^m5\.large\s+29\s+standard\s+3\s+10\s+2\s+29\s+29$/m);
    assert.match(r.out, /m5\.large: 3 ENIs x \(10 IPs - 1\) \+ 2 = 29/);
  });

  it('explains the ceiling under prefix delegation', async () => {
    const r = await cli('max-pods', '-i', 'm5.large', '--prefix-delegation');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^m5\.large\s+110\s+prefix-delegation/m);
    assert.match(r.out, /= 434; capped at 110 \(2 vCPUs <= 30\)/);
  });

  it('prints one JSON object for one type', async () => {
    const r = await cli('--output', 'json', 'max-pods', '--instance-type', 'm5.large', '--custom-networking');
    assert.equal(r.code, 0, r.err);
    const body = JSON.parse(r.out) as Record<string, unknown>;
    assert.equal(body.instanceType, 'm5.large');
    assert.equal(body.maxPods, 20);
    assert.equal(body.uncappedMaxPods, 20);
    assert.equal(body.eniMaxPods, 29);
    assert.equal(body.enis, 3);
    assert.equal(body.ipv4PerEni, 10);
    assert.equal(body.vcpus, 2);
    assert.equal(body.mode, 'custom-networking');
  });

  it('prints an array for several types, flags repeated or comma-separated, --output after the command', async () => {
    const r = await cli(
      'max-pods',
      '-i',
      'm5.large,c5.9xlarge',
      '-i',
      't3.small',
      '--prefix-delegation',
      '--output',
      'json',
    );
    assert.equal(r.code, 0, r.err);
    const body = JSON.parse(r.out) as { instanceType: string; maxPods: number }[];
    assert.deepEqual(
      body.map((b) => [b.instanceType, b.maxPods]),
      [
        ['m5.large', 110],
        ['c5.9xlarge', 250],
        ['t3.small', 110],
      ],
    );
  });

  it('honours --cni-version, --max-pods and --cni-max-eni', async () => {
    const old = await cli(
      '--output',
      'json',
      'max-pods',
      '-i',
      'm5.large',
      '--prefix-delegation',
      '--cni-version',
      '1.8.0',
    );
    assert.equal((JSON.parse(old.out) as { maxPods: number }).maxPods, 29);
    const capped = await cli(
      '--output',
      'json',
      'max-pods',
      '-i',
      'm5.large',
      '--prefix-delegation',
      '--max-pods',
      '64',
    );
    assert.equal((JSON.parse(capped.out) as { maxPods: number }).maxPods, 64);
    const fewer = await cli('--output', 'json', 'max-pods', '-i', 'm5.large', '--cni-max-eni', '2');
    assert.equal((JSON.parse(fewer.out) as { maxPods: number }).maxPods, 20);
  });

  it('says why prefix delegation does not apply', async () => {
    const r = await cli('max-pods', '-i', 'p3.2xlarge', '--prefix-delegation');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /no prefix delegation: p3\.2xlarge runs on the xen hypervisor/);
  });

  it('refuses an unknown type with suggestions, exit 2, no stack trace', async () => {
    const r = await cli('max-pods', '-i', 'm5.larg');
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /^Error: unknown instance type 'm5\.larg'; did you mean m5\.large.*\[E_UNKNOWN_INSTANCE_TYPE\]/,
    );
    assert.doesNotMatch(r.err, /\n\s+at /);
  });

  it('refuses a bad CNI version, a bad number and a missing type', async () => {
    const version = await cli('max-pods', '-i', 'm5.large', '--cni-version', 'latest');
    assert.equal(version.code, 2);
    assert.match(version.err, /'latest' is not a VPC CNI version \[E_INVALID_CNI_VERSION\]/);
    const number = await cli('max-pods', '-i', 'm5.large', '--max-pods', 'lots');
    assert.equal(number.code, 2);
    assert.match(number.err, /--max-pods.*lots.*whole number/);
    const missing = await cli('max-pods');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /required option '-i, --instance-type <type>' not specified/);
  });

  it('documents the formulas in --help', async () => {
    const r = await cli('max-pods', '--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /custom networking\s+\(ENIs - 1\) x \(IPs - 1\) \+ 2/);
    assert.match(r.out, /capped at 110 for 30 vCPUs or fewer, 250 above/);
  });

  it('prints JSON errors with --output json', async () => {
    const r = await cli('--output', 'json', 'max-pods', '-i', 'nope.large');
    assert.equal(r.code, 2);
    const body = JSON.parse(r.err) as { error: { code: string } };
    assert.equal(body.error.code, 'E_UNKNOWN_INSTANCE_TYPE');
  });
});
