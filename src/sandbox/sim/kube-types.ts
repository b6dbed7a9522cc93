/**
 * The Kubernetes objects the simulation reads and writes, typed as far as it uses them. Objects
 * are plain JSON as the API server stores them (timestamps are RFC 3339 strings).
 */
// The object shapes are the Kubernetes model's own (the sim stores into it through SimKubeStore);
// `spec`/`status` are read through the index signature, as the model keeps them untyped.
import type { KubeObject as StoreObject, ObjectMeta, ResourceRef } from '../services/kube/types.js';

export type { ObjectMeta, OwnerReference, ResourceRef } from '../services/kube/types.js';

export interface KubeObject extends StoreObject {
  spec?: unknown;
  status?: unknown;
}

export const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
export const EVENTS: ResourceRef = { group: '', version: 'v1', resource: 'events' };
export const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments' };
export const REPLICASETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets' };
export const DAEMONSETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'daemonsets' };
export const STATEFULSETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'statefulsets' };
export const ENICONFIGS: ResourceRef = {
  group: 'crd.k8s.amazonaws.com',
  version: 'v1alpha1',
  resource: 'eniconfigs',
};

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
  };
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastHeartbeatTime?: string;
  lastProbeTime?: string | null;
  lastUpdateTime?: string;
}

export interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  [field: string]: unknown;
}

export interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  hostNetwork?: boolean;
  containers: Container[];
  initContainers?: Container[];
  schedulerName?: string;
  terminationGracePeriodSeconds?: number;
  [field: string]: unknown;
}

export interface ContainerStatus {
  name: string;
  image?: string;
  imageID?: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  containerID?: string;
  state: Record<string, Record<string, unknown>>;
  lastState?: Record<string, Record<string, unknown>>;
}

export interface PodStatus {
  phase?: string;
  conditions?: Condition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  qosClass?: string;
  containerStatuses?: ContainerStatus[];
  message?: string;
  reason?: string;
}

export interface Pod extends KubeObject {
  spec: PodSpec;
  status?: PodStatus;
}

export interface NodeStatus {
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  conditions?: Condition[];
  addresses?: { type: string; address: string }[];
  nodeInfo?: Record<string, string>;
  daemonEndpoints?: unknown;
}

export interface Node extends KubeObject {
  spec: { providerID?: string; unschedulable?: boolean; taints?: Taint[] };
  status?: NodeStatus;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: NodeSelectorRequirement[];
}

export interface PodTemplate {
  metadata?: ObjectMeta;
  spec: PodSpec;
}

export interface DeploymentSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplate;
  strategy?: {
    type?: string;
    rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
  };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
}

export interface Deployment extends KubeObject {
  spec: DeploymentSpec;
  status?: Record<string, unknown>;
}

export interface ReplicaSet extends KubeObject {
  spec: { replicas?: number; selector: LabelSelector; template: PodTemplate; minReadySeconds?: number };
  status?: Record<string, unknown>;
}

export interface StatefulSet extends KubeObject {
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplate;
    serviceName?: string;
    podManagementPolicy?: 'OrderedReady' | 'Parallel';
  };
  status?: Record<string, unknown>;
}

export interface DaemonSet extends KubeObject {
  spec: {
    selector: LabelSelector;
    template: PodTemplate;
    updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } };
  };
  status?: Record<string, unknown>;
}

export interface EniConfig extends KubeObject {
  spec?: { subnet?: string; securityGroups?: string[] };
}
