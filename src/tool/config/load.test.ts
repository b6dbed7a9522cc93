import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest, parseConfigText } from './load.js';
import { EksCidrError } from '../errors.js';

function failure(fn: () => unknown): EksCidrError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof EksCidrError);
    return err;
  }
  assert.fail('expected a failure');
}

describe('buildRequest', () => {
  it('fills defaults and marks sources', () => {
    const r = buildRequest(undefined, { cluster: 'demo' });
    assert.equal(r.cidr, 'auto');
    assert.equal(r.subnetPrefix, 'auto');
    assert.equal(r.labelDef, 'topology.kubernetes.io/zone');
    assert.equal(r.rotateNodes, true);
    assert.equal(r.sources.cluster, 'flag');
    assert.equal(r.sources.cidr, 'default');
  });

  it('parses lists and numbers from flags, flags winning over the file', () => {
    const file = parseConfigText('cidr: 100.64.0.0/16\nsubnetPrefix: 19\nzones: [us-east-1a]\n', 'c.yaml');
    const r = buildRequest(file, {
      cluster: 'demo',
      config: 'c.yaml',
      zones: 'us-east-1a, us-east-1b',
      securityGroups: 'sg-0123456789abcdef0',
      subnetPrefix: '/20',
    });
    assert.equal(r.cidr, '100.64.0.0/16');
    assert.equal(r.sources.cidr, 'config');
    assert.deepEqual(r.zones, ['us-east-1a', 'us-east-1b']);
    assert.equal(r.subnetPrefix, 20);
    assert.deepEqual(r.securityGroups, ['sg-0123456789abcdef0']);
  });

  it('reports every bad flag at once, naming each', () => {
    const err = failure(() =>
      buildRequest(undefined, {
        cluster: 'demo',
        cidr: '100.64.0.1/16',
        subnetPrefix: 'x',
        zones: 'Mars',
        minMaxPods: '0',
      }),
    );
    assert.equal(err.code, 'E_INVALID_REQUEST');
    assert.equal(err.exitCode, 2);
    for (const flag of ['--cidr', '--subnet-prefix', '--zones', '--min-max-pods'])
      assert.match(err.message, new RegExp(flag));
    assert.match(err.message, /host bits/);
  });

  it('says which values a number accepts, and why', () => {
    const err = failure(() => buildRequest(undefined, { cluster: 'demo', subnetPrefix: '29' }));
    assert.match(
      err.message,
      /--subnet-prefix: expected a prefix length from 16 to 28 \(EC2 subnets are \/16 to \/28\)/,
    );
  });

  it('requires the cluster', () => {
    const err = failure(() => buildRequest(undefined, {}));
    assert.match(err.message, /--cluster \(required\)/);
  });
});

describe('parseConfigText', () => {
  it('names the file and field of a bad value', () => {
    const err = failure(() => parseConfigText('cidr: 10.0.0.0/99\nsecurityGroups: [nope]\n', 'plan.yaml'));
    assert.equal(err.code, 'E_CONFIG_INVALID');
    assert.match(err.message, /plan.yaml: field 'cidr'/);
    assert.match(err.message, /plan.yaml: field 'securityGroups\[0\]'/);
  });

  it('refuses unknown fields, naming the field probably meant', () => {
    const err = failure(() => parseConfigText('cidrr: auto\nsubnetPrefx: 20\n', 'plan.yaml'));
    assert.match(err.message, /plan.yaml: field 'cidrr': unknown field \(did you mean 'cidr'\?\)/);
    assert.match(err.message, /field 'subnetPrefx': unknown field \(did you mean 'subnetPrefix'\?\)/);
  });

  it('refuses invalid YAML', () => {
    const err = failure(() => parseConfigText('cidr: [\n', 'plan.yaml'));
    assert.match(err.message, /not valid YAML/);
  });
});
