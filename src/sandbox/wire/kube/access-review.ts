/**
 * `kubectl auth can-i`: a SelfSubjectAccessReview (authorization.k8s.io/v1), which the apiserver
 * answers without storing it. Everyone the sandbox authenticates is the cluster's creator, whom EKS
 * maps to cluster admin, so every request is allowed, as on a fresh EKS cluster.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from '../../services/kube/errors.js';
import { send, parseBody, readBody } from './http.js';
import type { KubeRoute } from './route.js';

export function isSelfAccessReview(route: KubeRoute, method: string | undefined): boolean {
  return (
    route.kind === 'resource' &&
    route.group === 'authorization.k8s.io' &&
    route.resource === 'selfsubjectaccessreviews' &&
    route.name === undefined &&
    (method ?? '').toUpperCase() === 'POST'
  );
}

export async function serveSelfAccessReview(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = parseBody(await readBody(req), req.headers['content-type']);
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('the body of the request was not a SelfSubjectAccessReview object');
  send(res, 201, {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: (body as Record<string, unknown>).spec ?? {},
    status: { allowed: true },
  });
}
