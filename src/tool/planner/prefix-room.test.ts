import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSnapshot, SnapshotNetworkInterface } from '../discover/snapshot.js';
import { freePrefixBlocks, prefixesNeededByZone, validatePrefixRoom } from './prefix-room.js';
import { exhaustedSnapshot } from './test-fixtures.js';
import type { ResolvedRequest } from './types.js';

const eni = (subnetId: string, privateIps: string[], prefixes: string[] = []): SnapshotNetworkInterface => ({
  networkInterfaceId: `eni-${privateIps[0] ?? prefixes[0]}`,
  subnetId,
  description: '',
  groups: [],
  privateIps,
  prefixes,
});

/** The exhausted fixture plus an existing pod subnet 100.64.0.0/26 in us-east-1a. */
function withPodSubnet(enis: SnapshotNetworkInterface[] | undefined): ClusterSnapshot {
  const s = exhaustedSnapshot();
  s.subnets.push({
    subnetId: 'subnet-pod-a',
    vpcId: 'vpc-1',
    cidr: '100.64.0.0/26',
    zone: 'us-east-1a',
    availableIpAddressCount: 40,
    tags: [],
  });
  if (enis) s.networkInterfaces = enis;
  return s;
}

function req(over: Partial<ResolvedRequest> = {}): ResolvedRequest {
  return {
    prefixDelegation: 'on',
    mode: 'custom-networking',
    zones: ['us-east-1a'],
    zoneSubnets: { 'us-east-1a': '100.64.0.0/26' },
    ...over,
  } as ResolvedRequest;
}

describe('freePrefixBlocks', () => {
  it('counts only whole, aligned, unused /28 blocks (AWS reserves the first four and the last address)', () => {
    const s = withPodSubnet([]);
    const subnet = s.subnets.at(-1)!;
    // Blocks .0/28 and .48/28 hold reserved addresses: two of the four are free.
    assert.deepEqual(freePrefixBlocks(s, subnet), { free: 2, exact: true });
    s.networkInterfaces = [eni('subnet-pod-a', ['100.64.0.20'])];
    assert.deepEqual(
      freePrefixBlocks(s, subnet),
      { free: 1, exact: true },
      'one address takes a whole block',
    );
    s.networkInterfaces = [eni('subnet-pod-a', ['100.64.0.20'], ['100.64.0.32/28'])];
    assert.deepEqual(freePrefixBlocks(s, subnet), { free: 0, exact: true }, 'a delegated prefix');
    s.networkInterfaces = [eni('subnet-other', ['100.64.0.20', '100.64.0.40'])];
    assert.deepEqual(freePrefixBlocks(s, subnet), { free: 2, exact: true }, 'other subnets do not count');
  });

  it('without the interfaces it says an upper bound: the free addresses in blocks of 16', () => {
    const s = withPodSubnet(undefined);
    assert.deepEqual(freePrefixBlocks(s, s.subnets.at(-1)!), { free: 2, exact: false });
  });
});

describe('validatePrefixRoom', () => {
  it('asks nothing unless --prefix-delegation on', () => {
    const s = withPodSubnet([]);
    assert.deepEqual(validatePrefixRoom(s, req({ prefixDelegation: 'keep' })), []);
    assert.deepEqual(validatePrefixRoom(s, req({ prefixDelegation: 'off' })), []);
  });

  it('needs the pods of each node rounded up to whole prefixes', () => {
    const s = exhaustedSnapshot();
    for (let i = 0; i < 17; i++)
      s.kube.pods.push({
        namespace: 'default',
        name: `p${i}`,
        nodeName: s.kube.nodes[0]!.name,
        hostNetwork: false,
        phase: 'Running',
      });
    // 18 pods on the us-east-1a node: 2 prefixes; 1 pod elsewhere: 1 prefix (host-network pods take none).
    assert.equal(prefixesNeededByZone(s).get('us-east-1a'), 2);
    assert.equal(prefixesNeededByZone(s).get('us-east-1b'), 1);
  });

  it('refuses (custom networking) an existing pod subnet without room for the prefixes its zone needs, with numbers', () => {
    const s = withPodSubnet([eni('subnet-pod-a', ['100.64.0.20', '100.64.0.40'])]);
    const [f] = validatePrefixRoom(s, req());
    assert.equal(f?.severity, 'error');
    assert.equal(f?.code, 'E_PREFIX_DELEGATION_NO_ROOM');
    assert.match(
      f.message,
      /subnet-pod-a \(100\.64\.0\.0\/26, us-east-1a\) has 0 free \/28 block\(s\) \(0 addresses\) of its 40 free addresses, but the 1 \/28 prefix\(es\)/,
    );
    assert.match(
      f.hint ?? '',
      /create-subnet-cidr-reservation --subnet-id subnet-pod-a --reservation-type prefix/,
    );
  });

  it('says the room of an existing pod subnet that has it, and of new subnets', () => {
    const ok = validatePrefixRoom(withPodSubnet([]), req());
    assert.deepEqual(
      ok.map((f) => [f.severity, f.code]),
      [['info', 'I_PREFIX_ROOM']],
    );
    assert.match(
      ok[0]!.message,
      /has 2 free \/28 block\(s\) \(32 addresses\) of its 40 free addresses; us-east-1a's running pods need 1/,
    );
    const fresh = validatePrefixRoom(
      exhaustedSnapshot(),
      req({ zoneSubnets: { 'us-east-1a': '100.64.0.0/18' } }),
    );
    assert.match(
      fresh.at(-1)!.message,
      /new pod subnets are empty, all room for \/28 prefixes: 100\.64\.0\.0\/18 \(us-east-1a\): 1023 \/28 blocks/,
    );
  });

  it('warns (subnet discovery) of a node subnet with no free /28, without refusing', () => {
    const s = exhaustedSnapshot();
    // One address in use in every /28 of the node subnet 10.0.0.0/24 (scattered free addresses).
    s.networkInterfaces = [
      eni(
        'subnet-node0',
        Array.from({ length: 16 }, (_, i) => `10.0.0.${i * 16 + 5}`),
      ),
    ];
    const out = validatePrefixRoom(
      s,
      req({ mode: 'subnet-discovery', zoneSubnets: { 'us-east-1a': '100.64.0.0/18' } }),
    );
    const w = out.find((f) => f.code === 'W_PREFIX_ROOM_NODE_SUBNET');
    assert.equal(w?.severity, 'warning');
    assert.match(
      w.message,
      /node subnet subnet-node0 \(10\.0\.0\.0\/24, us-east-1a\) has 0 free \/28 block\(s\)/,
    );
    assert.ok(!out.some((f) => f.severity === 'error'));
  });
});
