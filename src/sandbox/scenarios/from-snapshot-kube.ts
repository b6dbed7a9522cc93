/**
 * The twin's Kubernetes side, from a snapshot file, through the cluster's object store as kubectl
 * would: the VPC CNI's settings on aws-node, ENIConfigs, namespaces, PodDisruptionBudgets, the
 * workloads (so the simulation schedules their pods, and reschedules them when nodes roll), and
 * the nodes' own labels, CNI annotations and cordons once they have registered.
 */
import type { SnapshotFile, SnapshotFileWorkload } from '../../shared/snapshot/schema.js';
import type { TwinReport } from './from-snapshot-report.js';
import type { ScenarioWorld } from './types.js';

const ref = (group: string, version: string, resource: string) => ({ group, version, resource });
const NAMESPACES = ref('', 'v1', 'namespaces');
const NODES = ref('', 'v1', 'nodes');
const DEPLOYMENTS = ref('apps', 'v1', 'deployments');
const DAEMONSETS = ref('apps', 'v1', 'daemonsets');
const STATEFULSETS = ref('apps', 'v1', 'statefulsets');
const PODS = ref('', 'v1', 'pods');
const RESOURCE_OF = { Deployment: DEPLOYMENTS, StatefulSet: STATEFULSETS, DaemonSet: DAEMONSETS };
const PDBS = ref('policy', 'v1', 'poddisruptionbudgets');
const ENICONFIGS = ref('crd.k8s.amazonaws.com', 'v1alpha1', 'eniconfigs');

/** The twin's containers run no image: the simulation only schedules them. */
export const TWIN_IMAGE = 'public.ecr.aws/eks-cidr/twin-placeholder:1';

type Store = ReturnType<ScenarioWorld['kube']['ensure']>;

function ensureNamespace(store: Store, ns: string): void {
  if (!store.tryGet(NAMESPACES, undefined, ns))
    store.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
}

interface AwsNodeDaemonSet {
  spec: {
    template: {
      spec: { containers: { name: string; image?: string; env?: { name: string; value?: string }[] }[] };
    };
  };
}

/** aws-node's image and literal env as the snapshot has them (`kubectl set env`/`set image`). */
export function configureAwsNode(
  store: Store,
  file: SnapshotFile,
  report: TwinReport,
  envOverride: Record<string, string> = {},
): void {
  const ds = store.tryGet(DAEMONSETS, 'kube-system', 'aws-node') as unknown as AwsNodeDaemonSet | undefined;
  if (file.cni.install === 'absent') {
    if (ds) store.delete(DAEMONSETS, 'kube-system', 'aws-node');
    report.note('info', 'daemonset/kube-system/aws-node', 'the snapshot has no VPC CNI; removed');
    return;
  }
  const container = ds?.spec.template.spec.containers.find((c) => c.name === 'aws-node');
  if (!ds || !container) {
    report.note('error', 'daemonset/kube-system/aws-node', 'the twin has no aws-node to configure');
    return;
  }
  const env = container.env ?? [];
  const current = Object.fromEntries(env.map((e) => [e.name, e.value]));
  const wanted = { ...file.cni.env, ...envOverride };
  const changed = Object.entries(wanted).filter(([k, v]) => current[k] !== v);
  const imageChanged = file.cni.image !== undefined && file.cni.image !== container.image;
  if (changed.length === 0 && !imageChanged) return;
  container.env = [
    ...env.filter((e) => !changed.some(([k]) => k === e.name)),
    ...changed.map(([name, value]) => ({ name, value })),
  ];
  if (imageChanged) container.image = file.cni.image;
  store.update(DAEMONSETS, ds as never);
}

export function configureKube(
  world: ScenarioWorld,
  file: SnapshotFile,
  report: TwinReport,
  envOverride: Record<string, string> = {},
): void {
  const store = world.kube.ensure(file.cluster.name);
  configureAwsNode(store, file, report, envOverride);
  if (file.kube.eniConfigs.length > 0 && !file.kube.eniConfigCrd.present)
    report.note(
      'warning',
      'crd/eniconfigs.crd.k8s.amazonaws.com',
      'absent in the snapshot, present in the twin',
    );
  for (const e of file.kube.eniConfigs) {
    store.create(ENICONFIGS, {
      apiVersion: 'crd.k8s.amazonaws.com/v1alpha1',
      kind: 'ENIConfig',
      metadata: { name: e.name, labels: e.labels },
      spec: { ...(e.subnet ? { subnet: e.subnet } : {}), securityGroups: e.securityGroups },
    });
  }
  const namespaces = new Set([
    ...file.kube.workloads.map((w) => w.namespace),
    ...file.kube.podDisruptionBudgets.map((p) => p.namespace),
  ]);
  for (const ns of namespaces) ensureNamespace(store, ns);
  for (const p of file.kube.podDisruptionBudgets) {
    if (store.tryGet(PDBS, p.namespace, p.name)) continue;
    store.create(PDBS, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: p.name, namespace: p.namespace },
      spec: {
        selector: p.selector,
        ...(p.minAvailable !== undefined ? { minAvailable: p.minAvailable } : {}),
        ...(p.maxUnavailable !== undefined ? { maxUnavailable: p.maxUnavailable } : {}),
      },
    });
  }
}

