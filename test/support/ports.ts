import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 free right now (for a server that must come back on the same one, or a child's). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}
