/**
 * Table tests of every check: a healthy custom-networking snapshot with one thing changed, and the
 * exact findings (check, severity, resource) doctor reports for it: the check fires, nothing else does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterSnapshot, SnapshotCni } from '../discover/snapshot.js';
import { CHECKS, runDoctor } from './run-doctor.js';
import { CLUSTER_SG, healthySnapshot } from './test-snapshot.js';
import { CHECK_IDS } from './types.js';

type Case = [name: string, change: (s: ClusterSnapshot) => void, expected: string[]];

const addon = (s: ClusterSnapshot) => s.cni as Extract<SnapshotCni, { install: 'managed-addon' }>;
const env = (s: ClusterSnapshot, values: Record<string, string>) => Object.assign(s.cni.env, values);
const node = (s: ClusterSnapshot, i: number) => s.kube.nodes[i]!;
const subnet = (s: ClusterSnapshot, id: string) => s.subnets.find((x) => x.subnetId === id)!;

const CASES: Case[] = [
  ['healthy', () => {}, []],
  [
    'pods on node subnets under custom networking (nodes-not-rotated)',
    (s) => Object.assign(s.kube.pods[0]!, { podIP: '10.0.1.50' }),
    ['nodes-not-rotated error nodegroup/ng'],
  ],
  [
    'no ENIConfig CRD',
    (s) => (s.kube.eniConfigCrd = { present: false, versions: [] }),
    ['eniconfig-missing error crd/eniconfigs.crd.k8s.amazonaws.com'],
  ],
  [
    'a zone without its ENIConfig',
    (s) => s.kube.eniConfigs.pop(),
    ['eniconfig-missing error eniconfig/us-east-1c'],
  ],
  [
    'no selector configured and no default ENIConfig',
    (s) => {
      delete s.cni.env['ENI_CONFIG_LABEL_DEF'];
      addon(s).configurationValues = JSON.stringify({ env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true' } });
    },
    ['eniconfig-missing error eniconfig/default'],
  ],
  [
    'ENIConfig subnets swapped between zones',
    (s) => {
      s.kube.eniConfigs[0]!.subnet = 'subnet-pod1';
      s.kube.eniConfigs[1]!.subnet = 'subnet-pod0';
    },
    [
      'eniconfig-subnet-wrong-zone error eniconfig/us-east-1a',
      'eniconfig-subnet-wrong-zone error eniconfig/us-east-1b',
    ],
  ],
  [
    'ENIConfig naming an unknown subnet',
    (s) => (s.kube.eniConfigs[2]!.subnet = 'subnet-gone'),
    ['eniconfig-subnet-missing error eniconfig/us-east-1c'],
  ],
  [
    'ENIConfig without a subnet',
    (s) => delete s.kube.eniConfigs[2]!.subnet,
    ['eniconfig-subnet-missing error eniconfig/us-east-1c'],
  ],
  [
    'label definition the nodes do not carry',
    (s) => {
      env(s, { ENI_CONFIG_LABEL_DEF: 'example.com/eniconfig' });
      addon(s).configurationValues = JSON.stringify({
        env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true', ENI_CONFIG_LABEL_DEF: 'example.com/eniconfig' },
      });
    },
    ['eniconfig-selector-mismatch error daemonset/kube-system/aws-node'],
  ],
  [
    'annotation definition overriding the label',
    (s) => {
      env(s, { ENI_CONFIG_ANNOTATION_DEF: 'example.com/eniconfig' });
      addon(s).configurationValues = JSON.stringify({
        env: {
          ...JSON.parse(addon(s).configurationValues ?? '{}').env,
          ENI_CONFIG_ANNOTATION_DEF: 'example.com/eniconfig',
        },
      });
      node(s, 0).annotations = { 'example.com/eniconfig': 'us-east-1b' };
    },
    [
      'eniconfig-selector-mismatch warning daemonset/kube-system/aws-node',
      'eniconfig-subnet-wrong-zone error eniconfig/us-east-1b',
    ],
  ],
  [
    'max-pods 29 on m5.large under custom networking',
    (s) => s.kube.nodes.forEach((n) => (n.allocatablePods = 29)),
    ['max-pods-exceeds-addresses error nodegroup/ng'],
  ],
  [
    'max-pods 29 in the standard mode is fine',
    (s) => {
      env(s, { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false' });
      addon(s).configurationValues = '{}';
      delete s.cni.env['ENI_CONFIG_LABEL_DEF'];
      s.kube.nodes.forEach((n) => (n.allocatablePods = 29));
    },
    [],
  ],
  [
    'custom networking set on the DaemonSet only',
    (s) => (addon(s).configurationValues = undefined),
    ['addon-config-drift error addon/demo/vpc-cni'],
  ],
  [
    'a warm target set on the DaemonSet only (YAML configurationValues)',
    (s) => {
      env(s, { WARM_IP_TARGET: '5' });
      addon(s).configurationValues =
        'env:\n  AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true"\n  ENI_CONFIG_LABEL_DEF: topology.kubernetes.io/zone\n';
    },
    ['addon-config-drift warning addon/demo/vpc-cni'],
  ],
  [
    'pod subnet on the main route table',
    (s) => s.routeTables[1]!.associations.pop(),
    ['pod-subnet-no-egress warning subnet/subnet-pod0'],
  ],
  [
    'pod subnet on the main route table with external SNAT',
    (s) => {
      s.routeTables[1]!.associations.pop();
      env(s, { AWS_VPC_K8S_CNI_EXTERNALSNAT: 'true' });
      addon(s).configurationValues = JSON.stringify({
        env: {
          AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
          ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
          AWS_VPC_K8S_CNI_EXTERNALSNAT: 'true',
        },
      });
    },
    ['pod-subnet-no-egress error subnet/subnet-pod0'],
  ],
  [
    'ENIConfig groups admitting only HTTPS',
    (s) => {
      s.securityGroups!.push({
        groupId: 'sg-pods',
        groupName: 'pods',
        rules: [{ isEgress: false, protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }],
      });
      s.kube.eniConfigs[0]!.securityGroups = ['sg-pods'];
    },
    ['pod-security-groups-block-nodes error eniconfig/us-east-1a'],
  ],
  [
    'ENIConfig groups admitting DNS from the nodes and themselves but no other TCP',
    (s) => {
      const dns = (groupId: string) => [
        { isEgress: false, protocol: 'udp', fromPort: 53, toPort: 53, groupId },
        { isEgress: false, protocol: 'tcp', fromPort: 53, toPort: 53, groupId },
      ];
      s.securityGroups!.push({
        groupId: 'sg-pods',
        groupName: 'pods',
        rules: [...dns(CLUSTER_SG), ...dns('sg-pods')],
      });
      s.kube.eniConfigs[0]!.securityGroups = ['sg-pods'];
    },
    ['pod-security-groups-block-nodes warning eniconfig/us-east-1a'],
  ],
  [
    'pod subnet 97% used',
    (s) => (subnet(s, 'subnet-pod0').availableIpAddressCount = 200),
    ['subnet-nearly-full error subnet/subnet-pod0'],
  ],
  [
    'node subnet 90% used',
    (s) => (subnet(s, 'subnet-node0').availableIpAddressCount = 25),
    ['subnet-nearly-full warning subnet/subnet-node0'],
  ],
  [
    'prefix delegation with every /28 of a pod subnet broken',
    (s) => {
      env(s, { ENABLE_PREFIX_DELEGATION: 'true' });
      addon(s).configurationValues = JSON.stringify({
        env: {
          AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
          ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
          ENABLE_PREFIX_DELEGATION: 'true',
        },
      });
      const ips = Array.from(
        { length: 512 },
        (_, i) => `100.64.${Math.floor((i * 16) / 256)}.${((i * 16) % 256) + 7}`,
      );
      s.networkInterfaces!.push({
        networkInterfaceId: 'eni-x',
        subnetId: 'subnet-pod0',
        description: '',
        groups: [],
        privateIps: ips,
        prefixes: [],
      });
    },
    ['prefix-fragmentation error subnet/subnet-pod0'],
  ],
  [
    'subnet discovery: node subnet tagged 0, a tagged subnet in a zone without nodes, one for another cluster',
    (s) => {
      env(s, { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false' });
      delete s.cni.env['ENI_CONFIG_LABEL_DEF'];
      addon(s).configurationValues = '{}';
      s.kube.pods.forEach((p, i) => (p.podIP = `10.0.${i + 1}.11`));
      subnet(s, 'subnet-node0').tags.push({ key: 'kubernetes.io/role/cni', value: '0' });
      s.subnets.push(
        {
          subnetId: 'subnet-d',
          vpcId: 'vpc-1',
          cidr: '10.0.50.0/24',
          zone: 'us-east-1d',
          availableIpAddressCount: 251,
          tags: [{ key: 'kubernetes.io/role/cni', value: '1' }],
        },
        {
          subnetId: 'subnet-other',
          vpcId: 'vpc-1',
          cidr: '10.0.60.0/24',
          zone: 'us-east-1a',
          availableIpAddressCount: 251,
          tags: [
            { key: 'kubernetes.io/role/cni', value: '1' },
            { key: 'cni.networking.k8s.aws/cluster/analytics', value: '1' },
          ],
        },
      );
    },
    [
      'subnet-discovery-misconfigured error subnet/subnet-node0',
      'subnet-discovery-misconfigured warning subnet/subnet-d',
      'subnet-discovery-misconfigured warning subnet/subnet-other',
    ],
  ],
  [
    'subnet discovery tags on a CNI older than 1.18',
    (s) => {
      addon(s).image = 'x/amazon-k8s-cni:v1.17.1';
      subnet(s, 'subnet-pod0').tags.push({ key: 'kubernetes.io/role/cni', value: '1' });
    },
    ['cni-too-old warning addon/demo/vpc-cni', 'subnet-discovery-misconfigured warning subnet/subnet-pod0'],
  ],
  [
    'pods stuck without an address, linked to a full pod subnet',
    (s) => {
      subnet(s, 'subnet-pod0').availableIpAddressCount = 0;
      s.kube.pods.push({
        namespace: 'default',
        name: 'web-x',
        nodeName: 'node-0',
        hostNetwork: false,
        phase: 'Pending',
        waitingReason: 'ContainerCreating',
      });
      s.kube.podEvents = [
        {
          namespace: 'default',
          pod: 'web-x',
          reason: 'FailedCreatePodSandBox',
          message: 'plugin type="aws-cni" failed (add): add cmd: failed to assign an IP address to container',
        },
      ];
    },
    ['subnet-nearly-full error subnet/subnet-pod0', 'pods-stuck-no-address error node/node-0'],
  ],
  [
    'prefix delegation on CNI 1.8',
    (s) => {
      addon(s).image = 'x/amazon-k8s-cni:v1.8.0';
      env(s, { ENABLE_PREFIX_DELEGATION: 'true' });
      addon(s).configurationValues = JSON.stringify({
        env: {
          AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
          ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
          ENABLE_PREFIX_DELEGATION: 'true',
        },
      });
    },
    ['cni-too-old error addon/demo/vpc-cni'],
  ],
  [
    'an IPv6 cluster with custom networking',
    (s) => (s.cluster.ipFamily = 'ipv6'),
    ['ipv6-cluster warning cluster/demo'],
  ],
];

describe('doctor checks', () => {
  for (const [name, change, expected] of CASES) {
    it(name, () => {
      const snapshot = healthySnapshot();
      change(snapshot);
      const report = runDoctor(snapshot);
      assert.deepEqual(
        report.findings.map((f) => `${f.check} ${f.severity} ${f.resource}`).sort(),
        [...expected].sort(),
      );
      assert.equal(report.ok, !expected.some((e) => e.includes(' error ')));
      for (const f of report.findings) {
        assert.ok(
          f.message.length > 0 && f.fix.length > 0 && f.evidence.length > 0,
          `${f.check} is complete`,
        );
      }
    });
  }

  it('every documented check id has a check and a firing case', () => {
    assert.deepEqual(CHECKS.map((c) => c.id).sort(), [...CHECK_IDS].sort());
    const fired = new Set(CASES.flatMap(([, , expected]) => expected.map((e) => e.split(' ')[0])));
    assert.deepEqual(
      CHECK_IDS.filter((id) => !fired.has(id)),
      [],
    );
  });

  it('links stuck pods to their root cause', () => {
    const snapshot = healthySnapshot();
    snapshot.subnets.find((x) => x.subnetId === 'subnet-pod0')!.availableIpAddressCount = 0;
    snapshot.kube.pods.push({
      namespace: 'default',
      name: 'web-x',
      nodeName: 'node-0',
      hostNetwork: false,
      phase: 'Pending',
    });
    snapshot.kube.podEvents = [
      {
        namespace: 'default',
        pod: 'web-x',
        reason: 'FailedCreatePodSandBox',
        message: 'failed to assign an IP address to container',
      },
    ];
    const stuck = runDoctor(snapshot).findings.find((f) => f.check === 'pods-stuck-no-address');
    assert.match(stuck?.message ?? '', /Root cause: subnet-nearly-full \(subnet\/subnet-pod0\)/);
    assert.ok(stuck?.evidence.includes('root cause: subnet-nearly-full (subnet/subnet-pod0)'));
  });
});
