/**
 * The Node object a kubelet on an EKS node registers: its name (the instance's private DNS name),
 * the labels EKS nodes carry, providerID, addresses, capacity/allocatable (pods = the kubelet's
 * max-pods) and nodeInfo. Pure: the node lifecycle controller decides when.
 */
import type { Condition, Node, Taint } from './kube-types.js';
import { kubeTime } from './time.js';

/** `ip-10-0-1-23.ec2.internal` in us-east-1, `ip-10-0-1-23.eu-west-1.compute.internal` elsewhere. */
export function privateDnsName(ip: string, region: string): string {
  const host = `ip-${ip.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

export interface NodeInput {
  name: string;
  instanceId: string;
  instanceType: string;
  zone: string;
  zoneId?: string;
  region: string;
  privateIp: string;
  imageId?: string;
  nodegroup?: {
    name: string;
    labels: Record<string, string>;
    taints: Taint[];
    capacityType?: string;
    launchTemplate?: { id?: string; version?: string };
  };
  maxPods: number;
  vcpus: number;
  memoryMib: number;
  kubeletVersion: string;
  now: number;
  annotations?: Record<string, string>;
}

/** The labels kubelet, the cloud provider and EKS put on a managed node. */
export function nodeLabels(input: NodeInput): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': input.instanceType,
    'beta.kubernetes.io/os': 'linux',
    'failure-domain.beta.kubernetes.io/region': input.region,
    'failure-domain.beta.kubernetes.io/zone': input.zone,
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': input.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': input.instanceType,
    'topology.kubernetes.io/region': input.region,
    'topology.kubernetes.io/zone': input.zone,
  };
  if (input.zoneId) labels['topology.k8s.aws/zone-id'] = input.zoneId;
  const ng = input.nodegroup;
  if (ng) {
    labels['eks.amazonaws.com/capacityType'] = ng.capacityType ?? 'ON_DEMAND';
    labels['eks.amazonaws.com/nodegroup'] = ng.name;
    if (input.imageId) labels['eks.amazonaws.com/nodegroup-image'] = input.imageId;
    if (ng.launchTemplate?.id) labels['eks.amazonaws.com/sourceLaunchTemplateId'] = ng.launchTemplate.id;
    if (ng.launchTemplate?.version) {
      labels['eks.amazonaws.com/sourceLaunchTemplateVersion'] = ng.launchTemplate.version;
    }
    Object.assign(labels, ng.labels);
  }
  return labels;
}

/** EKS's taint effects (NO_SCHEDULE) as Kubernetes spells them (NoSchedule). */
export function kubeTaintEffect(effect: string): string {
  switch (effect) {
    case 'NO_SCHEDULE':
      return 'NoSchedule';
    case 'NO_EXECUTE':
      return 'NoExecute';
    case 'PREFER_NO_SCHEDULE':
      return 'PreferNoSchedule';
    default:
      return effect;
  }
}

export function readyCondition(ready: boolean, now: number, message?: string): Condition {
  return ready
    ? {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: kubeTime(now),
        lastTransitionTime: kubeTime(now),
      }
    : {
        type: 'Ready',
        status: 'False',
        reason: 'KubeletNotReady',
        message:
          message ??
          'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
        lastHeartbeatTime: kubeTime(now),
        lastTransitionTime: kubeTime(now),
      };
}

function pressureConditions(now: number): Condition[] {
  const at = kubeTime(now);
  const c = (type: string, reason: string, message: string): Condition => ({
    type,
    status: 'False',
    reason,
    message,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
  });
  return [
    c('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
  ];
}

export function buildNode(input: NodeInput, ready: boolean): Node {
  const cpu = String(input.vcpus);
  // What kubelet reserves on EKS AMIs is not modelled; allocatable memory is capacity less ~10%.
  const memoryKi = input.memoryMib * 1024;
  const taints: Taint[] = (input.nodegroup?.taints ?? []).map((t) => ({
    ...t,
    effect: kubeTaintEffect(t.effect),
  }));
  // A kubelet registers not ready, with the taint that keeps pods off until it is.
  if (!ready)
    taints.push({
      key: 'node.kubernetes.io/not-ready',
      effect: 'NoSchedule',
      timeAdded: kubeTime(input.now),
    });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: input.name,
      labels: nodeLabels(input),
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': input.privateIp,
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        ...input.annotations,
      },
    },
    spec: {
      providerID: `aws:///${input.zone}/${input.instanceId}`,
      ...(taints.length > 0 ? { taints } : {}),
    },
    status: {
      capacity: {
        cpu,
        'ephemeral-storage': '20959212Ki',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${memoryKi}Ki`,
        pods: String(input.maxPods),
      },
      allocatable: {
        cpu: `${input.vcpus * 1000 - 70}m`,
        'ephemeral-storage': '18242267924',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${Math.floor(memoryKi * 0.9)}Ki`,
        pods: String(input.maxPods),
      },
      conditions: [...pressureConditions(input.now), readyCondition(ready, input.now)],
      addresses: [
        { type: 'InternalIP', address: input.privateIp },
        { type: 'InternalDNS', address: input.name },
        { type: 'Hostname', address: input.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'containerd://1.7.25',
        kernelVersion: '6.1.128-136.201.amzn2023.x86_64',
        kubeProxyVersion: input.kubeletVersion,
        kubeletVersion: input.kubeletVersion,
        machineID: input.instanceId.replace(/^i-/, '').padEnd(32, '0'),
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2023.6.20250203',
        systemUUID: `ec2${input.instanceId.slice(2, 7)}-0000-0000-0000-000000000000`,
      },
    },
  };
}

export function nodeIsReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function nodeInternalIp(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}
