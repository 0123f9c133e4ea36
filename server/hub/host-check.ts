/**
 * DNS-rebinding guard. A hostile page can point its own name (evil.example) at this machine and then
 * talk to the bridge from the victim's browser; the browser sends `Host: evil.example:PORT` and
 * `Origin: http://evil.example:PORT`, so comparing Origin with Host passes. The Host header, though,
 * can only name this machine when the request was really meant for it: one of its addresses, its host
 * name, `localhost`, or a name the operator allowed (--allow-host, and the hosts of --allow-origin).
 */
import { hostname, networkInterfaces } from 'node:os';

/** The host part of a Host header, lower case, without port or IPv6 brackets; null when unparseable. */
export function hostOfHeader(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  try {
    const host = new URL(`http://${header}`).hostname.toLowerCase();
    return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  } catch {
    return null;
  }
}

/** This machine's names and addresses as a Host header may carry them. */
export function machineHostNames(): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  const name = hostname().toLowerCase();
  if (name !== '') names.push(name, `${name}.local`);
  for (const addresses of Object.values(networkInterfaces())) {
    for (const info of addresses ?? []) names.push(info.address.toLowerCase().replace(/%.*$/, ''));
  }
  return names;
}

export interface HostAllowListOptions {
  /** Names the operator allowed besides the machine's own (already lower case or not; ports ignored). */
  extraHosts: readonly string[];
  /** This machine's names; re-read on a miss since an address may arrive after start (DHCP, a new link). */
  machineNames: () => string[];
  /** Shortest time between two re-reads of the machine's names, ms. */
  refreshEveryMs: number;
  nowMs: () => number;
}

export class HostAllowList {
  readonly #options: HostAllowListOptions;
  readonly #extra: Set<string>;
  #machine: Set<string>;
  #readAtMs: number;

  constructor(options: HostAllowListOptions) {
    this.#options = options;
    this.#extra = new Set(options.extraHosts.flatMap((host) => hostOfHeader(host) ?? []));
    this.#machine = new Set(options.machineNames());
    this.#readAtMs = options.nowMs();
  }

  /** True when the Host header names this machine or an allowed name (any port). */
  allows(header: string | undefined): boolean {
    const host = hostOfHeader(header);
    if (host === null) return false;
    if (this.#extra.has(host) || this.#machine.has(host)) return true;
    const now = this.#options.nowMs();
    if (now - this.#readAtMs < this.#options.refreshEveryMs) return false;
    this.#machine = new Set(this.#options.machineNames());
    this.#readAtMs = now;
    return this.#machine.has(host);
  }
}
