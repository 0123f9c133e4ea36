/** A token bucket: `ratePerSec` sustained, `burst` at once. Pure apart from the injected clock. */
export class TokenBucket {
  #tokens: number;
  #lastMs: number;
  readonly #ratePerSec: number;
  readonly #burst: number;
  readonly #nowMs: () => number;

  constructor(ratePerSec: number, burst: number, nowMs: () => number) {
    this.#ratePerSec = ratePerSec;
    this.#burst = burst;
    this.#nowMs = nowMs;
    this.#tokens = burst;
    this.#lastMs = nowMs();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Tokens in the bucket now (fractional; at most `burst`). */
  available(): number {
    this.#refill();
    return this.#tokens;
  }

  #refill(): void {
    const now = this.#nowMs();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#lastMs) / 1000) * this.#ratePerSec);
    this.#lastMs = now;
  }
}
