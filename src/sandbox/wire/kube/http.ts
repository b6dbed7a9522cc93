/**
 * The kube codec's HTTP edges: reading bodies (JSON, or YAML as kubectl may send), choosing the
 * response form from `Accept` (plain JSON, Table, PartialObjectMetadata, YAML), and writing objects
 * and `Status` errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { KubeStatusError, badRequest } from '../../services/kube/errors.js';
import { decodeProtobuf, PROTOBUF } from './protobuf.js';

const MAX_BODY = 3 * 1024 * 1024;

/** Bodies already read (a journaled write reads its body before it runs). */
const buffered = new WeakMap<object, Buffer>();

export function bufferBody(req: object, body: Buffer): void {
  buffered.set(req, body);
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const ready = buffered.get(req);
  if (ready) return ready;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY)
      throw new KubeStatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * JSON, YAML, or protobuf (kubectl 1.32+ sends it for built-in types; the kinds its commands write
 * are decoded). Anything else (CBOR) answers 415.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  const base = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (base === PROTOBUF) return decodeProtobuf(raw);
  if (base && !/^application\/(json|yaml|\*)$|^\*\/\*$|^text\/plain$/.test(base)) {
    throw new KubeStatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    );
  }
  const text = raw.toString('utf8');
  if (!text.trim()) throw badRequest('the body of the request was empty');
  const yaml = /yaml/.test(contentType ?? '');
  try {
    return yaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (err) {
    throw badRequest(
      `the body of the request could not be decoded: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export type Representation =
  | { as: 'object'; yaml: boolean }
  | { as: 'table'; apiVersion: string }
  | { as: 'metadata'; apiVersion: string };

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function mediaRanges(accept: string | undefined): MediaRange[] {
  if (!accept) return [{ type: '*/*', params: {} }];
  return accept.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim());
    return {
      type: type.toLowerCase(),
      params: Object.fromEntries(params.map((p) => p.split('=').map((s) => s.trim()) as [string, string])),
    };
  });
}

/** The first form in `Accept` this server can produce; 406 when none. */
export function negotiate(accept: string | undefined): Representation {
  for (const r of mediaRanges(accept)) {
    const json = r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*';
    const yaml = r.type === 'application/yaml';
    if (!json && !yaml) continue;
    const as = r.params.as;
    if (as === undefined) return { as: 'object', yaml };
    if (r.params.g !== 'meta.k8s.io') continue;
    const apiVersion = `meta.k8s.io/${r.params.v ?? 'v1'}`;
    if (as === 'Table') return { as: 'table', apiVersion };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList')
      return { as: 'metadata', apiVersion };
  }
  throw new KubeStatusError(
    406,
    'NotAcceptable',
    'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
  );
}

export function send(res: ServerResponse, status: number, body: unknown, yaml = false): void {
  const text = yaml ? toYaml(body) : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': yaml ? 'application/yaml' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    'X-Kubernetes-Pf-Flowschema-Uid': '00000000-0000-0000-0000-000000000000',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const status =
    err instanceof KubeStatusError
      ? err
      : new KubeStatusError(
          500,
          'InternalError',
          `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`,
        );
  if (res.headersSent) {
    res.end();
    return;
  }
  send(res, status.code, status.toStatus());
}
