/** A child's view of itself for ProcessSample: memory, CPU since start, and its tablets' socket buffers. */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ProcessSample } from './child-link';
import { collectGarbage, memoryMb } from './gc-control';

/** Keeps every TCP socket the bridge's HTTP server accepts (tablets upgrade on them), until it closes. */
export function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

export function sampleProcess(sockets: ReadonlySet<Socket>, gc: boolean, detail: Record<string, unknown>): ProcessSample {
  if (gc) collectGarbage();
  const cpu = process.cpuUsage();
  return {
    ...memoryMb(),
    cpuMs: (cpu.user + cpu.system) / 1000,
    atMs: performance.now(),
    // writableLength: bytes written to the socket that the kernel has not taken yet (the tablet is not reading).
    socketBufferedBytes: [...sockets].map((socket) => socket.writableLength).sort((a, b) => b - a),
    detail,
  };
}
