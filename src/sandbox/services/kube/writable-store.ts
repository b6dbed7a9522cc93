/**
 * The write half of the storage rules: create (names, generateName, defaults, validation, uid,
 * creationTimestamp), update and patch (409 on a stale resourceVersion, immutable metadata, the
 * status subresource kept apart from the rest, generation bumped on spec changes, no-op writes
 * skipped), dry run, and hooks for the rules of particular kinds.
 */
import { deepCopy } from './deep-copy.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  KubeStatusError,
  notFound,
  STALE_OBJECT,
} from './errors.js';
import { ObjectStore, objectKey, rfc3339 } from './object-store.js';
import { applyDefaults, nameSuffix, validateName, validateObject } from './object-rules.js';
import { applyPatch } from './patch.js';
import { applyStructuralSchema } from './structural-schema.js';
import { apiVersionOf, type ResourceInfo } from './resources.js';
import type { KubeObject, PatchType, ResourceRef, WriteOptions } from './types.js';

export class WritableStore extends ObjectStore {
  /** Custom resources are pruned to, and checked against, their CRD's structural schema. */
  protected applySchema(info: ResourceInfo, o: KubeObject): void {
    if (!info.custom || !info.schema) return;
    const { object, causes } = applyStructuralSchema(info.schema, o);
    if (causes.length) throw invalid(info.kind, info.group, o.metadata.name ?? '', causes);
    for (const k of Object.keys(o)) if (!(k in object)) delete o[k];
    Object.assign(o, object);
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
    this.applySchema(info, o);
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
    if (!old) {
      // Leases may be created by PUT (their strategy's AllowCreateOnUpdate), as leader election does.
      if (info.kind === 'Lease' && !info.custom && !input.metadata.resourceVersion)
        return this.create(ref, input, opts);
      throw notFound(info, name);
    }
    const wanted = input.metadata.resourceVersion;
    if (wanted && wanted !== old.metadata.resourceVersion) throw conflict(info, name, STALE_OBJECT);
    // A status write reads only the input's metadata and status: the rest is not copied.
    const next =
      opts.subresource === 'status'
        ? { metadata: { ...input.metadata }, status: deepCopy(input.status) }
        : deepCopy(input);
    return this.replace(info, old, next, opts);
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
    const statusOnly = opts.subresource === 'status';
    if (statusOnly) {
      const { status: _oldStatus, ...rest } = old;
      o = { ...deepCopy(rest), status: next.status };
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
    this.applySchema(info, o);
    validateObject(info, o);
    // A status write keeps the rest of the object as stored (a copy, defaulted again to the same), so
    // its spec cannot change and only its status and metadata can differ from the stored object.
    if (!statusOnly && specChanged(old, o)) o.metadata.generation = (old.metadata.generation ?? 1) + 1;
    o.metadata.resourceVersion = old.metadata.resourceVersion;
    o.apiVersion = apiVersionOf(info);
    o.kind = info.kind;
    if (opts.dryRun) return this.present(info, o);
    const unchanged = statusOnly
      ? JSON.stringify(o.status) === JSON.stringify(old.status) &&
        JSON.stringify(o.metadata) === JSON.stringify(old.metadata)
      : JSON.stringify(o) === JSON.stringify({ ...old, apiVersion: o.apiVersion, kind: o.kind });
    if (unchanged) return opts.shareResult ? old : this.present(info, old);
    if (o.metadata.deletionTimestamp && !(o.metadata.finalizers ?? []).length && this.finalizable(info, o)) {
      return this.remove(info, o);
    }
    return this.commit(info, o, old, opts.shareResult);
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
