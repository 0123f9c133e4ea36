/**
 * Finding a WING without its address: the desk answers the 5 bytes "WING?" sent to UDP 2222 with
 * "WING,ip,name,model,serial,firmware" (WING Remote Protocols, discovery; libwing's Discovery.md).
 *
 * Why one broadcast per interface: a broadcast to 255.255.255.255 leaves by one interface only (the default
 * route's), so a laptop on Wi-Fi and on the desk's wired network never hears the desk (the "no console
 * detected with several network interfaces" reports). Headroom sends a directed broadcast on every IPv4
 * interface instead.
 */
import dgram from 'node:dgram';
import type { NetworkInterfaceInfo } from 'node:os';

export interface DiscoveredWing {
  ip: string;
  name: string;
  /** As the desk reports it: "wing-compact", "wing-rack", "ngc-full", ... */
  model: string;
  serial: string;
  firmware: string;
}

const QUERY = Buffer.from('WING?', 'ascii');

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => ((n << 8) | Number(p)) >>> 0, 0);
}

function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join('.');
}

/** The directed broadcast address of every external IPv4 interface (ip | ~netmask), without repeats. */
export function broadcastTargets(interfaces: Record<string, NetworkInterfaceInfo[] | undefined>): string[] {
  const targets = new Set<string>();
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal) continue;
      const ip = ipv4ToInt(info.address);
      const mask = ipv4ToInt(info.netmask);
      if (ip === null || mask === null) continue;
      targets.add(intToIpv4((ip | ~mask) >>> 0));
    }
  }
  return [...targets];
}

/** A discovery reply, or null for anything else (network input: never throws). */
export function parseDiscoveryReply(bytes: Uint8Array): DiscoveredWing | null {
  if (bytes.byteLength > 512) return null;
  const fields = Buffer.from(bytes).toString('ascii').replace(/\0+$/, '').split(',');
  if (fields.length < 6 || fields[0] !== 'WING' || ipv4ToInt(fields[1] ?? '') === null) return null;
  const [, ip = '', name = '', model = '', serial = '', firmware = ''] = fields;
  return { ip, name, model, serial, firmware };
}

export interface DiscoveryOptions {
  /** Addresses to ask (broadcast or unicast). */
  targets: readonly string[];
  /** The desks' discovery port (2222). */
  port: number;
  /** How long to listen for answers. */
  timeoutMs: number;
}

/** Asks every target and resolves with each desk that answered within the time, once each. */
export async function discoverWings(options: DiscoveryOptions): Promise<DiscoveredWing[]> {
  const socket = dgram.createSocket('udp4');
  const found = new Map<string, DiscoveredWing>();
  socket.on('message', (bytes) => {
    const desk = parseDiscoveryReply(bytes);
    if (desk && !found.has(desk.ip)) found.set(desk.ip, desk);
  });
  // A target that cannot be reached (an interface going down) must not end the search on the others.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.setBroadcast(true);
  for (const target of options.targets) socket.send(QUERY, options.port, target);
  await new Promise((resolve) => setTimeout(resolve, options.timeoutMs));
  socket.close();
  return [...found.values()];
}
