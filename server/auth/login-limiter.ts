/**
 * Failed-PIN rate limit per remote address: after `maxFailures` wrong PINs within `windowMs`, every attempt
 * from that address is refused until the oldest failure is older than the window. A right PIN clears the
 * address's failures. Memory is bounded: at most `maxAddresses` addresses are tracked.
 */
export interface LoginLimiterOptions {
  maxFailures: number;
  windowMs: number;
  nowMs: () => number;
  maxAddresses: number;
}

/** Five wrong PINs a minute per address. */
export const DEFAULT_LOGIN_LIMIT = { maxFailures: 5, windowMs: 60_000 } as const;

export class LoginLimiter {
  readonly #options: LoginLimiterOptions;
  /** address -> times of recent failures, oldest first. */
  readonly #failures = new Map<string, number[]>();

  constructor(options: LoginLimiterOptions) {
    this.#options = options;
  }

  /** How long `address` must wait before its next attempt, ms; 0 when it may try now. */
  retryAfterMs(address: string): number {
    const recent = this.#recent(address);
    if (recent.length < this.#options.maxFailures) return 0;
    const oldestCounted = recent[recent.length - this.#options.maxFailures]!;
    return Math.max(1, oldestCounted + this.#options.windowMs - this.#options.nowMs());
  }

  /** Attempts left before the address is locked out. */
  attemptsLeft(address: string): number {
    return Math.max(0, this.#options.maxFailures - this.#recent(address).length);
  }

  recordFailure(address: string): void {
    const recent = this.#recent(address);
    recent.push(this.#options.nowMs());
    this.#failures.delete(address);
    this.#failures.set(address, recent.slice(-this.#options.maxFailures));
    while (this.#failures.size > this.#options.maxAddresses) {
      const oldest = this.#failures.keys().next().value;
      if (oldest === undefined) break;
      this.#failures.delete(oldest);
    }
  }

  recordSuccess(address: string): void {
    this.#failures.delete(address);
  }

  #recent(address: string): number[] {
    const cutoff = this.#options.nowMs() - this.#options.windowMs;
    return (this.#failures.get(address) ?? []).filter((atMs) => atMs > cutoff);
  }
}
