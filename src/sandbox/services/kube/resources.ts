/**
 * The API's resource catalogue: the built-in types issue 4 serves, plus one entry per served version
 * of every established CustomResourceDefinition. Discovery, routing and the store all read it.
 */
import type { JsonSchema } from './structural-schema.js';
import type { KubeObject, ResourceRef } from './types.js';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface ResourceInfo {
  group: string;
  version: string;
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: string[];
  verbs: string[];
  /** Custom resources: the CRD's additionalPrinterColumns for this version. */
  printerColumns?: PrinterColumn[];
  /** Custom resources have no strategic-merge metadata: the apiserver rejects that patch type. */
  custom: boolean;
  /** Custom resources: the version's structural schema (openAPIV3Schema). */
  schema?: JsonSchema;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function builtin(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  shortNames: string[] = [],
  subresources: string[] = [],
  categories: string[] = [],
): ResourceInfo {
  return {
    group,
    version,
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    categories,
    subresources,
    verbs: resource === 'namespaces' ? ALL_VERBS.filter((v) => v !== 'deletecollection') : ALL_VERBS,
    custom: false,
  };
}

export const BUILTIN_RESOURCES: readonly ResourceInfo[] = [
  builtin('', 'v1', 'namespaces', 'Namespace', false, ['ns'], ['status']),
  builtin('', 'v1', 'nodes', 'Node', false, ['no'], ['status']),
  builtin('', 'v1', 'pods', 'Pod', true, ['po'], ['status', 'eviction', 'log'], ['all']),
  builtin('', 'v1', 'events', 'Event', true, ['ev']),
  builtin('', 'v1', 'services', 'Service', true, ['svc'], ['status'], ['all']),
  builtin('', 'v1', 'configmaps', 'ConfigMap', true, ['cm']),
  builtin('', 'v1', 'secrets', 'Secret', true),
  builtin('', 'v1', 'serviceaccounts', 'ServiceAccount', true, ['sa']),
  builtin('apps', 'v1', 'deployments', 'Deployment', true, ['deploy'], ['status', 'scale'], ['all']),
  builtin('apps', 'v1', 'replicasets', 'ReplicaSet', true, ['rs'], ['status', 'scale'], ['all']),
  builtin('apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds'], ['status'], ['all']),
  builtin('apps', 'v1', 'statefulsets', 'StatefulSet', true, ['sts'], ['status', 'scale'], ['all']),
  builtin(
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
    ['crd', 'crds'],
    ['status'],
    ['api-extensions'],
  ),
  builtin('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  builtin('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb'], ['status']),
];

/** The key objects of one resource are stored under, whatever version a client asks for. */
export function storageKey(ref: { group: string; resource: string }): string {
  return ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
}

export function apiVersionOf(info: { group: string; version: string }): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  subresources?: { status?: unknown; scale?: unknown };
  additionalPrinterColumns?: PrinterColumn[];
  schema?: { openAPIV3Schema?: JsonSchema };
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { plural?: string; kind?: string; singular?: string; shortNames?: string[]; categories?: string[] };
  versions?: CrdVersion[];
}

/** The resources a CRD serves (one per served version), or none while it is not established. */
export function resourcesOfCrd(crd: KubeObject): ResourceInfo[] {
  const spec = (crd.spec ?? {}) as CrdSpec;
  if (crd.metadata.deletionTimestamp) return [];
  const names = spec.names ?? {};
  if (!spec.group || !names.plural || !names.kind) return [];
  return (spec.versions ?? [])
    .filter((v) => v.served && v.name)
    .map((v) => ({
      group: spec.group ?? '',
      version: v.name ?? '',
      resource: names.plural ?? '',
      kind: names.kind ?? '',
      singular: names.singular ?? (names.kind ?? '').toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      subresources: [
        ...(v.subresources?.status ? ['status'] : []),
        ...(v.subresources?.scale ? ['scale'] : []),
      ],
      verbs: ALL_VERBS,
      printerColumns: v.additionalPrinterColumns ?? [],
      custom: true,
      ...(v.schema?.openAPIV3Schema ? { schema: v.schema.openAPIV3Schema } : {}),
    }));
}

/** The catalogue of one cluster: built-ins plus what its CRDs serve. */
export class ResourceCatalog {
  private readonly byGvr = new Map<string, ResourceInfo>();
  readonly all: ResourceInfo[];

  constructor(crds: KubeObject[]) {
    this.all = [...BUILTIN_RESOURCES, ...crds.flatMap(resourcesOfCrd)];
    for (const r of this.all) this.byGvr.set(`${r.group}/${r.version}/${r.resource}`, r);
  }

  find(ref: ResourceRef): ResourceInfo | undefined {
    return this.byGvr.get(`${ref.group}/${ref.version}/${ref.resource}`);
  }

  /** Group -> versions in preference order (storage/first listed first). */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of this.all) {
      const versions = out.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      out.set(r.group, versions);
    }
    return out;
  }

  inGroupVersion(group: string, version: string): ResourceInfo[] {
    return this.all.filter((r) => r.group === group && r.version === version);
  }
}
