/**
 * The apiserver's URL layout: discovery paths, and resource paths
 * `/api/v1[/namespaces/<ns>]/<resource>[/<name>[/<subresource>]]` and
 * `/apis/<group>/<version>/...`, with the legacy `/watch/` prefix.
 */
export type KubeRoute =
  | { kind: 'root' }
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'openapi'; version: 'v2' | 'v3'; rest: string[] }
  | { kind: 'core-versions' }
  | { kind: 'groups' }
  | { kind: 'group'; group: string }
  | { kind: 'resources'; group: string; version: string }
  | {
      kind: 'resource';
      group: string;
      version: string;
      resource: string;
      namespace?: string;
      name?: string;
      subresource?: string;
      legacyWatch: boolean;
    }
  | { kind: 'unknown' };

export function parseRoute(path: string): KubeRoute {
  const segments = path
    .split('?')[0]!
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
  const [first, second, third] = segments;
  if (segments.length === 0) return { kind: 'root' };
  if (first === 'version' && segments.length === 1) return { kind: 'version' };
  if ((first === 'healthz' || first === 'livez' || first === 'readyz') && segments.length <= 2)
    return { kind: 'health' };
  if (first === 'openapi' && (second === 'v2' || second === 'v3'))
    return { kind: 'openapi', version: second, rest: segments.slice(2) };
  if (first === 'api') {
    if (segments.length === 1) return { kind: 'core-versions' };
    if (second !== 'v1') return { kind: 'unknown' };
    if (segments.length === 2) return { kind: 'resources', group: '', version: 'v1' };
    return resourceRoute('', 'v1', segments.slice(2));
  }
  if (first === 'apis') {
    if (segments.length === 1) return { kind: 'groups' };
    if (segments.length === 2) return { kind: 'group', group: second ?? '' };
    if (segments.length === 3) return { kind: 'resources', group: second ?? '', version: third ?? '' };
    return resourceRoute(second ?? '', third ?? '', segments.slice(3));
  }
  return { kind: 'unknown' };
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function resourceRoute(group: string, version: string, rest: string[]): KubeRoute {
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (!resource || rest.length > 3) return { kind: 'unknown' };
  return {
    kind: 'resource',
    group,
    version,
    resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    legacyWatch,
  };
}
