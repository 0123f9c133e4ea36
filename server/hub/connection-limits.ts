/**
 * Caps on open tablet connections, per remote address and in total. A venue has a handful of tablets;
 * without a cap, sockets that never read (200 in the attack) each hold buffers until the bridge runs out.
 */

/** WebSocket close code for a refused connection: 1013 "Try Again Later" (RFC 6455 section 7.4.1, IANA registry). */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/**
 * A venue's tablets with room to spare. Everything behind the Vite dev proxy (and the bench's 17 tablets)
 * comes from 127.0.0.1, hence a per-address cap well above one tablet's needs.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimitOptions = { perAddress: 32, total: 128 };

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; reason: 'per-address' | 'total'; message: string; refusals: number };

export interface ConnectionLimitOptions {
  perAddress: number;
  total: number;
}

export class ConnectionLimits {
  readonly #options: ConnectionLimitOptions;
  readonly #perAddress = new Map<string, number>();
  #total = 0;
  #refusals = 0;

  constructor(options: ConnectionLimitOptions) {
    this.#options = options;
  }

  /** Counts a new connection from `address`, or refuses it; `release` must be called once when it closes. */
  admit(address: string): Admission {
    const fromAddress = this.#perAddress.get(address) ?? 0;
    if (this.#total >= this.#options.total) {
      this.#refusals++;
      return { ok: false, reason: 'total', message: `too many tablets connected (${this.#options.total})`, refusals: this.#refusals };
    }
    if (fromAddress >= this.#options.perAddress) {
      this.#refusals++;
      return {
        ok: false,
        reason: 'per-address',
        message: `too many connections from this address (${this.#options.perAddress})`,
        refusals: this.#refusals,
      };
    }
    this.#perAddress.set(address, fromAddress + 1);
    this.#total++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.#total--;
        const left = (this.#perAddress.get(address) ?? 1) - 1;
        if (left === 0) this.#perAddress.delete(address);
        else this.#perAddress.set(address, left);
      },
    };
  }

  get open(): number {
    return this.#total;
  }
}

/** Refusals are logged for the first one and then every this many, with the count (an attack is not a log flood). */
export const REFUSAL_LOG_EVERY = 100;

/** True when refusal number `refusals` (1-based) gets a log line. */
export function logsRefusal(refusals: number): boolean {
  return refusals === 1 || refusals % REFUSAL_LOG_EVERY === 0;
}
