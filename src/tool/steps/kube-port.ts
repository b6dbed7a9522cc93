/**
 * The Kubernetes port over @kubernetes/client-node 1.x (API objects from the gateway). Patches set their content type explicitly:
 * strategic merge for built-in objects (DaemonSet env, Node), JSON merge patch for ENIConfig (custom
 * resources take no strategic merge). Errors stay client-node ApiExceptions (`code` = HTTP status).
 */
import {
  AppsV1Api,
  ApiextensionsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  PolicyV1Api,
  V1MicroTime,
  setHeaderOptions,
  type V1Lease,
} from '@kubernetes/client-node';
import { LOCK_NAME, LOCK_NAMESPACE, type LeasePort, type LeaseRecord } from '../engine/lease-lock.js';
import type { EniConfigObject, KubePort, NodeInfo } from './ports.js';
import { listAllPods } from './kube-pod-pages.js';
import { kubeApi } from '../gateway/kube.js';
import { sentOnce } from '../gateway/retry-layer.js';
import { listAllKube, type KubeList } from '../gateway/kube-pages.js';

const ENICONFIG = { group: 'crd.k8s.amazonaws.com', version: 'v1alpha1', plural: 'eniconfigs' };

export function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

async function ignoreConflict<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (statusOf(err) === 409) return undefined;
    throw err;
  }
}

function sentOnceEach<T extends object>(port: T): T {
  return Object.fromEntries(
    Object.entries(port).map(([name, fn]) => [
      name,
      (...args: unknown[]) => sentOnce(() => (fn as (...a: unknown[]) => Promise<unknown>)(...args)),
    ]),
  ) as T;
}

function leaseRecord(l: V1Lease): LeaseRecord {
  return {
    holderIdentity: l.spec?.holderIdentity,
    leaseDurationSeconds: l.spec?.leaseDurationSeconds,
    acquireTime: l.spec?.acquireTime ? new Date(l.spec.acquireTime).getTime() : undefined,
    renewTime: l.spec?.renewTime ? new Date(l.spec.renewTime).getTime() : undefined,
    resourceVersion: l.metadata?.resourceVersion,
  };
}

function leaseBody(r: LeaseRecord): V1Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: LOCK_NAME,
      namespace: LOCK_NAMESPACE,
      ...(r.resourceVersion ? { resourceVersion: r.resourceVersion } : {}),
      labels: { 'app.kubernetes.io/managed-by': 'eks-cidr' },
    },
    spec: {
      holderIdentity: r.holderIdentity,
      leaseDurationSeconds: r.leaseDurationSeconds,
      acquireTime: r.acquireTime === undefined ? undefined : new V1MicroTime(r.acquireTime),
      renewTime: r.renewTime === undefined ? undefined : new V1MicroTime(r.renewTime),
    },
  };
}

function eniConfigOf(o: unknown): EniConfigObject {
  const obj = o as {
    metadata?: { name?: string; labels?: Record<string, string> };
    spec?: { subnet?: string; securityGroups?: string[] };
  };
  return {
    name: obj.metadata?.name ?? '',
    labels: obj.metadata?.labels ?? {},
    subnet: obj.spec?.subnet,
    securityGroups: obj.spec?.securityGroups ?? [],
  };
}

