/**
 * Child process: the bare relay the wifi bench compares the bridge with. Every UDP packet it gets goes to
 * every WebSocket client as it is, nothing parsed, nothing kept: the least any bridge could do. Its
 * latency is the floor that the bridge's packet-to-tablet latency is measured against.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { sendReady, serveParent } from './child-link';

export interface RelayReady {
  type: 'ready';
  udpPort: number;
  wsPort: number;
}

const udp = dgram.createSocket('udp4');
await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise<void>((resolve) => wss.once('listening', resolve));
udp.on('message', (bytes) => {
  for (const client of wss.clients) client.send(bytes);
});
serveParent(
  async (request) => {
    throw new Error(`the relay answers nothing (${request.type})`);
  },
  async () => {
    udp.close();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  },
);
sendReady({ type: 'ready', udpPort: udp.address().port, wsPort: (wss.address() as AddressInfo).port } satisfies RelayReady);
