/**
 * The storage half of one cluster's API: the apiserver's storage rules (resourceVersion, uid, generation,
 * creationTimestamp, optimistic concurrency, namespaces, status subresources, dry run, selectors,
 * pagination and watch) over plain JSON objects kept in one serialisable state object.
 */
import { deepCopy } from './deep-copy.js';
import type { Clock } from '../../core/clock.js';
import type { IdSource } from '../../core/ids.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  KubeStatusError,
  notFound,
  resourceNotFound,
  STALE_OBJECT,
} from './errors.js';
import { applyDefaults, nameSuffix, validateName, validateObject } from './object-rules.js';
import { applyPatch } from './patch.js';
import { apiVersionOf, ResourceCatalog, storageKey, type ResourceInfo } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { WatchHub } from './watch-hub.js';
import type {
  KubeObject,
  ListOptions,
  ObjectList,
  PatchType,
  ResourceRef,
  WatchListener,
  WatchOptions,
  WriteOptions,
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

const objectKey = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;

export class ObjectStore {
  protected readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly sortedKeys = new Map<string, string[]>();
  protected rv: number;
  private catalogCache: ResourceCatalog | undefined;
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

  private sorted(info: ResourceInfo): string[] {
    const key = storageKey(info);
    let keys = this.sortedKeys.get(key);
    if (!keys) {
      keys = [...this.bucket(info).keys()].sort();
      this.sortedKeys.set(key, keys);
    }
    return keys;
  }

  /** The stored objects (not copies: read only) of a resource, in one namespace or all. */
  protected scan(ref: ResourceRef, namespace?: string): KubeObject[] {
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

  /** Store a new or changed object: the one write path every verb ends in. */
  protected commit(info: ResourceInfo, o: KubeObject, old: KubeObject | undefined): KubeObject {
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
    return this.present(info, o);
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

  create(ref: ResourceRef, input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const info = this.info(ref);
    const o = deepCopy(input);
    o.metadata ??= {};
    const ns = this.scope(info, o.metadata.namespace);
    if (ns) this.requireNamespace(ns);
    if (!info.namespaced) delete o.metadata.namespace;
    if (!o.metadata.name && o.metadata.generateName) {
      o.metadata.name = o.metadata.generateName + nameSuffix(this.env.ids.hex(10));
    }
    validateName(info, o.metadata.name);
    const name = o.metadata.name ?? '';
    if (this.peek(info, ns, name)) throw alreadyExists(info, name);
    o.apiVersion = apiVersionOf(info);
    o.kind = info.kind;
    applyDefaults(info, o);
    this.prepareCreate(info, o);
    validateObject(info, o);
    Object.assign(o.metadata, {
      uid: this.env.ids.uuid(),
      creationTimestamp: rfc3339(this.env.clock.now()),
      generation: 1,
    });
    delete o.metadata.deletionTimestamp;
    delete o.metadata.resourceVersion;
    if (opts.dryRun) return this.present(info, o);
    const created = this.commit(info, o, undefined);
    this.afterCreate(info, o);
    return created;
  }

  update(ref: ResourceRef, input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const info = this.info(ref);
    const name = input.metadata?.name ?? '';
    const ns = this.scope(info, input.metadata?.namespace);
    const old = this.peek(info, ns, name);
    if (!old) throw notFound(info, name);
    const wanted = input.metadata.resourceVersion;
    if (wanted && wanted !== old.metadata.resourceVersion) throw conflict(info, name, STALE_OBJECT);
    return this.replace(info, old, deepCopy(input), opts);
  }

  patch(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions = {},
  ): KubeObject {
    const info = this.info(ref);
    const ns = this.scope(info, namespace);
    const old = this.peek(info, ns, name);
    if (!old) {
      if (type === 'apply')
        return this.create(
          ref,
          { ...(patch as KubeObject), metadata: { ...(patch as KubeObject).metadata, name, namespace: ns } },
          opts,
        );
      throw notFound(info, name);
    }
    const next = applyPatch(info, this.present(info, old), type, patch);
    const wanted = next.metadata.resourceVersion;
    if (wanted && wanted !== old.metadata.resourceVersion) throw conflict(info, name, STALE_OBJECT);
    return this.replace(info, old, next, opts);
  }

  /** The shared end of update and patch: immutable metadata kept, status split, generation bumped. */
  protected replace(info: ResourceInfo, old: KubeObject, next: KubeObject, opts: WriteOptions): KubeObject {
    const name = old.metadata.name ?? '';
    if (next.metadata.name !== undefined && next.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${String(next.metadata.name)}) does not match the name on the URL (${name})`,
      );
    }
    if (next.metadata.uid && next.metadata.uid !== old.metadata.uid) {
      throw conflict(
        info,
        name,
        `Precondition failed: UID in precondition: ${next.metadata.uid}, UID in object meta: ${old.metadata.uid ?? ''}`,
      );
    }
    let o: KubeObject;
    if (opts.subresource === 'status') {
      o = { ...deepCopy(old), status: next.status };
    } else {
      o = next;
      if (info.subresources.includes('status')) {
        if (old.status === undefined) delete o.status;
        else o.status = deepCopy(old.status);
      }
    }
    o.metadata = {
      ...o.metadata,
      name,
      namespace: old.metadata.namespace,
      uid: old.metadata.uid,
      creationTimestamp: old.metadata.creationTimestamp,
      generation: old.metadata.generation ?? 1,
      deletionTimestamp: old.metadata.deletionTimestamp,
      deletionGracePeriodSeconds: old.metadata.deletionGracePeriodSeconds,
    };
    for (const k of ['namespace', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
      if (o.metadata[k] === undefined) delete o.metadata[k];
    }
    applyDefaults(info, o);
    validateObject(info, o);
    if (specChanged(old, o)) o.metadata.generation = (old.metadata.generation ?? 1) + 1;
    o.metadata.resourceVersion = old.metadata.resourceVersion;
    o.apiVersion = apiVersionOf(info);
    o.kind = info.kind;
    if (opts.dryRun) return this.present(info, o);
    if (JSON.stringify(o) === JSON.stringify({ ...old, apiVersion: o.apiVersion, kind: o.kind })) {
      return this.present(info, old);
    }
    if (o.metadata.deletionTimestamp && !(o.metadata.finalizers ?? []).length && this.finalizable(info, o)) {
      return this.remove(info, o);
    }
    return this.commit(info, o, old);
  }

  protected requireNamespace(ns: string): void {
    const namespace = this.objects.get('namespaces')?.get(objectKey(undefined, ns));
    if (!namespace) throw notFound({ group: '', resource: 'namespaces' }, ns);
    if (namespace.metadata.deletionTimestamp) {
      throw new KubeStatusError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${ns} because it is being terminated`,
        { name: ns, kind: 'namespaces' },
      );
    }
  }

  /** Hooks for the rules of particular kinds (cluster IPs, default service accounts). */
  protected prepareCreate(_info: ResourceInfo, _o: KubeObject): void {}
  protected afterCreate(_info: ResourceInfo, _o: KubeObject): void {}
  /** May an object whose finalizers are gone be removed now (pods wait for their grace period). */
  protected finalizable(_info: ResourceInfo, _o: KubeObject): boolean {
    return true;
  }
}

function specChanged(old: KubeObject, next: KubeObject): boolean {
  const strip = ({ metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest }: KubeObject) => rest;
  return JSON.stringify(strip(old)) !== JSON.stringify(strip(next));
}

export function parseResourceVersion(rv: string): number {
  const n = Number(rv);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid resource version: ${rv}`);
  return n;
}

function encodeContinue(key: string, rv: number): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: key })).toString('base64url');
}

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { start?: unknown };
    if (typeof parsed.start === 'string') return parsed.start;
  } catch {
    // fall through
  }
  throw badRequest('continue key is not valid: illegal base64 data');
}

function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] ?? '') < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
