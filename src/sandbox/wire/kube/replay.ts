/**
 * A Kubernetes write as a journal step (cluster, method, path and query, the headers that shape it,
 * the body), and running it again after a restart: the same handler, with the body already read and
 * the response thrown away.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { resourceNotFound } from '../../services/kube/errors.js';
import { bufferBody } from './http.js';
import type { KubeStore } from '../../services/kube/kube-store.js';
import { handleResource } from './resource-handler.js';
import { parseRoute } from './route.js';

export interface KubeStep {
  cluster: string;
  method: string;
  /** The path after the cluster prefix, query included. */
  subPath: string;
  headers: Record<string, string>;
  /** base64 (protobuf bodies are binary). */
  body: string;
}

const KEPT = ['content-type', 'accept', 'user-agent'];

export function pickHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT) {
    const v = headers[name];
    if (typeof v === 'string') out[name] = v;
  }
  return out;
}

/** A response nobody reads. */
function discardingResponse(): ServerResponse {
  const res = {
    statusCode: 200,
    headersSent: false,
    writeHead(status: number) {
      res.statusCode = status;
      res.headersSent = true;
      return res;
    },
    setHeader: () => res,
    getHeader: () => undefined,
    flushHeaders: () => undefined,
    write: () => true,
    end: () => {
      res.headersSent = true;
      return res;
    },
    on: () => res,
    once: () => res,
  };
  return res as unknown as ServerResponse;
}

export async function replayKubeStep(
  storeOf: (cluster: string) => KubeStore | undefined,
  now: number,
  step: KubeStep,
): Promise<void> {
  const store = storeOf(step.cluster);
  if (!store) throw resourceNotFound();
  const req = { method: step.method, headers: step.headers, url: step.subPath } as unknown as IncomingMessage;
  bufferBody(req, Buffer.from(step.body, 'base64'));
  const url = new URL(step.subPath, 'https://sandbox');
  const route = parseRoute(step.subPath.split('?')[0] ?? '');
  if (route.kind !== 'resource') return;
  await handleResource({
    store,
    route,
    query: url.searchParams,
    req,
    res: discardingResponse(),
    now,
  });
}
