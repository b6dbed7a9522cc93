import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healthySnapshot } from '../doctor/test-snapshot.js';
import { buildAddressMap } from './address-map.js';
import { largeVpcSnapshot } from './html/test-vpc.js';

function snapshotWithBlocks() {
  const s = healthySnapshot();
  s.vpc.cidrAssociations = [
    { associationId: 'a0', cidr: '10.0.0.0/16', state: 'associated' },
    { associationId: 'a1', cidr: '100.64.0.0/16', state: 'associated' },
    { associationId: 'a2', cidr: '100.65.0.0/16', state: 'disassociated' },
  ];
  s.subnets.push({
    subnetId: 'subnet-db',
    vpcId: 'vpc-1',
    cidr: '10.0.200.0/24',
    zone: 'us-east-1a',
    availableIpAddressCount: 240,
    tags: [{ key: 'Name', value: 'databases' }],
  });
  return s;
}

describe('address map', () => {
  it('draws every live block with its subnets by use and the free gaps, covering the block exactly', () => {
    const map = buildAddressMap(snapshotWithBlocks());
    assert.deepEqual(
      map.blocks.map((b) => [b.cidr, b.primary, b.size]),
      [
        ['10.0.0.0/16', true, 65536],
        ['100.64.0.0/16', false, 65536],
      ],
    );
    const [vpc, pods] = map.blocks;
    assert.deepEqual(
      vpc!.segments.filter((s) => s.kind !== 'free').map((s) => [s.cidr, s.kind, s.zone]),
      [
        ['10.0.1.0/24', 'node', 'us-east-1a'],
        ['10.0.2.0/24', 'node', 'us-east-1b'],
        ['10.0.3.0/24', 'node', 'us-east-1c'],
        ['10.0.200.0/24', 'other', 'us-east-1a'],
      ],
    );
    assert.deepEqual(
      pods!.segments.filter((s) => s.kind !== 'free').map((s) => [s.cidr, s.kind]),
      [
        ['100.64.0.0/19', 'pod'],
        ['100.64.32.0/19', 'pod'],
        ['100.64.64.0/19', 'pod'],
      ],
    );
    const db = vpc!.segments.find((s) => s.subnetId === 'subnet-db')!;
    assert.deepEqual(
      [db.name, db.usable, db.used, db.free, db.offset],
      ['databases', 251, 11, 240, 200 * 256],
    );
    assert.equal(map.subnetCount, 7);
    for (const block of map.blocks) {
      // Sorted, no overlap, no hole: every address of the block is in exactly one segment.
      let cursor = 0;
      for (const s of block.segments) {
        assert.equal(s.offset, cursor, `${block.cidr} at ${s.cidr}`);
        assert.equal(s.offset % s.size, 0, `${s.cidr} is aligned`);
        cursor += s.size;
      }
      assert.equal(cursor, block.size);
    }
    assert.deepEqual(vpc!.segments[0], { kind: 'free', cidr: '10.0.0.0/24', offset: 0, size: 256 });
  });

  it('a subnet both node and pod subnet (standard mode) is drawn as such', () => {
    const s = snapshotWithBlocks();
    s.cni.env['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'] = 'false';
    const kinds = buildAddressMap(s).blocks.flatMap((b) => b.segments.map((x) => x.kind));
    assert.equal(kinds.filter((k) => k === 'node+pod').length, 3);
    assert.equal(kinds.filter((k) => k === 'pod').length, 0);
    assert.equal(kinds.filter((k) => k === 'other').length, 4);
  });

  it('holds 1,000 more subnets', () => {
    const map = buildAddressMap(largeVpcSnapshot(1000));
    assert.equal(map.subnetCount, 1006);
    assert.equal(map.blocks.length, 6);
  });
});
