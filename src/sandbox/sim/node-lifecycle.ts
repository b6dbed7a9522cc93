/**
 * Node lifecycle: a Node registers for every running EC2 instance EKS launched for the cluster,
 * with the max-pods its user data gave the kubelet and the aws-node configuration of that moment
 * (kept until the node is replaced); it turns Ready after `timing.nodeReady` once the CNI is up
 * (under custom networking: once ipamd attached a pod ENI); the unschedulable and not-ready taints
 * follow cordon and readiness; the Node goes away when its instance stops running.
 */
import type { ClusterContext, Controller } from './engine.js';
export { clusterOfInstance, resolveMaxPods, CNI_CONFIG_ANNOTATION } from './node-registration.js';
import { NODES, PODS, type KubeObject, type Node, type Pod, type Taint } from './kube-types.js';
import { tryDelete, tryUpdate, tryUpdateStatus } from './kube-util.js';
import { readyCondition } from './node-object.js';
import { podsByNode } from './pod-index.js';
import { clusterOfInstance, newNode, register, tag } from './node-registration.js';
import type { SimEni, SimInstance } from './ports.js';
import type { SimNodeRecord } from './sim-state.js';
import { kubeTime } from './time.js';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';
/** Under custom networking the CNI is up only once ipamd attached an ENI for pods. */
function cniReady(record: SimNodeRecord, enis: SimEni[]): boolean {
  if (!record.ipamd.customNetworking) return true;
  return enis.some((e) => (e.attachment?.deviceIndex ?? 0) > 0);
}

function desiredTaints(node: Node, ready: boolean): Taint[] {
  const managed = new Set([NOT_READY_TAINT, UNSCHEDULABLE_TAINT]);
  const taints = (node.spec.taints ?? []).filter((t) => !managed.has(t.key));
  const current = node.spec.taints ?? [];
  const keep = (key: string): Taint => current.find((t) => t.key === key) ?? { key, effect: 'NoSchedule' };
  if (node.spec.unschedulable) taints.push(keep(UNSCHEDULABLE_TAINT));
  if (!ready) taints.push(keep(NOT_READY_TAINT));
  return taints;
}

/**
 * Node events live in `default`; their involvedObject.uid is the node's name, as the kubelet's node
 * reference has it and `kubectl describe node` searches for it.
 */
function nodeEvent(
  ctx: ClusterContext,
  node: KubeObject,
  component: string,
  reason: string,
  message: string,
): void {
  const host = component === 'kubelet' ? { host: node.metadata.name ?? '' } : {};
  ctx.events.record({
    involved: { ...node, metadata: { ...node.metadata, namespace: undefined, uid: node.metadata.name } },
    type: 'Normal',
    reason,
    message,
    source: { component, ...host },
    now: ctx.now,
  });
}

function syncNode(ctx: ClusterContext, record: SimNodeRecord, node: Node, enis: SimEni[]): number {
  const conditions = node.status?.conditions ?? [];
  const current = conditions.find((c) => c.type === 'Ready');
  // The delay gates only the first transition (a clock that went back must not un-ready a node).
  const readyAt = record.registeredAt + ctx.env.timing.nodeReady;
  const booted = ctx.now >= readyAt || current?.status === 'True';
  if (!booted) ctx.requeueAt(readyAt);
  const ready = booted && cniReady(record, enis);
  const taints = desiredTaints(node, ready);
  const readyChanged = (current?.status === 'True') !== ready;
  const taintsChanged = JSON.stringify(taints) !== JSON.stringify(node.spec.taints ?? []);
  if (!readyChanged && !taintsChanged) return 0;
  let writes = 0;
  let base = node;
  if (readyChanged) {
    nodeEvent(
      ctx,
      node,
      'kubelet',
      ready ? 'NodeReady' : 'NodeNotReady',
      `Node ${record.nodeName} status is now: ${ready ? 'NodeReady' : 'NodeNotReady'}`,
    );
    // The kubelet posts its status (the /status subresource)...
    const next: Node = structuredClone(node);
    next.status = {
      ...next.status,
      conditions: [...conditions.filter((c) => c.type !== 'Ready'), readyCondition(ready, ctx.now)],
    };
    if (tryUpdateStatus(ctx.store, NODES, next) === 0) return 0;
    writes++;
    base = (ctx.store.get(NODES, undefined, record.nodeName) as Node | undefined) ?? node;
  }
  const cordoned = taints.some((t) => t.key === UNSCHEDULABLE_TAINT);
  if (cordoned !== (node.spec.taints ?? []).some((t) => t.key === UNSCHEDULABLE_TAINT)) {
    const status = cordoned ? 'NodeNotSchedulable' : 'NodeSchedulable';
    nodeEvent(ctx, node, 'kubelet', status, `Node ${record.nodeName} status is now: ${status}`);
  }
  if (taintsChanged) {
    // ...and the node lifecycle controller keeps the condition taints in step.
    const next: Node = structuredClone(base);
    next.spec.taints = taints.map((t) =>
      t.key === NOT_READY_TAINT || t.key === UNSCHEDULABLE_TAINT
        ? { ...t, timeAdded: t.timeAdded ?? kubeTime(ctx.now) }
        : t,
    );
    if (next.spec.taints.length === 0) delete next.spec.taints;
    writes += tryUpdate(ctx.store, NODES, next);
  }
  return writes;
}

