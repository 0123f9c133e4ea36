/**
 * A UDP hop between the X32 adapter and the fake X32, standing in for the network. Everything passes in
 * both directions except the fake's own meter stream, which the tap drops so that the only meter packets
 * the adapter sees are the ones the bench injects: the bench decides when a packet leaves the "desk" and
 * can timestamp it. Replies, /xremote pushes (desk changes) and identity traffic pass untouched.
 */
import dgram from 'node:dgram';

/** Where injected packets go: to the adapter (as from the desk), or instead to the bench's bare relay. */
export type InjectRoute = { to: 'adapter' } | { to: 'relay'; port: number };

export interface UdpTap {
  /** The port the adapter should talk to (127.0.0.1). */
  port: number;
  /**
   * Sends a packet where the route says: to the adapter as if the desk had sent it (the default), or to
   * the relay's UDP port on 127.0.0.1 instead. False until the adapter has spoken.
   */
  inject(bytes: Uint8Array): boolean;
  routeInjected(route: InjectRoute): void;
  /** Lets the fake's own meter stream through (a band playing) instead of dropping it. */
  passDeskMeters(pass: boolean): void;
  /** Meter packets from the fake that the tap dropped. */
  droppedMeters(): number;
  close(): Promise<void>;
}

const METERS_PREFIX = Buffer.from('/meters/');

export async function startUdpTap(deskPort: number): Promise<UdpTap> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', (error) => console.error('bench tap: socket error', error));
  let adapter: { address: string; port: number } | null = null;
  let dropped = 0;
  let route: InjectRoute = { to: 'adapter' };
  let passMeters = false;
  socket.on('message', (bytes, from) => {
    if (from.port === deskPort) {
      if (!passMeters && bytes.subarray(0, METERS_PREFIX.length).equals(METERS_PREFIX)) {
        dropped++;
        return;
      }
      if (adapter) socket.send(bytes, adapter.port, adapter.address);
      return;
    }
    adapter = { address: from.address, port: from.port };
    socket.send(bytes, deskPort, '127.0.0.1');
  });
  return {
    port: socket.address().port,
    inject(bytes) {
      if (!adapter) return false;
      if (route.to === 'adapter') socket.send(bytes, adapter.port, adapter.address);
      else socket.send(bytes, route.port, '127.0.0.1');
      return true;
    },
    routeInjected(next) {
      route = next;
    },
    passDeskMeters(pass) {
      passMeters = pass;
    },
    droppedMeters: () => dropped,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
