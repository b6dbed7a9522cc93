/**
 * The planner at scale: planFromSnapshot (resolve, validate, derive, capacity) on a VPC with 1,000
 * subnets, 100 route tables, 20 node groups, 1,000 nodes and 20,000 pods, against a small cluster.
 * Discovery (network) is not timed: this is the pure core, which must stay well under a second.
 */
import { formatCidr, cidr, parseCidr } from '../src/shared/cidr/index.js';
import type { ClusterSnapshot, SnapshotNode, SnapshotPod } from '../src/tool/discover/snapshot.js';
import { planFromSnapshot } from '../src/tool/planner/derive.js';
import { exhaustedSnapshot, request } from '../src/tool/planner/test-fixtures.js';
import { measure, report } from './harness.js';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'];

function largeSnapshot(
  subnetCount: number,
  nodegroupCount: number,
  nodeCount: number,
  podsPerNode: number,
): ClusterSnapshot {
  const s = exhaustedSnapshot();
  const base = parseCidr('10.0.0.0/16');
  s.subnets = Array.from({ length: subnetCount }, (_, i) => ({
    subnetId: `subnet-${i.toString(16).padStart(17, '0')}`,
    vpcId: 'vpc-1',
    cidr: formatCidr(cidr(base.network + i * 64, 26)),
    zone: ZONES[i % ZONES.length] ?? 'us-east-1a',
    zoneId: `use1-az${(i % ZONES.length) + 1}`,
    availableIpAddressCount: 3,
    tags: [{ key: 'Name', value: `s${i}` }],
  }));
  s.routeTables = [
    {
      routeTableId: 'rtb-main',
      main: true,
      associations: [{ associationId: 'rtbassoc-main', main: true }],
      routes: [{ destination: '10.0.0.0/16', target: 'local' }],
    },
    ...Array.from({ length: 100 }, (_, t) => ({
      routeTableId: `rtb-${t}`,
      main: false,
      associations: s.subnets
        .filter((_, i) => i % 100 === t)
        .map((x) => ({ associationId: `a-${x.subnetId}`, subnetId: x.subnetId, main: false })),
      routes: [
        { destination: '10.0.0.0/16', target: 'local' },
        { destination: '0.0.0.0/0', target: 'nat-1' },
        { destination: `172.${16 + (t % 16)}.${t}.0/24`, target: 'tgw-1' },
      ],
    })),
  ];
  const template = s.nodegroups[0]!;
  s.nodegroups = Array.from({ length: nodegroupCount }, (_, g) => ({
    ...template,
    name: `ng-${g}`,
    subnets: s.subnets
      .filter((_, i) => i % nodegroupCount === g)
      .slice(0, 6)
      .map((x) => x.subnetId),
  }));
  const nodes: SnapshotNode[] = [];
  const pods: SnapshotPod[] = [];
  for (let n = 0; n < nodeCount; n++) {
    const zone = ZONES[n % ZONES.length] ?? 'us-east-1a';
    const name = `node-${n}`;
    nodes.push({
      name,
      zone,
      instanceType: 'm5.large',
      nodegroup: `ng-${n % nodegroupCount}`,
      allocatablePods: 29,
      labels: { 'topology.kubernetes.io/zone': zone },
      unschedulable: false,
    });
    for (let p = 0; p < podsPerNode; p++) {
      pods.push({
        namespace: 'default',
        name: `${name}-${p}`,
        nodeName: name,
        podIP: `10.0.${n % 256}.${p}`,
        hostNetwork: false,
        phase: 'Running',
        ownerKind: 'ReplicaSet',
      });
    }
  }
  s.kube.nodes = nodes;
  s.kube.pods = pods;
  return s;
}

const req = request();
const cases = [
  { name: 'small cluster (3 subnets)', snapshot: exhaustedSnapshot() },
  { name: '1,000 subnets, 1,000 nodes, 20,000 pods', snapshot: largeSnapshot(1000, 20, 1000, 20) },
];
report(
  'planFromSnapshot',
  cases.map(({ name, snapshot }) =>
    measure(name, () => planFromSnapshot(snapshot, req), 500, {
      subnets: snapshot.subnets.length,
      steps: planFromSnapshot(snapshot, req).steps.length,
    }),
  ),
);
