/**
 * Hand-built ClusterSnapshots for the planner's unit tests, and `applyToSnapshot`, a pure model of
 * what apply does to a snapshot, so tests can check that re-planning after (part of) an apply gives
 * only no-ops (or only the missing steps). Test support only.
 */
import { buildRequest } from '../config/load.js';
import type { PlanFlags } from '../config/load.js';
import type { PlanRequest } from '../config/request.js';
import type { ClusterSnapshot, SnapshotNode, SnapshotPod } from '../discover/snapshot.js';
import { parseConfigurationValues } from './steps-cni.js';
import type { Plan, PlanStep, Tag } from './types.js';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'];

/** The `exhausted` scenario: node subnets almost full, the vpc-cni managed add-on in default mode. */
export function exhaustedSnapshot(): ClusterSnapshot {
  const nodeZones = ZONES.slice(0, 3);
  const subnets = nodeZones.map((zone, i) => ({
    subnetId: `subnet-node${i}`,
    vpcId: 'vpc-1',
    cidr: `10.0.${i}.0/24`,
    zone,
    zoneId: `use1-az${i + 1}`,
    availableIpAddressCount: 2,
    tags: [{ key: 'Name', value: `demo-private-${zone}` }],
  }));
  const nodes: SnapshotNode[] = nodeZones.map((zone, i) => ({
    name: `ip-10-0-${i}-10.ec2.internal`,
    zone,
    instanceType: 'm5.large',
    instanceId: `i-${i}`,
    nodegroup: 'ng-1',
    allocatablePods: 29,
    labels: { 'topology.kubernetes.io/zone': zone, 'eks.amazonaws.com/nodegroup': 'ng-1' },
    unschedulable: false,
  }));
  const pods: SnapshotPod[] = nodes.flatMap((n, i) => [
    {
      namespace: 'default',
      name: `web-${i}`,
      nodeName: n.name,
      podIP: `10.0.${i}.50`,
      hostNetwork: false,
      phase: 'Running',
    },
    {
      namespace: 'kube-system',
      name: `aws-node-${i}`,
      nodeName: n.name,
      podIP: `10.0.${i}.10`,
      hostNetwork: true,
      phase: 'Running',
    },
  ]);
  return {
    region: 'us-east-1',
    accountId: '123456789012',
    cluster: {
      name: 'demo',
      version: '1.30',
      status: 'ACTIVE',
      endpoint: 'https://127.0.0.1:8443/k8s/demo',
      vpcId: 'vpc-1',
      subnetIds: subnets.map((s) => s.subnetId),
      clusterSecurityGroupId: 'sg-0cluster00000000',
      securityGroupIds: [],
    },
    vpc: {
      vpcId: 'vpc-1',
      cidrAssociations: [{ associationId: 'vpc-cidr-assoc-0', cidr: '10.0.0.0/16', state: 'associated' }],
      tags: [],
    },
    subnets,
    routeTables: [
      {
        routeTableId: 'rtb-main',
        main: true,
        associations: [{ associationId: 'rtbassoc-main', main: true }],
        routes: [{ destination: '10.0.0.0/16', target: 'local' }],
      },
      {
        routeTableId: 'rtb-private',
        main: false,
        associations: subnets.map((s, i) => ({
          associationId: `rtbassoc-${i}`,
          subnetId: s.subnetId,
          main: false,
        })),
        routes: [
          { destination: '10.0.0.0/16', target: 'local' },
          { destination: '0.0.0.0/0', target: 'nat-1' },
        ],
      },
    ],
    zones: ZONES.map((zoneName, i) => ({ zoneName, zoneId: `use1-az${i + 1}`, state: 'available' })),
    securityGroupIds: ['sg-0cluster00000000', 'sg-0other0000000000'],
    nodegroups: [
      {
        name: 'ng-1',
        status: 'ACTIVE',
        instanceTypes: ['m5.large'],
        subnets: subnets.map((s) => s.subnetId),
        amiType: 'AL2023_x86_64_STANDARD',
        capacityType: 'ON_DEMAND',
        nodeRole: 'arn:aws:iam::123456789012:role/node',
        scaling: { minSize: 3, maxSize: 6, desiredSize: 3 },
        labels: {},
        taints: [],
        tags: {},
        launchTemplate: { id: 'lt-1', name: 'ng-1-lt', version: '1' },
      },
    ],
    fargateProfiles: [],
    cni: {
      install: 'managed-addon',
      addonVersion: 'v1.19.2-eksbuild.1',
      image: '602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1',
      env: {
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'false',
        WARM_ENI_TARGET: '1',
        ENABLE_PREFIX_DELEGATION: 'false',
      },
    },
    kube: { nodes, pods, eniConfigs: [], eniConfigCrd: { present: true, versions: ['v1alpha1'] } },
  };
}

/** The request of the planner's tests: custom networking unless `mode` says otherwise. */
export function request(flags: Omit<PlanFlags, 'cluster'> = {}): PlanRequest {
  return buildRequest(undefined, { cluster: 'demo', mode: 'custom-networking', ...flags });
}

const tagMap = (tags: Tag[]) => Object.fromEntries(tags.map((t) => [t.key, t.value]));

