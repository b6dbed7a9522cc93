/**
 * Matches REST-JSON requests to routes by method and path template (`/clusters/{name}`), decodes
 * path parameters and the JSON body. One router per service; the server picks the service.
 */
import type { HttpMethod, RestJsonRequest, RestJsonRoute } from './route.js';
import { BadRequestError, UnknownOperationError } from './errors.js';

interface CompiledRoute<Ctx> {
  route: RestJsonRoute<Ctx>;
  pattern: RegExp;
  names: string[];
}

export interface RouteMatch<Ctx> {
  route: RestJsonRoute<Ctx>;
  params: Record<string, string>;
}

function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const m = /^\{([^}]+)\}$/.exec(segment);
      if (!m?.[1]) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(m[1]);
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

export class RestJsonRouter<Ctx> {
  private readonly compiled: CompiledRoute<Ctx>[];

  constructor(routes: readonly RestJsonRoute<Ctx>[]) {
    this.compiled = routes.map((route) => ({ route, ...compile(route.path) }));
  }

  /** True when some route's path matches (used to tell EKS requests apart from EC2/STS). */
  matchesPath(path: string): boolean {
    return this.compiled.some((c) => c.pattern.test(path));
  }

  match(method: string, path: string): RouteMatch<Ctx> {
    for (const c of this.compiled) {
      if (c.route.method !== (method.toUpperCase() as HttpMethod)) continue;
      const m = c.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
      return { route: c.route, params };
    }
    throw new UnknownOperationError();
  }
}

export function decodeRestJsonRequest(
  params: Record<string, string>,
  rawQuery: string,
  body: Buffer,
): RestJsonRequest {
  let parsed: unknown = {};
  const text = body.toString('utf8').trim();
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BadRequestError('Could not parse request body into json.');
    }
  }
  return { params, query: new URLSearchParams(rawQuery), body: parsed };
}
