/**
 * A healthy custom-networking cluster as discovery would return it, for the checks' table tests:
 * three zones, a 10.0.x.0/24 node subnet and a 100.64.x.0/19 pod subnet each (same route table), an
 * ENIConfig per zone on the cluster security group, one m5.large node per zone in the new mode.
 */
import type { ClusterSnapshot } from '../discover/snapshot.js';

export const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
export const CLUSTER_SG = 'sg-0c1a57e7000000001';

export function healthySnapshot(): ClusterSnapshot {
  const nodeSubnet = (i: number) => `subnet-node${i}`;
  const podSubnet = (i: number) => `subnet-pod${i}`;
  return {
    region: 'us-east-1',
    cluster: {
      name: 'demo',
      version: '1.31',
      status: 'ACTIVE',
      endpoint: 'https://example',
      vpcId: 'vpc-1',
      subnetIds: ZONES.map((_, i) => nodeSubnet(i)),
      clusterSecurityGroupId: CLUSTER_SG,
      securityGroupIds: [],
      ipFamily: 'ipv4',
    },
    vpc: { vpcId: 'vpc-1', cidrAssociations: [], tags: [] },
    subnets: ZONES.flatMap((zone, i) => [
      {
        subnetId: nodeSubnet(i),
        vpcId: 'vpc-1',
        cidr: `10.0.${i + 1}.0/24`,
        zone,
        availableIpAddressCount: 200,
        tags: [],
      },
      {
        subnetId: podSubnet(i),
        vpcId: 'vpc-1',
        cidr: `100.64.${i * 32}.0/19`,
        zone,
        availableIpAddressCount: 8000,
        tags: [],
      },
    ]),
    routeTables: [
      {
        routeTableId: 'rtb-main',
        main: true,
        associations: [{ associationId: 'a', main: true }],
        routes: [{ destination: '10.0.0.0/16', target: 'local' }],
      },
      ...ZONES.map((_, i) => ({
        routeTableId: `rtb-${i}`,
        main: false,
        associations: [
          { associationId: `n${i}`, subnetId: nodeSubnet(i), main: false },
          { associationId: `p${i}`, subnetId: podSubnet(i), main: false },
        ],
        routes: [
          { destination: '10.0.0.0/16', target: 'local' },
          { destination: '0.0.0.0/0', target: 'nat-1' },
        ],
      })),
    ],
    zones: ZONES.map((zoneName, i) => ({ zoneName, zoneId: `use1-az${i + 1}`, state: 'available' })),
    securityGroupIds: [CLUSTER_SG],
    securityGroups: [
      {
        groupId: CLUSTER_SG,
        groupName: 'eks-cluster-sg-demo',
        rules: [
          { isEgress: false, protocol: '-1', groupId: CLUSTER_SG },
          { isEgress: true, protocol: '-1', cidr: '0.0.0.0/0' },
        ],
      },
    ],
    networkInterfaces: ZONES.flatMap((_, i) => [
      {
        networkInterfaceId: `eni-p${i}`,
        subnetId: nodeSubnet(i),
        description: '',
        instanceId: `i-${i}`,
        deviceIndex: 0,
        groups: [CLUSTER_SG],
        privateIps: [`10.0.${i + 1}.10`],
        prefixes: [],
      },
      {
        networkInterfaceId: `eni-s${i}`,
        subnetId: podSubnet(i),
        description: `aws-K8S-i-${i}`,
        instanceId: `i-${i}`,
        deviceIndex: 1,
        groups: [CLUSTER_SG],
        privateIps: [`100.64.${i * 32}.10`, `100.64.${i * 32}.11`],
        prefixes: [],
      },
    ]),
    nodegroups: [
      {
        name: 'ng',
        status: 'ACTIVE',
        instanceTypes: ['m5.large'],
        subnets: ZONES.map((_, i) => nodeSubnet(i)),
        nodeRole: 'arn:aws:iam::1:role/n',
        scaling: { minSize: 3, maxSize: 3, desiredSize: 3 },
        labels: {},
        taints: [],
        tags: {},
      },
    ],
    fargateProfiles: [],
    cni: {
      install: 'managed-addon',
      addonVersion: 'v1.19.2-eksbuild.1',
      configurationValues: JSON.stringify({
        env: {
          AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
          ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
        },
      }),
      image: '602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1',
      env: {
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
        ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
        WARM_ENI_TARGET: '1',
        ENABLE_PREFIX_DELEGATION: 'false',
      },
    },
    kube: {
      nodes: ZONES.map((zone, i) => ({
        name: `node-${i}`,
        zone,
        instanceType: 'm5.large',
        instanceId: `i-${i}`,
        nodegroup: 'ng',
        allocatablePods: 20,
        labels: { 'topology.kubernetes.io/zone': zone, 'eks.amazonaws.com/nodegroup': 'ng' },
        annotations: {},
        unschedulable: false,
      })),
      pods: ZONES.map((_, i) => ({
        namespace: 'default',
        name: `web-${i}`,
        nodeName: `node-${i}`,
        podIP: `100.64.${i * 32}.11`,
        hostNetwork: false,
        phase: 'Running',
      })),
      eniConfigs: ZONES.map((zone, i) => ({
        name: zone,
        subnet: podSubnet(i),
        securityGroups: [CLUSTER_SG],
        labels: {},
      })),
      eniConfigCrd: { present: true, versions: ['v1alpha1'] },
      podEvents: [],
    },
  };
}
