/** A plan like the planner's for a two-zone cluster with one managed node group: for unit tests. */
import type { Plan, PlanStep } from '../../planner/types.js';
import type { FakeState } from './fake-ports.js';

export const ZONES = ['us-east-1a', 'us-east-1b'] as const;

export function seedCluster(state: FakeState, options: { managedAddon?: boolean } = {}): void {
  state.subnets.push(
    {
      subnetId: 'subnet-node-a',
      vpcId: 'vpc-1',
      cidr: '10.0.0.0/24',
      zone: 'us-east-1a',
      availableIpAddressCount: 3,
      tags: [],
    },
    {
      subnetId: 'subnet-node-b',
      vpcId: 'vpc-1',
      cidr: '10.0.1.0/24',
      zone: 'us-east-1b',
      availableIpAddressCount: 2,
      tags: [],
    },
  );
  state.routeTables[0]!.associations.push(
    { associationId: 'rtbassoc-a', subnetId: 'subnet-node-a', main: false },
    { associationId: 'rtbassoc-b', subnetId: 'subnet-node-b', main: false },
  );
  const userData = Buffer.from(
    'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="//"\n\n--//\nContent-Type: text/x-shellscript\n\necho hi\n--//--\n',
  ).toString('base64');
  state.launchTemplates.push({ launchTemplateId: 'lt-1', version: 1, userData, imageId: undefined });
  state.nodegroups.set('ng-1', {
    name: 'ng-1',
    status: 'ACTIVE',
    instanceTypes: ['m5.large'],
    subnets: ['subnet-node-a', 'subnet-node-b'],
    desiredSize: 2,
    launchTemplate: { id: 'lt-1', version: '1' },
    tags: {},
    labels: {},
  });
  for (const [i, zone] of ZONES.entries()) {
    state.nodes.push({
      name: `old-${i}`,
      labels: { 'eks.amazonaws.com/nodegroup': 'ng-1', 'topology.kubernetes.io/zone': zone },
      unschedulable: false,
      ready: true,
    });
    state.pods.push({
      namespace: 'default',
      name: `web-${i}`,
      nodeName: `old-${i}`,
      phase: 'Running',
      podIp: `10.0.${i}.10`,
      hostNetwork: false,
      ownerKinds: ['ReplicaSet'],
      labels: { app: 'web' },
      mirror: false,
      deleting: false,
    });
    state.pods.push({
      namespace: 'kube-system',
      name: `aws-node-${i}`,
      nodeName: `old-${i}`,
      phase: 'Running',
      podIp: `10.0.${i}.5`,
      hostNetwork: true,
      ownerKinds: ['DaemonSet'],
      labels: {},
      mirror: false,
      deleting: false,
    });
  }
  if (options.managedAddon) {
    state.addon = {
      name: 'vpc-cni',
      status: 'ACTIVE',
      version: 'v1.19.2-eksbuild.1',
      configurationValues: '{"env":{"WARM_IP_TARGET":"5"}}',
    };
  }
}

