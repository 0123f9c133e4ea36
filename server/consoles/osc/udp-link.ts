/**
 * The UDP link every OSC console adapter uses: one socket bound to a local port, OSC messages sent to the
 * desk, and datagrams from anyone but the desk kept out. The adapter owns the link: close() releases it.
 */
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { encodeMessage, type OscArg } from './codec';

/** The desk's IPv4 address (a name is looked up once). Rejects with the resolver's error. */
export async function resolveIpv4(host: string): Promise<string> {
  return isIP(host) ? host : (await lookup(host, { family: 4 })).address;
}

export interface OscUdpLinkOptions {
  /** The desk's IPv4 address (see resolveIpv4). */
  address: string;
  port: number;
  /** Our UDP port; 0 = any free one. */
  localPort: number;
  /**
   * 'route-to-desk': bind only on the interface the system routes to the desk through, which keeps the
   * socket off every other interface (venue Wi-Fi, a second network card); 'any': every interface.
   */
  bindTo: 'route-to-desk' | 'any';
  /**
   * Whether datagrams must come from the desk's port as well as its address: a desk answers from the port
   * it was asked on (X family, WING); a DAW may send from another.
   */
  samePort: boolean;
  onDatagram(bytes: Buffer): void;
  /** A datagram from someone other than the desk ("address:port"), dropped. */
  onStranger(from: string): void;
  /** A socket or send error; the link stays open. `address` names the OSC address that failed to go out. */
  onError(error: unknown, address?: string): void;
}

export interface OscUdpLink {
  /** Where the socket is bound, "address:port" (for the log). */
  readonly local: string;
  /** Sends one message (no arguments: a read request); false when the socket refused it. */
  send(address: string, args?: readonly OscArg[]): boolean;
  close(): void;
}

/** Binds the socket. Rejects with the bind error (a local port in use names itself). */
export async function openOscUdpLink(options: OscUdpLinkOptions): Promise<OscUdpLink> {
  const localAddress = options.bindTo === 'route-to-desk' ? await routeLocalAddress(options.address, options.port) : undefined;
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.localPort, localAddress, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const bound = socket.address();
  socket.on('error', (error) => options.onError(error));
  socket.on('message', (bytes, from) => {
    if (from.address !== options.address || (options.samePort && from.port !== options.port)) {
      options.onStranger(`${from.address}:${from.port}`);
      return;
    }
    options.onDatagram(bytes);
  });
  let closed = false;
  return {
    local: `${bound.address}:${bound.port}`,
    send(address, args = []) {
      if (closed) return false;
      try {
        socket.send(encodeMessage(address, args), options.port, options.address, (error) => {
          if (error) options.onError(error, address);
        });
        return true;
      } catch (error) {
        options.onError(error, address);
        return false;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      socket.close();
    },
  };
}

/**
 * The local address the system routes to `deskAddress` through: a connected UDP socket picks it without
 * sending anything.
 */
async function routeLocalAddress(deskAddress: string, deskPort: number): Promise<string> {
  const probe = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.connect(deskPort, deskAddress, () => {
        probe.off('error', reject);
        resolve();
      });
    });
    return probe.address().address;
  } finally {
    probe.close();
  }
}
