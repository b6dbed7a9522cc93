/**
 * Read-only discovery of the Kubernetes side through client-node: nodes, pods (IP and node), ENIConfigs,
 * the ENIConfig CRD and the aws-node DaemonSet (image and env). Lists are paged with limit/continue.
 */
import type { CoreV1Api, KubeConfig, V1DaemonSet } from '@kubernetes/client-node';
import { explainKubeFailure, type KubeIdentity } from '../adapters/explain-kube.js';
import { allLimit } from './concurrency.js';
import { PAGE, pages } from './kube-pages.js';
import { listSchedulingObjects, nodeScheduling, podScheduling } from './kube-scheduling.js';
import type {
  SnapshotEniConfig,
  SnapshotKube,
  SnapshotNode,
  SnapshotPod,
  SnapshotPodEvent,
} from './snapshot.js';
import { kubeApi } from '../gateway/kube.js';

export const ENICONFIG_CRD = 'eniconfigs.crd.k8s.amazonaws.com';

function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'number') {
    return (err as { code: number }).code;
  }
  return undefined;
}

const zoneOf = (labels: Record<string, string>) =>
  labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'];

function parsePods(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : undefined;
}

export interface KubeSide {
  kube: SnapshotKube;
  awsNode?: { image?: string | undefined; env: Record<string, string> } | undefined;
}

function awsNodeOf(ds: V1DaemonSet | undefined): KubeSide['awsNode'] {
  if (!ds) return undefined;
  const container =
    ds.spec?.template.spec?.containers.find((c) => c.name === 'aws-node') ??
    ds.spec?.template.spec?.containers[0];
  const env: Record<string, string> = {};
  for (const e of container?.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return { image: container?.image, env };
}

/** The kubelet's sandbox failures (one field-selected list, paged): what `doctor` explains stuck pods by. */
async function listPodSandboxFailures(core: CoreV1Api, who: KubeIdentity): Promise<SnapshotPodEvent[]> {
  const events = await pages(
    'list events',
    (c) =>
      core.listEventForAllNamespaces({
        limit: PAGE,
        _continue: c,
        fieldSelector: 'involvedObject.kind=Pod,reason=FailedCreatePodSandBox',
      }),
    who,
  );
  return events.map((e) => ({
    namespace: e.involvedObject.namespace ?? e.metadata.namespace ?? '',
    pod: e.involvedObject.name ?? '',
    reason: e.reason ?? '',
    message: e.message ?? '',
  }));
}

export async function discoverKube(
  kc: KubeConfig,
  options: {
    concurrency: number;
    signal?: AbortSignal | undefined;
    cluster?: string | undefined;
    podEvents?: boolean | undefined;
    /** Also read scheduling facts: node capacity, taints and conditions, pod requests, workloads, PDBs. */
    scheduling?: boolean | undefined;
  },
): Promise<KubeSide> {
  const k8s = await import('@kubernetes/client-node');
  const who: KubeIdentity = {
    cluster: options.cluster ?? kc.getCurrentCluster()?.name ?? '<cluster>',
    context: kc.getCurrentContext(),
    user: kc.getCurrentUser()?.name,
  };
  const core = kubeApi(kc, k8s.CoreV1Api);
  const apps = kubeApi(kc, k8s.AppsV1Api);
  const custom = kubeApi(kc, k8s.CustomObjectsApi);
  const ext = kubeApi(kc, k8s.ApiextensionsV1Api);

  const nodesTask = async (): Promise<SnapshotNode[]> =>
    (await pages('list nodes', (c) => core.listNode({ limit: PAGE, _continue: c }), who)).map((n) => {
      const labels = n.metadata?.labels ?? {};
      const provider = n.spec?.providerID;
      return {
        name: n.metadata?.name ?? '',
        zone: zoneOf(labels),
        instanceType:
          labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'],
        instanceId: provider ? provider.split('/').pop() : undefined,
        nodegroup: labels['eks.amazonaws.com/nodegroup'],
        allocatablePods: parsePods(n.status?.allocatable?.pods),
        labels,
        annotations: n.metadata?.annotations ?? {},
        unschedulable: n.spec?.unschedulable === true,
        ...(options.scheduling ? { scheduling: nodeScheduling(n) } : {}),
      };
    });
  const podsTask = async (): Promise<SnapshotPod[]> =>
    (await pages('list pods', (c) => core.listPodForAllNamespaces({ limit: PAGE, _continue: c }), who)).map(
      (p) => ({
        namespace: p.metadata?.namespace ?? '',
        name: p.metadata?.name ?? '',
        nodeName: p.spec?.nodeName,
        podIP: p.status?.podIP,
        hostNetwork: p.spec?.hostNetwork === true,
        phase: p.status?.phase ?? 'Unknown',
        ownerKind: p.metadata?.ownerReferences?.[0]?.kind,
        waitingReason: p.status?.containerStatuses?.find((c) => c.state?.waiting)?.state?.waiting?.reason,
        labels: p.metadata?.labels ?? {},
        ...(options.scheduling ? { scheduling: podScheduling(p) } : {}),
      }),
    );
  const crdTask = async (): Promise<SnapshotKube['eniConfigCrd']> => {
    try {
      const crd = await ext.readCustomResourceDefinition({ name: ENICONFIG_CRD });
      return { present: true, versions: crd.spec.versions.filter((v) => v.served).map((v) => v.name) };
    } catch (err) {
      if (statusOf(err) === 404) return { present: false, versions: [] };
      throw explainKubeFailure(`read CRD ${ENICONFIG_CRD}`, err, who);
    }
  };
  const eniConfigsTask = async (present: boolean): Promise<SnapshotEniConfig[]> => {
    if (!present) return [];
    type EniConfigObject = {
      metadata?: { name?: string; labels?: Record<string, string> };
      spec?: { subnet?: string; securityGroups?: string[] };
    };
    const items = await pages<EniConfigObject>(
      'list ENIConfigs',
      async (c) =>
        (await custom.listClusterCustomObject({
          group: 'crd.k8s.amazonaws.com',
          version: 'v1alpha1',
          plural: 'eniconfigs',
          limit: PAGE,
          _continue: c,
        })) as { items: EniConfigObject[]; metadata?: { _continue?: string } },
      who,
    );
    return items.map((o) => ({
      name: o.metadata?.name ?? '',
      subnet: o.spec?.subnet,
      securityGroups: o.spec?.securityGroups ?? [],
      labels: o.metadata?.labels ?? {},
    }));
  };
  const awsNodeTask = async (): Promise<V1DaemonSet | undefined> => {
    try {
      return await apps.readNamespacedDaemonSet({ name: 'aws-node', namespace: 'kube-system' });
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw explainKubeFailure('read DaemonSet kube-system/aws-node', err, who);
    }
  };

  const [nodes, pods, crd, awsNode] = (await allLimit<unknown>(
    [nodesTask, podsTask, crdTask, awsNodeTask],
    options.concurrency,
    options.signal,
  )) as [SnapshotNode[], SnapshotPod[], SnapshotKube['eniConfigCrd'], V1DaemonSet | undefined];
  const eniConfigs = await eniConfigsTask(crd.present);
  const podEvents = options.podEvents ? await listPodSandboxFailures(core, who) : undefined;
  const scheduling = options.scheduling
    ? await listSchedulingObjects(kc, who, options.concurrency, options.signal)
    : undefined;
  return {
    kube: {
      nodes,
      pods,
      eniConfigs,
      eniConfigCrd: crd,
      ...(podEvents ? { podEvents } : {}),
      ...(scheduling ?? {}),
    },
    awsNode: awsNodeOf(awsNode),
  };
}
