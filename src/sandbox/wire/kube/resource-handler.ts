/**
 * The verbs on one resource path: get, list, watch, create, update, patch, delete, deletecollection,
 * and the status/scale/eviction subresources. Parses what the request says, calls the KubeStore,
 * shapes the answer (object, List, Table, metadata); the rules live in the model.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  badRequest,
  methodNotAllowed,
  resourceNotFound,
  unsupportedMediaType,
} from '../../services/kube/errors.js';
import type { KubeStore } from '../../services/kube/kube-store.js';
import { patchContentType } from '../../services/kube/patch.js';
import { apiVersionOf, type ResourceInfo } from '../../services/kube/resources.js';
import type { DeleteOptions, KubeObject, ResourceRef } from '../../services/kube/types.js';
import { negotiate, parseBody, readBody, send, type Representation } from './http.js';
import type { KubeRoute } from './route.js';
import { evictionOptions, podLog, toScale, writeScale } from './subresources.js';
import { toTable, type IncludeObject } from './table.js';
import { serveWatch } from './watch-stream.js';

type ResourceRoute = Extract<KubeRoute, { kind: 'resource' }>;

export interface ResourceRequest {
  store: KubeStore;
  route: ResourceRoute;
  query: URLSearchParams;
  req: IncomingMessage;
  res: ServerResponse;
  now: number;
}

/** True when the request changed (or may have changed) stored state. */
export async function handleResource(r: ResourceRequest): Promise<boolean> {
  const { store, route, query, req, res } = r;
  const ref: ResourceRef = { group: route.group, version: route.version, resource: route.resource };
  const info = store.catalog().find(ref);
  if (!info) throw resourceNotFound();
  if (route.namespace !== undefined && !info.namespaced) throw resourceNotFound();
  // A namespaced resource's cluster-wide path only lists and watches.
  if (info.namespaced && route.namespace === undefined && route.name !== undefined) throw resourceNotFound();
  if (info.namespaced && route.namespace === undefined && (req.method ?? 'GET').toUpperCase() !== 'GET') {
    throw methodNotAllowed();
  }
  const sub = route.subresource;
  if (sub !== undefined && !info.subresources.includes(sub)) throw resourceNotFound();
  const ns = info.namespaced ? route.namespace : undefined;
  const method = (req.method ?? 'GET').toUpperCase();
  const dryRun = query.getAll('dryRun').includes('All');
  const rep = negotiate(req.headers.accept);
  const name = route.name;

  if (method === 'GET') {
    const watch = route.legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1';
    if (watch) {
      const fieldSelector = query.get('fieldSelector') ?? undefined;
      const opts = {
        ...(ns !== undefined ? { namespace: ns } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(query.get('labelSelector') ? { labelSelector: query.get('labelSelector') ?? '' } : {}),
        ...(fieldSelector ? { fieldSelector } : {}),
        ...(query.get('resourceVersion') ? { resourceVersion: query.get('resourceVersion') ?? '' } : {}),
      };
      // Validate selectors before the 200 goes out.
      store.list(ref, { ...opts, limit: 1 });
      const timeout = Number(query.get('timeoutSeconds') ?? '');
      serveWatch(store, info, opts, req, res, {
        ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutSeconds: timeout } : {}),
        ...(rep.as === 'object'
          ? {}
          : { transform: (o, first) => present(info, [o], rep, r, undefined, first) }),
      });
      return false;
    }
    if (name === undefined) {
      const list = store.list(ref, {
        ...(ns !== undefined ? { namespace: ns } : {}),
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
        limit: Number(query.get('limit') ?? '0') || undefined,
        continue: query.get('continue') ?? undefined,
      });
      const listMeta = {
        resourceVersion: list.resourceVersion,
        ...(list.continue ? { continue: list.continue } : {}),
      };
      if (rep.as !== 'object') {
        send(res, 200, present(info, list.items, rep, r, listMeta, true));
        return false;
      }
      send(
        res,
        200,
        { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: listMeta, items: list.items },
        rep.yaml,
      );
      return false;
    }
    const o = store.get(ref, ns, name);
    if (sub === 'log') {
      const text = podLog(o, query.get('container') ?? undefined);
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return false;
    }
    if (sub === 'scale') {
      sendObject(res, 200, toScale(o), rep);
      return false;
    }
    if (rep.as === 'table')
      send(res, 200, present(info, [o], rep, r, { resourceVersion: o.metadata.resourceVersion ?? '' }, true));
    else if (rep.as === 'metadata') send(res, 200, metadataOnly(o, rep.apiVersion));
    else send(res, 200, o, rep.yaml);
    return false;
  }

  if (method === 'POST') {
    const body = parseBody(await readBody(req), req.headers['content-type']);
    if (sub === 'eviction' && name !== undefined) {
      store.evict(ns ?? '', name, evictionOptions(body));
      send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      return !dryRun;
    }
    if (name !== undefined) throw methodNotAllowed();
    const o = asObject(body);
    checkNamespace(o, ns);
    const created = store.create(
      ref,
      { ...o, metadata: { ...o.metadata, ...(ns !== undefined ? { namespace: ns } : {}) } },
      { dryRun },
    );
    sendObject(res, 201, created, rep);
    return !dryRun;
  }

  if (method === 'PUT') {
    if (name === undefined) throw methodNotAllowed();
    const o = asObject(parseBody(await readBody(req), req.headers['content-type']));
    if (sub === 'scale') {
      sendObject(res, 200, writeScale(store, info, ref, ns, name, { scale: o }, dryRun), rep);
      return !dryRun;
    }
    checkNamespace(o, ns);
    if (o.metadata.name !== undefined && o.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${o.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const obj = { ...o, metadata: { ...o.metadata, name, ...(ns !== undefined ? { namespace: ns } : {}) } };
    const updated = store.update(ref, obj, {
      dryRun,
      ...(sub === 'status' ? { subresource: 'status' as const } : {}),
    });
    sendObject(res, 200, updated, rep);
    return !dryRun;
  }

  if (method === 'PATCH') {
    if (name === undefined) throw methodNotAllowed();
    const type = patchContentType(req.headers['content-type']);
    if (!type) throw unsupportedMediaType(req.headers['content-type'] ?? '');
    const patch = parseBody(await readBody(req), type === 'apply' ? 'application/yaml' : 'application/json');
    if (sub === 'scale') {
      sendObject(res, 200, writeScale(store, info, ref, ns, name, { patchType: type, patch }, dryRun), rep);
      return !dryRun;
    }
    const patched = store.patch(ref, ns, name, type, patch, {
      dryRun,
      ...(sub === 'status' ? { subresource: 'status' as const } : {}),
    });
    sendObject(res, 200, patched, rep);
    return !dryRun;
  }

  if (method === 'DELETE') {
    const raw = await readBody(req);
    const opts = deleteOptions(query, raw.length ? parseBody(raw, req.headers['content-type']) : undefined);
    if (name === undefined) {
      const deleted = store.deleteCollection(
        ref,
        {
          ...(ns !== undefined ? { namespace: ns } : {}),
          labelSelector: query.get('labelSelector') ?? undefined,
          fieldSelector: query.get('fieldSelector') ?? undefined,
        },
        opts,
      );
      send(res, 200, {
        kind: `${info.kind}List`,
        apiVersion: apiVersionOf(info),
        metadata: { resourceVersion: store.resourceVersion },
        items: deleted,
      });
      return !opts.dryRun;
    }
    if (sub !== undefined) throw methodNotAllowed();
    const { object, finished } = store.delete(ref, ns, name, opts);
    if (finished && !RETURNS_DELETED_OBJECT.has(info.kind)) {
      send(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: {
          name,
          ...(info.group ? { group: info.group } : {}),
          kind: info.resource,
          uid: object.metadata.uid,
        },
      });
    } else sendObject(res, 200, object, rep);
    return !opts.dryRun;
  }
  throw methodNotAllowed();
}

