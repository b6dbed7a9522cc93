/**
 * An in-memory Kubernetes store for the simulation's tests: uids, resourceVersions with 409 on stale
 * updates, generateName, and graceful deletion of bound pods (deletionTimestamp, then the kubelet's
 * zero-grace delete), which is what the API server does and the simulation relies on. Like the real
 * store's `listShared`, `list` hands out the stored objects themselves; they are frozen here, so a
 * controller that changes what it listed fails its tests instead of corrupting the store.
 */
import type { KubeObject, ResourceRef } from '../kube-types.js';
import type { DeleteOptions, ListOptions, SimKube, SimKubeStore } from '../ports.js';
import { kubeTime } from '../time.js';

export class FakeKubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

function keyOf(ref: ResourceRef, namespace: string | undefined, name: string): string {
  return `${ref.group}/${ref.resource}/${namespace ?? ''}/${name}`;
}

export class FakeKubeStore implements SimKubeStore {
  readonly objects = new Map<string, KubeObject>();
  private rv = 0;
  private uid = 0;
  private listeners: { ref: ResourceRef; fn: (type: string, obj: KubeObject) => void }[] = [];

  constructor(private readonly now: () => number = () => Date.UTC(2026, 0, 1)) {}

  private emit(ref: ResourceRef, type: string, obj: KubeObject): void {
    for (const l of this.listeners)
      if (l.ref.resource === ref.resource && l.ref.group === ref.group) l.fn(type, obj);
  }

  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.objects.get(keyOf(ref, namespace, name));
    return obj ? structuredClone(obj) : undefined;
  }

  list(ref: ResourceRef, options: ListOptions = {}): KubeObject[] {
    const prefix = `${ref.group}/${ref.resource}/`;
    const out: KubeObject[] = [];
    for (const [key, obj] of this.objects) {
      if (!key.startsWith(prefix)) continue;
      if (options.namespace !== undefined && obj.metadata.namespace !== options.namespace) continue;
      out.push(obj);
    }
    return out.sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
  }

  create(ref: ResourceRef, input: KubeObject): KubeObject {
    const obj = structuredClone(input);
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${(++this.uid).toString(36).padStart(5, 'x')}`;
    }
    const name = obj.metadata.name ?? '';
    const key = keyOf(ref, obj.metadata.namespace, name);
    if (this.objects.has(key))
      throw new FakeKubeError(409, 'AlreadyExists', `${ref.resource} "${name}" already exists`);
    obj.metadata.uid = `uid-${++this.uid}`;
    obj.metadata.resourceVersion = String(++this.rv);
    obj.metadata.creationTimestamp = kubeTime(this.now());
    obj.metadata.generation = 1;
    this.objects.set(key, deepFreeze(obj));
    this.emit(ref, 'ADDED', obj);
    return structuredClone(obj);
  }

  update(ref: ResourceRef, input: KubeObject): KubeObject {
    const name = input.metadata.name ?? '';
    const key = keyOf(ref, input.metadata.namespace, name);
    const current = this.objects.get(key);
    if (!current) throw new FakeKubeError(404, 'NotFound', `${ref.resource} "${name}" not found`);
    if (
      input.metadata.resourceVersion &&
      input.metadata.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw new FakeKubeError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${ref.resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const obj = structuredClone(input);
    obj.metadata.uid = current.metadata.uid;
    obj.metadata.creationTimestamp = current.metadata.creationTimestamp;
    obj.metadata.resourceVersion = String(++this.rv);
    const specChanged = JSON.stringify(current.spec) !== JSON.stringify(obj.spec);
    obj.metadata.generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    this.objects.set(key, deepFreeze(obj));
    this.emit(ref, 'MODIFIED', obj);
    return structuredClone(obj);
  }

  delete(ref: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): void {
    const key = keyOf(ref, namespace, name);
    const current = this.objects.get(key);
    if (!current) throw new FakeKubeError(404, 'NotFound', `${ref.resource} "${name}" not found`);
    const spec = current.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
    const grace = options.gracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? 30;
    if (ref.resource === 'pods' && spec?.nodeName && grace > 0) {
      if (!current.metadata.deletionTimestamp) {
        const terminating = structuredClone(current);
        terminating.metadata.deletionTimestamp = kubeTime(this.now() + grace * 1000);
        terminating.metadata.deletionGracePeriodSeconds = grace;
        terminating.metadata.resourceVersion = String(++this.rv);
        this.objects.set(key, deepFreeze(terminating));
        this.emit(ref, 'MODIFIED', terminating);
      }
      return;
    }
    this.objects.delete(key);
    this.emit(ref, 'DELETED', current);
  }

  watch(ref: ResourceRef, fn: (type: string, obj: KubeObject) => void): () => void {
    const entry = { ref, fn };
    this.listeners.push(entry);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== entry);
    };
  }
}

export class FakeKube implements SimKube {
  readonly stores = new Map<string, FakeKubeStore>();
  constructor(private readonly now: () => number = () => Date.UTC(2026, 0, 1)) {}
  ensure(cluster: string): FakeKubeStore {
    let store = this.stores.get(cluster);
    if (!store) {
      store = new FakeKubeStore(this.now);
      this.stores.set(cluster, store);
    }
    return store;
  }
  get(cluster: string): FakeKubeStore | undefined {
    return this.stores.get(cluster);
  }
}