function podTemplate(w: SnapshotFileWorkload) {
  const t = w.template;
  const containers = (
    t.containers.length > 0 ? t.containers : [{ name: 'main', requests: {}, limits: {} }]
  ).map((c) => ({
    name: c.name,
    image: TWIN_IMAGE,
    resources: {
      ...(Object.keys(c.requests).length ? { requests: c.requests } : {}),
      ...(Object.keys(c.limits).length ? { limits: c.limits } : {}),
    },
  }));
  return {
    metadata: { labels: t.labels },
    spec: {
      containers,
      ...(t.nodeSelector ? { nodeSelector: t.nodeSelector } : {}),
      ...(t.tolerations ? { tolerations: t.tolerations } : {}),
      ...(t.affinity ? { affinity: t.affinity } : {}),
      ...(t.topologySpreadConstraints ? { topologySpreadConstraints: t.topologySpreadConstraints } : {}),
      ...(t.hostNetwork ? { hostNetwork: true } : {}),
      ...(t.priorityClassName ? { priorityClassName: t.priorityClassName } : {}),
    },
  };
}

/** The workloads: created where the twin lacks them; the system ones EKS installs keep the snapshot's replicas. */
export function createWorkloads(world: ScenarioWorld, file: SnapshotFile): void {
  const store = world.kube.ensure(file.cluster.name);
  for (const w of file.kube.workloads) {
    const resource = RESOURCE_OF[w.kind];
    const existing = store.tryGet(resource, w.namespace, w.name) as
      { spec?: { replicas?: number } } | undefined;
    if (existing) {
      if (w.kind !== 'DaemonSet' && w.replicas !== undefined && existing.spec?.replicas !== w.replicas)
        store.patch(resource, w.namespace, w.name, 'merge', { spec: { replicas: w.replicas } });
      continue;
    }
    store.create(resource, {
      apiVersion: 'apps/v1',
      kind: w.kind,
      metadata: { name: w.name, namespace: w.namespace, labels: w.template.labels },
      spec: {
        ...(w.kind !== 'DaemonSet' ? { replicas: w.replicas ?? 1 } : {}),
        ...(w.kind === 'StatefulSet'
          ? { serviceName: w.name, podManagementPolicy: w.podManagementPolicy ?? 'OrderedReady' }
          : {}),
        selector: w.selector,
        template: podTemplate(w),
      },
    });
  }
}

/** Owners whose pods the twin's controllers recreate (a static pod's owner is its Node). */
const RECREATED_BY_OWNER = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Node']);

/**
 * Pods no twinned controller recreates (bare pods, a Job's pods): created as they were, bound to
 * their node, so a drain meets them as it would on the cluster. Finished ones are left out, as are
 * pods of a node the twin lacks (each noted).
 */
export function createBarePods(world: ScenarioWorld, file: SnapshotFile, report: TwinReport): void {
  const store = world.kube.ensure(file.cluster.name);
  const bare = file.kube.pods.filter(
    (p) =>
      (!p.owner || !RECREATED_BY_OWNER.has(p.owner.kind)) && p.phase !== 'Succeeded' && p.phase !== 'Failed',
  );
  for (const p of bare) {
    if (store.tryGet(PODS, p.namespace, p.name)) continue;
    if (p.nodeName && !store.tryGet(NODES, undefined, p.nodeName)) {
      report.note(
        'warning',
        `pod/${p.namespace}/${p.name}`,
        `its node ${p.nodeName} is not in the twin: left out`,
      );
      continue;
    }
    ensureNamespace(store, p.namespace);
    store.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: p.name,
        namespace: p.namespace,
        labels: p.labels,
      },
      spec: {
        containers: (p.requests.length > 0 ? p.requests : [{}]).map((requests, i) => ({
          name: `c${i}`,
          image: TWIN_IMAGE,
          ...(Object.keys(requests).length ? { resources: { requests } } : {}),
        })),
        ...(p.nodeName ? { nodeName: p.nodeName } : {}),
        ...(p.hostNetwork ? { hostNetwork: true } : {}),
      },
    });
  }
}

/** Once nodes have registered: the snapshot's extra labels, CNI annotations and cordons. */
export function matchNodes(world: ScenarioWorld, file: SnapshotFile, report: TwinReport): void {
  const store = world.kube.ensure(file.cluster.name);
  for (const n of file.kube.nodes) {
    const node = store.tryGet(NODES, undefined, n.name) as
      { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } } | undefined;
    if (!node) {
      if (n.nodegroup && file.nodegroups.some((g) => g.name === n.nodegroup))
        report.note('error', `node/${n.name}`, 'did not register in the twin');
      continue;
    }
    const labels = Object.fromEntries(
      Object.entries(n.labels).filter(([k]) => node.metadata.labels?.[k] === undefined),
    );
    const annotations = Object.fromEntries(
      Object.entries(n.annotations).filter(([k, v]) => node.metadata.annotations?.[k] !== v),
    );
    if (Object.keys(labels).length === 0 && Object.keys(annotations).length === 0 && !n.unschedulable)
      continue;
    store.patch(NODES, undefined, n.name, 'merge', {
      metadata: { labels, annotations },
      ...(n.unschedulable ? { spec: { unschedulable: true } } : {}),
    });
  }
}