/** Kinds whose DELETE answers with the object rather than a Success Status (ReturnDeletedObject). */
const RETURNS_DELETED_OBJECT = new Set(['Pod', 'Namespace', 'Service', 'Node', 'CustomResourceDefinition']);

function asObject(body: unknown): KubeObject {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('the body of the request was not an object');
  const o = body as KubeObject;
  return { ...o, metadata: { ...(o.metadata ?? {}) } };
}

function checkNamespace(o: KubeObject, ns: string | undefined): void {
  if (ns !== undefined && o.metadata.namespace !== undefined && o.metadata.namespace !== ns) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

function deleteOptions(query: URLSearchParams, body: unknown): DeleteOptions {
  const b = (body ?? {}) as {
    gracePeriodSeconds?: number;
    propagationPolicy?: DeleteOptions['propagationPolicy'];
    preconditions?: DeleteOptions['preconditions'];
    dryRun?: string[];
    orphanDependents?: boolean;
  };
  const grace = query.get('gracePeriodSeconds') ?? b.gracePeriodSeconds;
  const policy =
    (query.get('propagationPolicy') as DeleteOptions['propagationPolicy'] | null) ??
    b.propagationPolicy ??
    (b.orphanDependents ? 'Orphan' : undefined);
  return {
    ...(grace !== undefined && grace !== null ? { gracePeriodSeconds: Number(grace) } : {}),
    ...(policy ? { propagationPolicy: policy } : {}),
    ...(b.preconditions ? { preconditions: b.preconditions } : {}),
    ...(query.getAll('dryRun').includes('All') || b.dryRun?.includes('All') ? { dryRun: true } : {}),
  };
}

function metadataOnly(o: KubeObject, apiVersion: string): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: o.metadata };
}

function present(
  info: ResourceInfo,
  objects: KubeObject[],
  rep: Representation,
  r: ResourceRequest,
  /** Undefined for one object (a watch event); a list's metadata otherwise. */
  listMeta: Record<string, unknown> | undefined,
  withColumns: boolean,
): unknown {
  if (rep.as === 'metadata') {
    const [only] = objects;
    if (!listMeta && only) return metadataOnly(only, rep.apiVersion);
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: rep.apiVersion,
      metadata: listMeta ?? {},
      items: objects.map((o) => metadataOnly(o, rep.apiVersion)),
    };
  }
  const include = (r.query.get('includeObject') ?? 'Metadata') as IncludeObject;
  const apiVersion = rep.as === 'table' ? rep.apiVersion : 'meta.k8s.io/v1';
  return toTable(info, objects, { now: r.now, include, apiVersion, listMeta: listMeta ?? {}, withColumns });
}

function sendObject(res: ServerResponse, status: number, o: unknown, rep: Representation): void {
  send(res, status, o, rep.as === 'object' && rep.yaml);
}
