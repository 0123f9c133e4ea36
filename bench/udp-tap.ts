/**
 * A UDP hop between the X32 adapter and the fake X32, standing in for the network. Everything passes in
 * both directions except the fake's own meter stream, which the tap drops so that the only meter packets
 * the adapter sees are the ones the bench injects: the bench decides when a packet leaves the "desk" and
 * can timestamp it. Replies, /xremote pushes (desk changes) and identity traffic pass untouched.
 */
import dgram from 'node:dgram';

export interface UdpTap {
  /** The port the adapter should talk to (127.0.0.1). */
  port: number;
  /**
   * Sends a packet to the adapter as if the desk had sent it, and to the mirror (if set) in the same turn,
   * the two in alternating order. False until the adapter has spoken.
   */
  inject(bytes: Uint8Array): boolean;
  /** Also sends every injected packet to this UDP port on 127.0.0.1 (the bench's bare relay); null: none. */
  mirrorTo(port: number | null): void;
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
  let mirror: number | null = null;
  let passMeters = false;
  let injected = 0;
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
      const toAdapter = (): void => socket.send(bytes, adapter!.port, adapter!.address);
      const toMirror = (): void => {
        if (mirror !== null) socket.send(bytes, mirror, '127.0.0.1');
      };
      // Neither path is always first out of the tap.
      if (injected++ % 2 === 0) {
        toAdapter();
        toMirror();
      } else {
        toMirror();
        toAdapter();
      }
      return true;
    },
    mirrorTo(port) {
      mirror = port;
    },
    passDeskMeters(pass) {
      passMeters = pass;
    },
    droppedMeters: () => dropped,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
