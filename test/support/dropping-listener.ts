/**
 * A TCP listener that takes every connection and drops it at once: a desk that keeps going away. An adapter
 * pointed at it reconnects again and again (each connection counted), until it is stopped.
 */
import net from 'node:net';

export interface DroppingListener {
  /** Connections taken so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startDroppingListener(port: number): Promise<DroppingListener> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.on('error', () => undefined);
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    get connections() {
      return connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Waits `windowMs` and resolves with the connections taken meanwhile. Proving that nothing happens needs a
 * wait; a slow machine can only make it pass more easily, never fail.
 */
export async function connectionsDuring(listener: DroppingListener, windowMs: number): Promise<number> {
  const before = listener.connections;
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  return listener.connections - before;
}