/** What executing one step does to the snapshot (ids are derived from the step ids). */
export function applyStep(s: ClusterSnapshot, step: PlanStep): void {
  if (step.action === 'no-op') return;
  const subnetIdOf = (zone: string) =>
    s.subnets.find((x) => x.zone === zone && x.tags.some((t) => t.key === 'eks-cidr.io/cluster'))?.subnetId;
  switch (step.kind) {
    case 'associate-cidr':
      s.vpc.cidrAssociations.push({
        associationId: `assoc-${step.desired.cidr}`,
        cidr: step.desired.cidr,
        state: 'associated',
      });
      return;
    case 'create-subnet':
      s.subnets.push({
        subnetId: `subnet-pod-${step.target.zone}`,
        vpcId: step.target.vpcId,
        cidr: step.desired.cidr,
        zone: step.target.zone,
        zoneId: step.target.zoneId,
        availableIpAddressCount: 1000,
        tags: step.desired.tags,
      });
      return;
    case 'associate-route-table': {
      const subnetId = step.target.subnet.subnetId ?? subnetIdOf(step.target.subnet.zone) ?? '';
      for (const t of s.routeTables) t.associations = t.associations.filter((a) => a.subnetId !== subnetId);
      s.routeTables
        .find((t) => t.routeTableId === step.desired.routeTableId)
        ?.associations.push({ associationId: `rtbassoc-${subnetId}`, subnetId, main: false });
      return;
    }
    case 'check-eniconfig-crd':
      s.kube.eniConfigCrd = { present: true, versions: ['v1alpha1'] };
      return;
    case 'apply-eniconfig':
      s.kube.eniConfigs = s.kube.eniConfigs.filter((e) => e.name !== step.target.name);
      s.kube.eniConfigs.push({
        name: step.target.name,
        subnet: step.desired.subnet.subnetId ?? subnetIdOf(step.desired.subnet.zone),
        securityGroups: step.desired.securityGroups,
        labels: step.desired.labels,
      });
      return;
    case 'configure-cni':
      Object.assign(s.cni.env, step.desired.env);
      if (s.cni.install === 'managed-addon') s.cni.configurationValues = step.desired.configurationValues;
      return;
    case 'create-nodegroup': {
      const d = step.desired;
      s.nodegroups.push({
        ...d,
        name: step.target.nodegroupName,
        status: 'ACTIVE',
        labels: d.labels,
        tags: d.tags,
      });
      const pods = s.kube.pods;
      d.subnets.forEach((subnetId, i) => {
        const zone = s.subnets.find((x) => x.subnetId === subnetId)?.zone ?? '';
        const name = `${step.target.nodegroupName}-node-${i}`;
        s.kube.nodes.push({
          name,
          zone,
          instanceType: d.instanceTypes[0],
          nodegroup: step.target.nodegroupName,
          allocatablePods: d.maxPods.maxPods,
          labels: {
            'topology.kubernetes.io/zone': zone,
            'eks.amazonaws.com/nodegroup': step.target.nodegroupName,
          },
          unschedulable: false,
        });
        const podCidr = s.subnets.find((x) => x.subnetId === subnetIdOf(zone))?.cidr ?? '100.64.0.0/16';
        pods.push({
          namespace: 'default',
          name: `moved-${name}`,
          nodeName: name,
          podIP: podCidr.replace(/\.0\/\d+$/, '.20'),
          hostNetwork: false,
          phase: 'Running',
        });
      });
      return;
    }
    case 'drain-nodegroup': {
      const names = new Set(step.desired.nodeNames);
      s.kube.pods = s.kube.pods.filter(
        (p) => !p.nodeName || !names.has(p.nodeName) || p.ownerKind === 'DaemonSet',
      );
      for (const n of s.kube.nodes) if (names.has(n.name)) n.unschedulable = true;
      return;
    }
    case 'update-addon-version':
      if (s.cni.install === 'managed-addon') {
        s.cni.addonVersion = step.desired.addonVersion;
        s.cni.image = s.cni.image?.replace(/:[^:]*$/, `:${step.desired.addonVersion}`);
      }
      return;
    case 'tag-subnet': {
      const subnet = s.subnets.find((x) => x.subnetId === step.target.subnet.subnetId);
      if (!subnet) return;
      const keys = new Set(step.desired.tags.map((t) => t.key));
      subnet.tags = [...subnet.tags.filter((t) => !keys.has(t.key)), ...step.desired.tags];
      return;
    }
    case 'delete-nodegroup': {
      const ng = step.target.nodegroupName;
      s.nodegroups = s.nodegroups.filter((x) => x.name !== ng);
      const gone = new Set(s.kube.nodes.filter((n) => n.nodegroup === ng).map((n) => n.name));
      s.kube.nodes = s.kube.nodes.filter((n) => !gone.has(n.name));
      s.kube.pods = s.kube.pods.filter((p) => !p.nodeName || !gone.has(p.nodeName));
      return;
    }
  }
}

/** A deep copy of the snapshot with the first `count` steps of the plan applied (all by default). */
export function applyToSnapshot(
  snapshot: ClusterSnapshot,
  plan: Plan,
  count = plan.steps.length,
): ClusterSnapshot {
  const s = structuredClone(snapshot);
  for (const step of plan.steps.slice(0, count)) applyStep(s, step);
  return s;
}

export { tagMap, parseConfigurationValues };
