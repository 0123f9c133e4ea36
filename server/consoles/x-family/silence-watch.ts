/**
 * Liveness of a UDP desk link: the link counts as lost `timeoutMs` after the last packet, on the dot (one
 * timer aimed at the deadline, not a periodic check that can overshoot it by a period: the attack
 * measured 2.3-2.4 s against a promised 2 s with a 500 ms check). Halfway there, a probe asks the desk
 * for a reply, so a quiet desk (meters off) is not taken for a dead one.
 */

export interface SilenceWatchOptions {
  /** Silence after which onSilent fires, ms. */
  timeoutMs: number;
  /** Silence after which onProbe fires (once per silence), ms; below timeoutMs. */
  probeAfterMs: number;
  /** False while nothing is expected from the desk (connecting, lost): the watch then only waits. */
  watching(): boolean;
  onProbe(): void;
  onSilent(silentMs: number): void;
  nowMs(): number;
}

export class SilenceWatch {
  readonly #options: SilenceWatchOptions;
  #lastMs: number;
  #probed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SilenceWatchOptions) {
    this.#options = options;
    this.#lastMs = options.nowMs();
  }

  /** Starts the timer; aborting `signal` clears it. */
  start(signal: AbortSignal): void {
    this.#lastMs = this.#options.nowMs();
    this.#schedule();
    signal.addEventListener('abort', () => clearTimeout(this.#timer), { once: true });
  }

  /** A packet arrived. Cheap (no timer work): called for every meter packet. */
  heard(): void {
    this.#lastMs = this.#options.nowMs();
    this.#probed = false;
  }

  /** When the last packet arrived (ms on the injected clock). */
  get lastMs(): number {
    return this.#lastMs;
  }

  #tick(): void {
    const silentMs = this.#options.nowMs() - this.#lastMs;
    if (this.#options.watching()) {
      if (silentMs >= this.#options.timeoutMs) {
        // Restart the window: the link is being torn down, and the next silence is counted afresh.
        this.#lastMs = this.#options.nowMs();
        this.#probed = false;
        this.#options.onSilent(silentMs);
      } else if (silentMs >= this.#options.probeAfterMs && !this.#probed) {
        this.#probed = true;
        this.#options.onProbe();
      }
    }
    this.#schedule();
  }

  /** Wakes at the next moment something may be due: the probe, or the deadline of the last packet. */
  #schedule(): void {
    const now = this.#options.nowMs();
    const probeAt = this.#lastMs + this.#options.probeAfterMs;
    const deadline = this.#lastMs + this.#options.timeoutMs;
    const wakeAt = !this.#probed && probeAt > now ? probeAt : deadline > now ? deadline : now + this.#options.timeoutMs;
    this.#timer = setTimeout(() => this.#tick(), Math.max(1, wakeAt - now));
  }
}
