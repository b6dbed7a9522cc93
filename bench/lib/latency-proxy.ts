/**
 * A TCP proxy that delays every chunk by half a round trip each way: the sandbox's API server as if
 * it were in another region (the bytes, TLS included, pass through unchanged). Chunks keep their order
 * (equal delays fire in order).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LatencyProxy {
  port: number;
  close(): Promise<void>;
}

export async function startLatencyProxy(targetPort: number, roundTripMs: number): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const half = roundTripMs / 2;
  const pipeDelayed = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), half));
    from.on('end', () => setTimeout(() => to.end(), half));
    from.on('error', () => to.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    pipeDelayed(client, upstream);
    pipeDelayed(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
