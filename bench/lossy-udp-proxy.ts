/**
 * A UDP hop that drops a share of the datagrams in each direction (seeded, so runs repeat), standing in
 * for a busy venue network between the bridge and the desk. The first peer that is not the desk is the
 * client; replies go back to it.
 */
import dgram from 'node:dgram';
import { seededRandom } from '../test/fakes/fake-x-desk';

export interface LossyUdpProxy {
  /** The port the client should talk to (127.0.0.1). */
  port: number;
  stats(): { passed: number; dropped: number };
  close(): Promise<void>;
}

export async function startLossyUdpProxy(deskPort: number, lossRate: number, seed: number): Promise<LossyUdpProxy> {
  const random = seededRandom(seed);
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  let client: { address: string; port: number } | null = null;
  let passed = 0;
  let dropped = 0;
  socket.on('error', (error) => console.error('lossy proxy: socket error', error));
  socket.on('message', (bytes, from) => {
    if (random() < lossRate) {
      dropped++;
      return;
    }
    passed++;
    if (from.port === deskPort) {
      if (client) socket.send(bytes, client.port, client.address);
      return;
    }
    client = { address: from.address, port: from.port };
    socket.send(bytes, deskPort, '127.0.0.1');
  });
  return {
    port: socket.address().port,
    stats: () => ({ passed, dropped }),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
