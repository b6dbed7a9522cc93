/**
 * Discovery documents (`/version`, `/api`, `/api/v1`, `/apis`, `/apis/<group>[/<version>]`) built
 * from the cluster's resource catalogue, so CRDs appear as soon as they are established. The
 * aggregated form (apidiscovery.k8s.io/v2) is offered too, because kubectl 1.30+ asks for it first.
 */
import { apiVersionOf, type ResourceCatalog, type ResourceInfo } from '../../services/kube/resources.js';

export function versionInfo(minorVersion: string): Record<string, string> {
  const [major = '1', minor = '31'] = minorVersion.split('.');
  return {
    major,
    minor: `${minor}+`,
    gitVersion: `v${major}.${minor}.4-eks-2d5f260`,
    gitCommit: '2d5f260b8e4b2d5f2a9e7d0b6c3f8e1a4b7c9d21',
    gitTreeState: 'clean',
    buildDate: '2025-01-10T18:51:12Z',
    goVersion: 'go1.22.10',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

const SUBRESOURCE_KINDS: Record<string, { group?: string; version?: string; kind: string; verbs: string[] }> =
  {
    status: { kind: '', verbs: ['get', 'patch', 'update'] },
    eviction: { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
    log: { kind: 'Pod', verbs: ['get'] },
    scale: { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
  };

function apiResource(r: ResourceInfo): Record<string, unknown> {
  return {
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length ? { categories: r.categories } : {}),
  };
}

function subresources(r: ResourceInfo): Record<string, unknown>[] {
  return r.subresources.map((sub) => {
    const s = SUBRESOURCE_KINDS[sub] ?? { kind: '', verbs: ['get'] };
    return {
      name: `${r.resource}/${sub}`,
      singularName: '',
      namespaced: r.namespaced,
      ...(s.group !== undefined ? { group: s.group, version: s.version } : {}),
      kind: s.kind || r.kind,
      verbs: s.verbs,
    };
  });
}

export function resourceList(
  catalog: ResourceCatalog,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const resources = catalog.inGroupVersion(group, version);
  if (resources.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: resources.flatMap((r) => [apiResource(r), ...subresources(r)]),
  };
}

export function coreVersions(): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' }],
  };
}

function group(name: string, versions: string[]): Record<string, unknown> {
  const gv = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: gv, preferredVersion: gv[0] };
}

export function groupList(catalog: ResourceCatalog): Record<string, unknown> {
  const groups = [...catalog.groups()]
    .filter(([name]) => name !== '')
    .map(([name, versions]) => group(name, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroup(catalog: ResourceCatalog, name: string): Record<string, unknown> | undefined {
  const versions = catalog.groups().get(name);
  if (!versions || name === '') return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...group(name, versions) };
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList for `/api` (core) or `/apis` (named groups). */
export function aggregatedDiscovery(
  catalog: ResourceCatalog,
  core: boolean,
  apiVersion: string,
): Record<string, unknown> {
  const items = [...catalog.groups()]
    .filter(([name]) => (name === '') === core)
    .map(([name, versions]) => ({
      metadata: { name, creationTimestamp: null },
      versions: versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: catalog.inGroupVersion(name, version).map((r) => ({
          resource: r.resource,
          responseKind: { group: r.group, version: r.version, kind: r.kind },
          scope: r.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: r.singular,
          verbs: r.verbs,
          ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
          ...(r.categories.length ? { categories: r.categories } : {}),
          ...(r.subresources.length
            ? {
                subresources: r.subresources.map((sub) => {
                  const s = SUBRESOURCE_KINDS[sub] ?? { kind: '', verbs: ['get'] };
                  return {
                    subresource: sub,
                    responseKind: {
                      group: s.group ?? r.group,
                      version: s.version ?? r.version,
                      kind: s.kind || r.kind,
                    },
                    verbs: s.verbs,
                  };
                }),
              }
            : {}),
        })),
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion, metadata: {}, items };
}

/** The aggregated-discovery version `Accept` asks for, if any. */
export function wantsAggregated(accept: string | undefined): string | undefined {
  for (const part of (accept ?? '').split(',')) {
    if (!/g=apidiscovery\.k8s\.io/.test(part) || !/as=APIGroupDiscoveryList/.test(part)) continue;
    const v = /v=(v2(?:beta1)?)/.exec(part)?.[1];
    if (v) return `apidiscovery.k8s.io/${v}`;
  }
  return undefined;
}
