import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterSnapshot } from '../discover/snapshot.js';
import { healthySnapshot } from '../doctor/test-snapshot.js';
import { buildCapacity, SELF_MANAGED } from './capacity.js';
import { formatCapacity } from './capacity-format.js';
import { table } from './build-report.js';

const subnet = (s: ClusterSnapshot, id: string) => s.subnets.find((x) => x.subnetId === id)!;

describe('report capacity view', () => {
  it('healthy custom networking: slots are the limit; addresses are the pod subnets of each zone', () => {
    const view = buildCapacity(healthySnapshot());
    assert.deepEqual(view.mode, { networking: 'custom-networking', prefixDelegation: false });
    assert.deepEqual(
      view.zones.map((z) => [z.zone, z.podSubnets, z.nodes, z.podSlots, z.slotsFree, z.addressesFree, z.fit]),
      [
        ['us-east-1a', ['subnet-pod0'], 1, 20, 19, 8000, 19],
        ['us-east-1b', ['subnet-pod1'], 1, 20, 19, 8000, 19],
        ['us-east-1c', ['subnet-pod2'], 1, 20, 19, 8000, 19],
      ],
    );
    assert.ok(view.zones.every((z) => z.limitedBy === 'pod-slots' && z.prefixesFree === undefined));
    assert.deepEqual(
      view.nodegroups.map((g) => [
        g.nodegroup,
        g.zones.length,
        g.podSlots,
        g.slotsFree,
        g.addressesFree,
        g.fit,
      ]),
      [['ng', 3, 60, 57, 24000, 57]],
    );
    assert.equal(view.fit, 57);
    assert.deepEqual(view.warnings, []);
  });

  it('a nearly full pod subnet makes addresses the limit, with a warning pointing to doctor and plan', () => {
    const s = healthySnapshot();
    subnet(s, 'subnet-pod0').availableIpAddressCount = 5;
    const view = buildCapacity(s);
    const a = view.zones[0]!;
    assert.deepEqual([a.addressesFree, a.fit, a.limitedBy], [5, 5, 'pod-addresses']);
    assert.equal(view.fit, 5 + 19 + 19);
    assert.equal(view.warnings.length, 1);
    assert.match(
      view.warnings[0]!,
      /us-east-1a.*eks-cidr doctor --cluster demo.*eks-cidr plan --cluster demo/,
    );
  });

  it('counts the addresses warm pools hold as free for pods', () => {
    const s = healthySnapshot();
    subnet(s, 'subnet-pod0').availableIpAddressCount = 0;
    s.networkInterfaces!.find((e) => e.networkInterfaceId === 'eni-s0')!.privateIps.push(
      '100.64.0.12',
      '100.64.0.13',
    );
    const a = buildCapacity(s).zones[0]!;
    // 3 secondary addresses held, 1 pod uses one: 2 warm.
    assert.deepEqual([a.warmAddresses, a.subnetAddressesFree, a.addressesFree, a.fit], [2, 0, 2, 2]);
  });

  it('prefix delegation: free /28 prefixes, 16 addresses each', () => {
    const s = healthySnapshot();
    s.cni.env['ENABLE_PREFIX_DELEGATION'] = 'true';
    const a = buildCapacity(s).zones[0]!;
    // A /19 has 512 aligned /28s; the first holds AWS's first four and the ENI's two addresses, the
    // last holds the reserved last address.
    assert.equal(a.prefixesFree, 510);
    assert.equal(a.addressesFree, 510 * 16);
    assert.equal(buildCapacity(s).mode.prefixDelegation, true);
  });

  it('standard mode: the node subnets serve the pods', () => {
    const s = healthySnapshot();
    s.cni.env['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG'] = 'false';
    const view = buildCapacity(s);
    assert.equal(view.mode.networking, 'standard');
    assert.deepEqual(
      view.zones.map((z) => [z.podSubnets, z.subnetAddressesFree]),
      [
        [['subnet-node0'], 200],
        [['subnet-node1'], 200],
        [['subnet-node2'], 200],
      ],
    );
  });

  it('pods stuck for an address and Pending on no node are counted and sent to doctor', () => {
    const s = healthySnapshot();
    s.kube.pods.push(
      { namespace: 'default', name: 'stuck', nodeName: 'node-1', hostNetwork: false, phase: 'Pending' },
      { namespace: 'default', name: 'pulling', nodeName: 'node-1', hostNetwork: false, phase: 'Pending' },
      { namespace: 'default', name: 'nowhere', hostNetwork: false, phase: 'Pending' },
      { namespace: 'default', name: 'done', nodeName: 'node-1', hostNetwork: false, phase: 'Succeeded' },
      { namespace: 'kube-system', name: 'proxy', nodeName: 'node-1', hostNetwork: true, phase: 'Running' },
    );
    s.kube.podEvents = [
      {
        namespace: 'default',
        pod: 'stuck',
        reason: 'FailedCreatePodSandBox',
        message: 'plugin type="aws-cni" failed (add): add cmd: failed to assign an IP address to container',
      },
    ];
    const view = buildCapacity(s);
    const b = view.zones[1]!;
    // web-1, stuck, pulling and proxy take slots; web-1 and stuck need an address.
    assert.deepEqual([b.podsOnNodes, b.slotsFree, b.demand, b.stuck], [4, 16, 2, 1]);
    assert.deepEqual([view.stuck, view.pending], [1, 1]);
    assert.ok(view.warnings.some((w) => /1 pod\(s\) stuck .*eks-cidr doctor --cluster demo/.test(w)));
    assert.ok(view.warnings.some((w) => /1 pod\(s\) Pending on no node.*eks-cidr doctor/.test(w)));
  });

  it('a full zone says no more pods fit; self-managed nodes form their own group', () => {
    const s = healthySnapshot();
    const node = s.kube.nodes[2]!;
    node.nodegroup = undefined;
    node.allocatablePods = 1;
    const view = buildCapacity(s);
    assert.deepEqual(
      view.nodegroups.map((g) => [g.nodegroup, g.nodes, g.slotsFree]),
      [
        [SELF_MANAGED, 1, 0],
        ['ng', 2, 38],
      ],
    );
    assert.ok(view.warnings.some((w) => /zone us-east-1c: no more pods fit \(0 pod slot/.test(w)));
  });

  it('formats one row per zone and node group, with the totals', () => {
    const text = formatCapacity(buildCapacity(healthySnapshot()), table).join('\n');
    assert.match(text, /capacity \(custom-networking, prefix delegation off\):/);
    assert.match(
      text,
      /ZONE\s+NODES\s+POD-SLOTS\s+SLOTS-FREE\s+ADDRESSES-FREE\s+PREFIXES-FREE\s+STUCK\s+MORE-PODS-FIT/,
    );
    assert.match(text, /us-east-1a\s+1\s+20\s+19\s+8000\s+-\s+0\s+19 \(slots\)/);
    assert.match(text, /ng\s+3\s+60\s+57\s+24000\s+-\s+0\s+57 \(slots\)/);
    assert.match(text, /57 more pod\(s\) fit; 0 stuck for an address; 0 Pending on no node\./);
  });
});