export function fixturePlan(options: { managedAddon?: boolean } = {}): Plan {
  const steps: PlanStep[] = [
    {
      id: 'cidr',
      kind: 'associate-cidr',
      action: 'create',
      reason: 'not associated',
      dependsOn: [],
      target: { vpcId: 'vpc-1' },
      desired: { cidr: '100.64.0.0/16' },
    },
  ];
  ZONES.forEach((zone, i) => {
    steps.push(
      {
        id: `subnet:${zone}`,
        kind: 'create-subnet',
        action: 'create',
        reason: 'missing',
        dependsOn: ['cidr'],
        target: { vpcId: 'vpc-1', zone },
        desired: { cidr: `100.64.${i * 128}.0/17`, tags: [{ key: 'Name', value: `eks-cidr-${zone}` }] },
      },
      {
        id: `route:${zone}`,
        kind: 'associate-route-table',
        action: 'create',
        reason: 'missing',
        dependsOn: [`subnet:${zone}`],
        target: { subnet: { stepId: `subnet:${zone}`, zone } },
        desired: { routeTableId: 'rtb-private-a', main: false },
      },
      {
        id: `eniconfig:${zone}`,
        kind: 'apply-eniconfig',
        action: 'create',
        reason: 'missing',
        dependsOn: [`subnet:${zone}`, 'crd'],
        target: { name: zone, zone },
        desired: { subnet: { stepId: `subnet:${zone}`, zone }, securityGroups: ['sg-cluster'], labels: {} },
      },
    );
  });
  steps.push(
    {
      id: 'cni',
      kind: 'configure-cni',
      action: 'update',
      reason: 'custom networking off',
      dependsOn: [],
      target: options.managedAddon
        ? { mode: 'managed-addon', addonName: 'vpc-cni', addonVersion: 'v1.19.2-eksbuild.1' }
        : { mode: 'self-managed', namespace: 'kube-system', daemonSet: 'aws-node' },
      desired: {
        env: {
          AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
          ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
        },
      },
    },
    {
      id: 'crd',
      kind: 'check-eniconfig-crd',
      action: 'no-op',
      reason: 'installed by the VPC CNI',
      dependsOn: [],
      target: {
        name: 'eniconfigs.crd.k8s.amazonaws.com',
        group: 'crd.k8s.amazonaws.com',
        version: 'v1alpha1',
      },
      desired: { present: true },
    },
    {
      id: 'nodegroup:ng-1',
      kind: 'create-nodegroup',
      action: 'create',
      reason: 'nodes give pods node-subnet addresses',
      dependsOn: ['cni', ...ZONES.map((z) => `eniconfig:${z}`), ...ZONES.map((z) => `route:${z}`)],
      target: { clusterName: 'demo', nodegroupName: 'ng-1-cidr' },
      desired: {
        replaces: 'ng-1',
        instanceTypes: ['m5.large'],
        nodeRole: 'arn:aws:iam::123456789012:role/node',
        subnets: ['subnet-node-a', 'subnet-node-b'],
        scaling: { minSize: 1, maxSize: 3, desiredSize: 2 },
        labels: {},
        taints: [],
        tags: {
          'eks-cidr.io/cluster': 'demo',
          'eks-cidr.io/managed-by': 'eks-cidr',
          'eks-cidr.io/replaces': 'ng-1',
        },
        maxPods: {
          via: 'launch-template',
          maxPods: 20,
          amiFamily: 'AL2023',
          launchTemplate: { id: 'lt-1', version: '1' },
        },
      },
    },
    {
      id: 'drain:ng-1',
      kind: 'drain-nodegroup',
      action: 'update',
      reason: 'old nodes',
      dependsOn: ['nodegroup:ng-1'],
      target: { clusterName: 'demo', nodegroupName: 'ng-1' },
      desired: { nodeNames: ['old-0', 'old-1'], timeoutSeconds: 60 },
    },
    {
      id: 'delete:ng-1',
      kind: 'delete-nodegroup',
      action: 'update',
      reason: 'replaced',
      dependsOn: ['drain:ng-1'],
      target: { clusterName: 'demo', nodegroupName: 'ng-1' },
      desired: { deleted: true },
    },
  );
  return {
    schemaVersion: 1,
    cluster: 'demo',
    region: 'us-east-1',
    vpcId: 'vpc-1',
    request: {
      cluster: 'demo',
      cidr: '100.64.0.0/16',
      cidrSource: 'auto',
      subnetPrefix: 17,
      subnetPrefixSource: 'auto',
      zones: [...ZONES],
      zonesSource: 'auto',
      zoneSubnets: { 'us-east-1a': '100.64.0.0/17', 'us-east-1b': '100.64.128.0/17' },
      securityGroups: ['sg-cluster'],
      securityGroupsSource: 'auto',
      labelDef: 'topology.kubernetes.io/zone',
      nameTagPrefix: 'eks-cidr',
      rotateNodes: true,
      allowCapacityLoss: false,
      minMaxPods: 8,
      drainTimeoutSeconds: 60,
      mode: 'custom-networking',
    },
    steps,
    summary: { zones: [], nodegroups: [], totals: { podAddressesBefore: 5, podAddressesAfter: 65526 } },
    warnings: [],
  };
}
