import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseAutoCidr, largestFreeSharedBlock, resolveRequest } from './resolve.js';
import { formatCidr } from '../../shared/cidr/index.js';
import { exhaustedSnapshot, request } from './test-fixtures.js';
import type { ClusterSnapshot } from '../discover/snapshot.js';

const withBlocks = (blocks: string[], routes: string[] = []): ClusterSnapshot => {
  const s = exhaustedSnapshot();
  blocks.forEach((cidr, i) => {
    s.vpc.cidrAssociations.push({ associationId: `a${i}`, cidr, state: 'associated' });
    // a foreign subnet in each, so none of them counts as an interrupted eks-cidr association
    s.subnets.push({
      subnetId: `subnet-f${i}`,
      vpcId: 'vpc-1',
      cidr: cidr.replace(/\/\d+$/, '/24'),
      zone: 'us-east-1a',
      availableIpAddressCount: 1,
      tags: [],
    });
  });
  for (const destination of routes) s.routeTables[1]?.routes.push({ destination, target: 'tgw-1' });
  return s;
};
const auto = (s: ClusterSnapshot) => {
  const c = chooseAutoCidr(s);
  return c ? formatCidr(c) : undefined;
};

describe('auto CIDR', () => {
  it('takes the lowest free /16 of 100.64.0.0/10', () => {
    assert.equal(auto(exhaustedSnapshot()), '100.64.0.0/16');
  });

  it('steps around existing 100.64 blocks and route destinations', () => {
    assert.equal(auto(withBlocks(['100.64.0.0/16', '100.65.0.0/20'])), '100.66.0.0/16');
    assert.equal(auto(withBlocks(['100.64.0.0/16'], ['100.65.128.0/24', '100.66.0.0/15'])), '100.68.0.0/16');
  });

  it('ignores disassociated blocks', () => {
    const s = exhaustedSnapshot();
    s.vpc.cidrAssociations.push({ associationId: 'old', cidr: '100.64.0.0/16', state: 'disassociated' });
    assert.equal(auto(s), '100.64.0.0/16');
  });

  it('never falls back to 198.19.0.0/16: EC2 refuses it beside RFC 1918, 100.64/10 and public primaries', () => {
    for (const primary of [
      '10.0.0.0/16',
      '172.20.0.0/16',
      '192.168.0.0/16',
      '100.64.0.0/16',
      '203.0.113.0/24',
    ]) {
      const s = exhaustedSnapshot();
      s.vpc.cidrAssociations = [{ associationId: 'p', cidr: primary, state: 'associated' }];
      s.routeTables[1]?.routes.push({ destination: '100.64.0.0/10', target: 'tgw-1' });
      assert.equal(auto(s), undefined, primary);
    }
  });

  it('says 100.64.0.0/10 is exhausted, why 198.19.0.0/16 is no fallback, and asks for an explicit --cidr', () => {
    const s = exhaustedSnapshot();
    s.routeTables[1]?.routes.push({ destination: '100.64.0.0/10', target: 'tgw-1' });
    const r = resolveRequest(s, request());
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ['E_NO_FREE_CIDR'],
    );
    const finding = r.findings[0]!;
    assert.match(finding.message, /no free \/16 in 100\.64\.0\.0\/10/);
    assert.match(finding.message, /\(100\.64\.0\.0\/10\)/);
    assert.match(finding.message, /198\.19\.0\.0\/16 is no fallback/);
    assert.match(finding.hint ?? '', /100\.64\.0\.0\/10 is exhausted.*explicit --cidr/);
  });

  it('suggests the largest free smaller block of 100.64.0.0/10 when no /16 is free', () => {
    // Every /16 is touched by a /24 route except that the last /16's upper half is clear.
    const routes = Array.from({ length: 64 }, (_, i) => `100.${64 + i}.0.0/24`);
    const s = withBlocks([], routes);
    assert.equal(auto(s), undefined);
    assert.equal(formatCidr(largestFreeSharedBlock(s)!), '100.64.128.0/17');
    const r = resolveRequest(s, request());
    assert.match(r.findings[0]?.hint ?? '', /explicit --cidr: 100\.64\.128\.0\/17 is free/);
  });

  it('reuses an empty candidate block left by an interrupted run', () => {
    const s = exhaustedSnapshot();
    s.vpc.cidrAssociations.push({ associationId: 'a', cidr: '100.64.0.0/16', state: 'associating' });
    const r = resolveRequest(s, request());
    assert.equal(r.request.cidr, '100.64.0.0/16');
    assert.equal(r.request.cidrSource, 'existing');
  });
});

describe('auto subnet prefix and zones', () => {
  it('splits the block equally over the zones, avoiding existing subnets', () => {
    const r = resolveRequest(withBlocks(['100.64.0.0/16']), request({ cidr: '100.64.0.0/16' }));
    // 100.64.0.0/24 is taken: three /18s no longer fit below it, so the first goes after it
    assert.equal(r.request.subnetPrefix, 18);
    assert.deepEqual(Object.values(r.request.zoneSubnets), [
      '100.64.64.0/18',
      '100.64.128.0/18',
      '100.64.192.0/18',
    ]);
  });

  it('uses the next size down when the equal split no longer fits', () => {
    const s = withBlocks(['100.64.0.0/16']);
    s.subnets.push({
      subnetId: 'subnet-x',
      vpcId: 'vpc-1',
      cidr: '100.64.128.0/24',
      zone: 'us-east-1b',
      availableIpAddressCount: 1,
      tags: [],
    });
    const r = resolveRequest(s, request({ cidr: '100.64.0.0/16' }));
    assert.equal(r.request.subnetPrefix, 19);
  });

  it('takes every zone with nodes or node-group subnets', () => {
    const s = exhaustedSnapshot();
    s.kube.nodes.push({ name: 'n', zone: 'us-east-1d', labels: {}, unschedulable: false });
    const r = resolveRequest(s, request());
    assert.deepEqual(r.request.zones, ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d']);
    assert.equal(r.request.subnetPrefix, 18);
  });
});