export function kubePort(kc: KubeConfig): KubePort {
  const core = kubeApi(kc, CoreV1Api);
  const apps = kubeApi(kc, AppsV1Api);
  const coordination = kubeApi(kc, CoordinationV1Api);
  const ext = kubeApi(kc, ApiextensionsV1Api);
  const custom = kubeApi(kc, CustomObjectsApi);
  const policy = kubeApi(kc, PolicyV1Api);
  const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

  // The lease's calls are sent once each: the lock's renewal loop is their retry, and a re-sent
  // replace after a lost response would read as a lost race (409).
  const lease: LeasePort = sentOnceEach({
    async read() {
      const l = await orUndefined(
        coordination.readNamespacedLease({ name: LOCK_NAME, namespace: LOCK_NAMESPACE }),
      );
      return l ? leaseRecord(l) : undefined;
    },
    async create(r) {
      return leaseRecord(
        await coordination.createNamespacedLease({ namespace: LOCK_NAMESPACE, body: leaseBody(r) }),
      );
    },
    async replace(r) {
      return leaseRecord(
        await coordination.replaceNamespacedLease({
          name: LOCK_NAME,
          namespace: LOCK_NAMESPACE,
          body: leaseBody(r),
        }),
      );
    },
    async delete(resourceVersion) {
      await orUndefined(
        coordination.deleteNamespacedLease({
          name: LOCK_NAME,
          namespace: LOCK_NAMESPACE,
          body: resourceVersion ? { preconditions: { resourceVersion } } : {},
        }),
      );
    },
  });

  return {
    lease,
    async readDaemonSetEnv(namespace, name, container) {
      const ds = await orUndefined(apps.readNamespacedDaemonSet({ name, namespace }));
      const c = ds?.spec?.template.spec?.containers.find((x) => x.name === container);
      if (!c) return undefined;
      return Object.fromEntries(
        (c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value ?? '']),
      );
    },
    async patchDaemonSetEnv(namespace, name, container, env) {
      const body = {
        spec: {
          template: {
            spec: {
              containers: [
                { name: container, env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })) },
              ],
            },
          },
        },
      };
      await apps.patchNamespacedDaemonSet({ name, namespace, body }, strategic);
    },
    async readCrdVersions(name) {
      const crd = await orUndefined(ext.readCustomResourceDefinition({ name }));
      return crd?.spec.versions.map((v) => ({ name: v.name, served: v.served }));
    },
    async getEniConfig(name) {
      const o: unknown = await orUndefined(
        custom.getClusterCustomObject({ ...ENICONFIG, name }) as Promise<unknown>,
      );
      return o ? eniConfigOf(o) : undefined;
    },
    async listEniConfigs() {
      return listAllKube(async (page) => {
        const list = (await custom.listClusterCustomObject({ ...ENICONFIG, ...page })) as Partial<
          KubeList<unknown>
        >;
        return { items: list.items ?? [], metadata: list.metadata };
      }, eniConfigOf);
    },
    async createEniConfig(obj) {
      await custom.createClusterCustomObject({
        ...ENICONFIG,
        body: {
          apiVersion: `${ENICONFIG.group}/${ENICONFIG.version}`,
          kind: 'ENIConfig',
          metadata: { name: obj.name, labels: obj.labels },
          spec: { ...(obj.subnet ? { subnet: obj.subnet } : {}), securityGroups: obj.securityGroups },
        },
      });
    },
    async mergePatchEniConfig(name, patch) {
      await custom.patchClusterCustomObject({ ...ENICONFIG, name, body: patch }, merge);
    },
    async deleteEniConfig(name) {
      await orUndefined(custom.deleteClusterCustomObject({ ...ENICONFIG, name }) as Promise<unknown>);
    },
    async listNodes(labelSelector) {
      return listAllKube(
        (page) => core.listNode({ ...(labelSelector ? { labelSelector } : {}), ...page }),
        (n): NodeInfo => ({
          name: n.metadata?.name ?? '',
          labels: n.metadata?.labels ?? {},
          unschedulable: n.spec?.unschedulable === true,
          ready: (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
          providerId: n.spec?.providerID,
          internalIp: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
          allocatablePods:
            n.status?.allocatable?.pods === undefined ? undefined : Number(n.status.allocatable.pods),
          createdAt: n.metadata?.creationTimestamp
            ? new Date(n.metadata.creationTimestamp).getTime()
            : undefined,
        }),
      );
    },
    async setUnschedulable(nodeName, unschedulable) {
      await core.patchNode({ name: nodeName, body: { spec: { unschedulable } } }, strategic);
    },
    listPods(options = {}) {
      return listAllPods(core, options);
    },
    async evictPod(namespace, name) {
      try {
        await core.createNamespacedPodEviction({
          name,
          namespace,
          body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
        });
        return { outcome: 'evicted' };
      } catch (err) {
        const status = statusOf(err);
        if (status === 404) return { outcome: 'gone' };
        if (status === 429) {
          return {
            outcome: 'blocked',
            message: messageOf(err) ?? "Cannot evict pod as it would violate the pod's disruption budget.",
          };
        }
        throw err;
      }
    },
    async listPdbs() {
      return listAllKube(
        (page) => policy.listPodDisruptionBudgetForAllNamespaces({ ...page }),
        (p) => ({
          namespace: p.metadata?.namespace ?? 'default',
          name: p.metadata?.name ?? '',
          selector: p.spec?.selector?.matchLabels ?? {},
          disruptionsAllowed: p.status?.disruptionsAllowed ?? 0,
        }),
      );
    },
    async listDeployments() {
      return listAllKube(
        (page) => apps.listDeploymentForAllNamespaces({ ...page }),
        (d) => ({
          namespace: d.metadata?.namespace ?? 'default',
          name: d.metadata?.name ?? '',
          replicas: d.spec?.replicas ?? 1,
          readyReplicas: d.status?.readyReplicas ?? 0,
          selector: d.spec?.selector?.matchLabels ?? {},
          annotations: d.metadata?.annotations ?? {},
        }),
      );
    },
    async scaleDeployment(namespace, name, replicas, annotations) {
      await apps.patchNamespacedDeployment(
        { name, namespace, body: { metadata: { annotations }, spec: { replicas } } },
        merge,
      );
    },
    async createPdb({ namespace, name, selector, minAvailable, labels }) {
      await ignoreConflict(
        policy.createNamespacedPodDisruptionBudget({
          namespace,
          body: {
            apiVersion: 'policy/v1',
            kind: 'PodDisruptionBudget',
            metadata: { name, namespace, labels },
            spec: { minAvailable, selector: { matchLabels: selector } },
          },
        }),
      );
    },
    async deletePdb(namespace, name) {
      await orUndefined(policy.deleteNamespacedPodDisruptionBudget({ name, namespace }));
    },
    async podEvents(namespace, name) {
      return listAllKube(
        (page) =>
          core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name}`, ...page }),
        (e) => ({ reason: e.reason ?? '', message: e.message ?? '', type: e.type ?? '' }),
      );
    },
    async createDeployment({ namespace, name, image, replicas, labels, readinessCommand, spreadOver }) {
      const probe = readinessCommand
        ? { readinessProbe: { exec: { command: readinessCommand }, periodSeconds: 5 } }
        : {};
      const spread = spreadOver
        ? {
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: spreadOver,
                whenUnsatisfiable: 'DoNotSchedule',
                labelSelector: { matchLabels: labels },
                nodeTaintsPolicy: 'Honor',
              },
            ],
          }
        : {};
      // verify deletes the smoke deployment first, so a 409 is our own re-sent create.
      await ignoreConflict(
        apps.createNamespacedDeployment({
          namespace,
          body: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name, namespace, labels },
            spec: {
              replicas,
              selector: { matchLabels: labels },
              template: {
                metadata: { labels },
                spec: { containers: [{ name: 'app', image, ...probe }], ...spread },
              },
            },
          },
        }),
      );
    },
    async deleteDeployment(namespace, name) {
      await orUndefined(
        apps.deleteNamespacedDeployment({ name, namespace, body: { propagationPolicy: 'Background' } }),
      );
    },
  };
}

/** The Status message of a failed call, when the body carries one. */
export function messageOf(err: unknown): string | undefined {
  const body = (err as { body?: unknown } | null)?.body;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { message?: unknown };
      return typeof parsed.message === 'string' ? parsed.message : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
