/**
 * The storage half of one cluster's API: the apiserver's storage rules (resourceVersion, uid, generation,
 * creationTimestamp, optimistic concurrency, namespaces, status subresources, dry run, selectors,
 * pagination and watch) over plain JSON objects kept in one serialisable state object.
 */
import type { Clock } from '../../core/clock.js';
import type { IdSource } from '../../core/ids.js';
import { deepCopy } from './deep-copy.js';
import { badRequest, notFound, resourceNotFound } from './errors.js';
import { decodeContinue, encodeContinue, lowerBound, parseResourceVersion } from './paging.js';
import { apiVersionOf, ResourceCatalog, storageKey, type ResourceInfo } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { WatchHub } from './watch-hub.js';
import type {
  KubeObject,
  ListOptions,
  ObjectList,
  ResourceRef,
  WatchListener,
  WatchOptions,
} from './types.js';

export interface KubeEnv {
  clock: Clock;
  ids: IdSource;
  region: string;
}

export interface KubeStoreState {
  resourceVersion: number;
  /** storage key (`pods`, `deployments.apps`) -> `namespace/name` -> object. */
  objects: Record<string, Record<string, KubeObject>>;
}

export const CRD_KEY = 'customresourcedefinitions.apiextensions.k8s.io';

export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const objectKey = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;

export class ObjectStore {
  protected readonly objects = new Map<string, Map<string, KubeObject>>();
  protected readonly sortedKeys = new Map<string, string[]>();
  protected rv: number;
  protected catalogCache: ResourceCatalog | undefined;
  protected readonly hub: WatchHub;

  constructor(
    protected readonly env: KubeEnv,
    state?: KubeStoreState,
  ) {
    this.rv = state?.resourceVersion ?? 1;
    for (const [key, byName] of Object.entries(state?.objects ?? {})) {
      this.objects.set(key, new Map(Object.entries(byName)));
    }
    this.hub = new WatchHub(this.rv);
  }

  snapshot(): KubeStoreState {
    const objects: Record<string, Record<string, KubeObject>> = {};
    for (const [key, byName] of this.objects) if (byName.size) objects[key] = Object.fromEntries(byName);
    return { resourceVersion: this.rv, objects };
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  catalog(): ResourceCatalog {
    this.catalogCache ??= new ResourceCatalog([...(this.objects.get(CRD_KEY)?.values() ?? [])]);
    return this.catalogCache;
  }

  info(ref: ResourceRef): ResourceInfo {
    const info = this.catalog().find(ref);
    if (!info) throw resourceNotFound();
    return info;
  }

  protected bucket(info: { group: string; resource: string }): Map<string, KubeObject> {
    const key = storageKey(info);
    let b = this.objects.get(key);
    if (!b) {
      b = new Map();
      this.objects.set(key, b);
    }
    return b;
  }

  protected scope(info: ResourceInfo, namespace: string | undefined): string | undefined {
    if (!info.namespaced) return undefined;
    if (!namespace)
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    return namespace;
  }

  /** The stored object itself (not a copy); for the model's own rules. */
  protected peek(info: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.bucket(info).get(objectKey(info.namespaced ? namespace : undefined, name));
  }

  /** A copy presented at the version asked for. */
  protected present(info: ResourceInfo, o: KubeObject): KubeObject {
    const copy = deepCopy(o);
    copy.apiVersion = apiVersionOf(info);
    copy.kind = info.kind;
    return copy;
  }

  tryGet(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
    const info = this.info(ref);
    const o = this.peek(info, namespace, name);
    return o ? this.present(info, o) : undefined;
  }

  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject {
    const info = this.info(ref);
    const o = this.peek(info, namespace, name);
    if (!o) throw notFound(info, name);
    return this.present(info, o);
  }

  protected sorted(info: ResourceInfo): string[] {
    const key = storageKey(info);
    let keys = this.sortedKeys.get(key);
    if (!keys) {
      keys = [...this.bucket(info).keys()].sort();
      this.sortedKeys.set(key, keys);
    }
    return keys;
  }

  /** The stored objects (not copies: read only) of a resource, in one namespace or all. */
  /** Read only: the caller must not change what it gets. */
  scan(ref: ResourceRef, namespace?: string): KubeObject[] {
    const info = this.info(ref);
    const bucket = this.bucket(info);
    if (!info.namespaced || namespace === undefined) return [...bucket.values()];
    const keys = this.sorted(info);
    const prefix = `${namespace}/`;
    const out: KubeObject[] = [];
    for (let i = lowerBound(keys, prefix); i < keys.length && (keys[i] ?? '').startsWith(prefix); i++) {
      const o = bucket.get(keys[i] ?? '');
      if (o) out.push(o);
    }
    return out;
  }

  /**
   * Every object of a kind (in one namespace, or all), in list order, as stored: no copy. For readers
   * inside the sandbox that never mutate what they get (the simulation's controllers).
   */
  listShared(ref: ResourceRef, namespace?: string): KubeObject[] {
    const info = this.info(ref);
    const bucket = this.bucket(info);
    const keys = this.sorted(info);
    const prefix = info.namespaced && namespace ? `${namespace}/` : undefined;
    const apiVersion = apiVersionOf(info);
    const out: KubeObject[] = [];
    for (let i = prefix ? lowerBound(keys, prefix) : 0; i < keys.length; i++) {
      const k = keys[i] ?? '';
      if (prefix && !k.startsWith(prefix)) break;
      const o = bucket.get(k);
      if (!o) continue;
      out.push(o.apiVersion === apiVersion && o.kind === info.kind ? o : this.present(info, o));
    }
    return out;
  }

  list(ref: ResourceRef, opts: ListOptions = {}): ObjectList {
    const info = this.info(ref);
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector, info.resource);
    const bucket = this.bucket(info);
    const keys = this.sorted(info);
    let start = 0;
    if (opts.continue) {
      const after = decodeContinue(opts.continue);
      start = lowerBound(keys, after);
      if (keys[start] === after) start++;
    }
    const prefix = info.namespaced && opts.namespace ? `${opts.namespace}/` : undefined;
    if (prefix && start === 0) start = lowerBound(keys, prefix);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const items: KubeObject[] = [];
    let i = start;
    let lastKey: string | undefined;
    for (; i < keys.length && items.length < limit; i++) {
      const k = keys[i] ?? '';
      if (prefix && !k.startsWith(prefix)) break;
      const o = bucket.get(k);
      if (!o || !labels(o.metadata.labels) || !fields(o)) continue;
      items.push(this.present(info, o));
      lastKey = k;
    }
    const more = items.length >= limit && i < keys.length && (!prefix || (keys[i] ?? '').startsWith(prefix));
    return {
      items,
      resourceVersion: this.resourceVersion,
      ...(more && lastKey !== undefined ? { continue: encodeContinue(lastKey, this.rv) } : {}),
    };
  }