function removeNode(
  ctx: ClusterContext,
  record: SimNodeRecord,
  instance: SimInstance | undefined,
  enis: SimEni[],
): number {
  let writes = 0;
  const node = ctx.store.get(NODES, undefined, record.nodeName);
  if (node) writes += tryDelete(ctx.store, NODES, node);
  delete ctx.state.nodes[record.instanceId];
  ctx.enisChanged();
  if (instance && tag(instance, 'eks:nodegroup-name')) {
    // A managed node group drains a node before terminating its instance: its pods are gone by then
    // (their controllers recreate them elsewhere). Other nodes' pods wait for PodGC's quarantine.
    for (const pod of podsByNode(ctx.store.list(PODS) as Pod[]).get(record.nodeName) ?? [])
      writes += tryDelete(ctx.store, PODS, pod, 0);
  }
  if (!instance || instance.state === 'terminated' || instance.state === 'shutting-down') {
    // ipamd attaches its ENIs with DeleteOnTermination; EC2 removes them with the instance.
    for (const eni of enis) {
      if (eni.attachment && eni.attachment.deviceIndex === 0) continue;
      try {
        ctx.ec2.detachNetworkInterface?.(eni.networkInterfaceId);
        ctx.ec2.deleteNetworkInterface(eni.networkInterfaceId);
        writes++;
      } catch {
        // Already gone, or EC2 still holds it attached; EC2's own termination handles it.
      }
    }
  }
  return writes + 1;
}

/** ENIs of an instance: attached to it, or tagged by ipamd as its own. */
export function enisByInstance(enis: SimEni[]): Map<string, SimEni[]> {
  const out = new Map<string, SimEni[]>();
  for (const eni of enis) {
    const owner =
      eni.attachment?.instanceId ??
      eni.tags.find((t) => t.key === 'node.k8s.amazonaws.com/instance_id')?.value;
    if (!owner) continue;
    const list = out.get(owner) ?? [];
    list.push(eni);
    out.set(owner, list);
  }
  return out;
}

export const nodeLifecycleController: Controller = {
  name: 'node-lifecycle',
  reconcile(ctx) {
    let writes = 0;
    const instances = ctx.instances.filter((i) => clusterOfInstance(i) === ctx.cluster);
    const byId = new Map(instances.map((i) => [i.instanceId, i]));
    const enis = enisByInstance(ctx.enis());
    for (const record of Object.values(ctx.state.nodes)) {
      if (record.cluster !== ctx.cluster) continue;
      const instance = byId.get(record.instanceId);
      if (instance?.state !== 'running')
        writes += removeNode(ctx, record, instance, enis.get(record.instanceId) ?? []);
    }
    for (const instance of instances) {
      if (instance.state !== 'running') continue;
      const record = ctx.state.nodes[instance.instanceId] ?? register(ctx, instance);
      const existing = ctx.store.get(NODES, undefined, record.nodeName) as Node | undefined;
      if (!existing) {
        // A kubelet registers (again, if someone deleted its Node object).
        const created = ctx.store.create(NODES, newNode(ctx, record, instance));
        writes++;
        nodeEvent(ctx, created, 'kubelet', 'Starting', 'Starting kubelet.');
        nodeEvent(
          ctx,
          created,
          'node-controller',
          'RegisteredNode',
          `Node ${record.nodeName} event: Registered Node ${record.nodeName} in Controller`,
        );
        continue;
      }
      writes += syncNode(ctx, record, existing, enis.get(instance.instanceId) ?? []);
    }
    return writes;
  },
};
