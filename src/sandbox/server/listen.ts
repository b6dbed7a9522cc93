/** Binding a listener, with a busy port or a bad address as a clear error instead of a stack trace. */
import type { Server } from 'node:net';
import { ExitCode, UserError } from '../../shared/errors.js';

export function listen(server: Server, host: string, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.removeListener('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(
          new UserError(
            'E_SANDBOX_PORT_BUSY',
            `Port ${port} on ${host} is already in use; the sandbox's ${what} cannot listen there.`,
            {
              hint: 'Pick another --port (0 picks a free one), or stop what uses it.',
              exitCode: ExitCode.Usage,
            },
          ),
        );
      } else if (err.code === 'EADDRNOTAVAIL' || err.code === 'EACCES') {
        reject(
          new UserError('E_SANDBOX_LISTEN', `Cannot listen on ${host}:${port} (${err.code}).`, {
            exitCode: ExitCode.Usage,
          }),
        );
      } else reject(err);
    };
    const onListening = () => {
      server.removeListener('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