  watch(ref: ResourceRef, opts: WatchOptions, listener: WatchListener): () => void {
    const info = this.info(ref);
    const watcher = {
      ...(info.namespaced && opts.namespace ? { namespace: opts.namespace } : {}),
      ...(opts.name ? { name: opts.name } : {}),
      labels: parseLabelSelector(opts.labelSelector),
      fields: parseFieldSelector(opts.fieldSelector, info.resource),
      listener: (e: Parameters<WatchListener>[0]) =>
        listener({ type: e.type, object: this.present(info, e.object) }),
    };
    const key = storageKey(info);
    const rv = opts.resourceVersion;
    const initial =
      rv && rv !== '0'
        ? this.hub.replay(key, watcher, parseResourceVersion(rv))
        : [...this.bucket(info).values()]
            .filter((o) => this.hub.matches(watcher, o))
            .map((o) => ({ type: 'ADDED' as const, object: o }));
    for (const e of initial) watcher.listener(e);
    return this.hub.subscribe(key, watcher);
  }

  /**
   * Store a new or changed object: the one write path every verb ends in. Returns a copy, or with
   * `share` the stored object itself (for callers that read nothing of it).
   */
  protected commit(
    info: ResourceInfo,
    o: KubeObject,
    old: KubeObject | undefined,
    share = false,
  ): KubeObject {
    this.rv++;
    o.metadata.resourceVersion = String(this.rv);
    o.apiVersion = apiVersionOf(info);
    o.kind = info.kind;
    const key = objectKey(o.metadata.namespace, o.metadata.name ?? '');
    const bucket = this.bucket(info);
    if (!bucket.has(key)) {
      // Keep the sorted key index current instead of re-sorting on the next list.
      const keys = this.sortedKeys.get(storageKey(info));
      if (keys) keys.splice(lowerBound(keys, key), 0, key);
    }
    bucket.set(key, o);
    if (storageKey(info) === CRD_KEY) this.catalogCache = undefined;
    this.hub.publish(this.rv, storageKey(info), old, o, false);
    return share ? o : this.present(info, o);
  }

  protected remove(info: ResourceInfo, o: KubeObject): KubeObject {
    this.rv++;
    const final = { ...o, metadata: { ...o.metadata, resourceVersion: String(this.rv) } };
    const key = objectKey(o.metadata.namespace, o.metadata.name ?? '');
    this.bucket(info).delete(key);
    const keys = this.sortedKeys.get(storageKey(info));
    if (keys) {
      const at = lowerBound(keys, key);
      if (keys[at] === key) keys.splice(at, 1);
    }
    if (storageKey(info) === CRD_KEY) this.catalogCache = undefined;
    this.hub.publish(this.rv, storageKey(info), o, final, true);
    return this.present(info, final);
  }
}
