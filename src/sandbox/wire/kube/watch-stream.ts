/**
 * A watch as the apiserver streams it: HTTP 200 with chunked JSON, one `{"type","object"}` per line,
 * closed after `timeoutSeconds`, or with an ERROR event (a 410 Status) when the requested
 * resourceVersion is older than the kept history, so informers re-list.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KubeStatusError } from '../../services/kube/errors.js';
import type { KubeStore } from '../../services/kube/kube-store.js';
import type { ResourceInfo } from '../../services/kube/resources.js';
import type { KubeObject, ResourceRef, WatchEvent, WatchOptions } from '../../services/kube/types.js';

/** The apiserver's default --min-request-timeout. */
const DEFAULT_TIMEOUT_S = 1800;

export interface WatchStreamOptions {
  timeoutSeconds?: number;
  /** Turn each object into what the client asked for (Table rows, metadata). */
  transform?: (object: KubeObject, first: boolean) => unknown;
}

export function serveWatch(
  store: KubeStore,
  info: ResourceInfo,
  opts: WatchOptions,
  req: IncomingMessage,
  res: ServerResponse,
  stream: WatchStreamOptions,
): void {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  let first = true;
  let open = true;
  const write = (event: WatchEvent | { type: 'ERROR'; object: unknown }) => {
    if (!open) return;
    const object =
      event.type === 'ERROR' || !stream.transform ? event.object : stream.transform(event.object, first);
    first = false;
    res.write(`${JSON.stringify({ type: event.type, object })}\n`);
  };
  let stop = () => {};
  const close = () => {
    if (!open) return;
    open = false;
    stop();
    clearTimeout(timer);
    res.end();
  };
  const timeout =
    stream.timeoutSeconds !== undefined && stream.timeoutSeconds > 0
      ? stream.timeoutSeconds
      : DEFAULT_TIMEOUT_S;
  const timer = setTimeout(close, timeout * 1000);
  timer.unref();
  req.on('close', close);
  res.on('close', close);
  const ref: ResourceRef = { group: info.group, version: info.version, resource: info.resource };
  try {
    stop = store.watch(ref, opts, write);
  } catch (err) {
    if (err instanceof KubeStatusError) {
      write({ type: 'ERROR', object: err.toStatus() });
      close();
      return;
    }
    throw err;
  }
  if (!open) stop();
}
