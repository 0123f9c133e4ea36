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

/** Reads CPU time first so that the collection asked for (`gc`, for a meaningful heap figure) is not counted in it. */
export function sampleProcess(sockets: ReadonlySet<Socket>, gc: boolean, detail: Record<string, unknown>): ProcessSample {
  const cpu = process.cpuUsage();
  const atMs = performance.now();
  if (gc) collectGarbage();
  return {
    ...memoryMb(),
    cpuMs: (cpu.user + cpu.system) / 1000,
    atMs,
    // writableLength: bytes written to the socket that the kernel has not taken yet (the tablet is not reading).
    socketBufferedBytes: [...sockets].map((socket) => socket.writableLength).sort((a, b) => b - a),
    detail,
  };
}
