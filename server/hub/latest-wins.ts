/**
 * Latest-value-wins batching: values offered faster than the rate allows replace each other, and at most
 * one is delivered per `intervalMs` on average. Used per tablet for meter frames so a slow tablet costs one
 * pending frame, never a queue.
 *
 * The rate is kept on a schedule of slots `intervalMs` apart that does not drift (the generic cell rate
 * algorithm of ATM traffic shaping, ITU-T I.371): a value may go up to `toleranceMs` before its slot. A desk
 * sends on its own clock, and a frame that reached the bridge late (the network, a garbage collection, an
 * engine run) is followed by one that is on time: measured from the late delivery, that one comes early,
 * and a throttle counting from the last delivery held it back for the difference (up to the whole interval)
 * although the stream never went faster than the desk's rate.
 */
export interface LatestWinsOptions<T> {
  /** The fastest average rate: one value per this many ms. */
  intervalMs: number;
  /**
   * How far before its slot a value may go, ms (0: never, which is one value per interval measured from
   * the last delivery). After a quiet spell a burst of at most 1 + toleranceMs / intervalMs values goes at
   * once; in any span of `spanMs` at most 1 + (spanMs + toleranceMs) / intervalMs are delivered.
   */
  toleranceMs: number;
  deliver: (value: T) => void;
  /** Timer functions, injectable for tests with fake timers. */
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

export class LatestWins<T> {
  readonly #options: LatestWinsOptions<T>;
  #pending: { value: T } | null = null;
  #timer: unknown = null;
  /** The slot of the next delivery on the schedule (its "theoretical arrival time"), ms. */
  #nextSlotMs = -Infinity;
  readonly #nowMs: () => number;

  constructor(options: LatestWinsOptions<T>, nowMs: () => number) {
    this.#options = options;
    this.#nowMs = nowMs;
  }

  offer(value: T): void {
    this.#pending = { value };
    if (this.#timer !== null) return;
    const waitMs = this.#nextSlotMs - this.#options.toleranceMs - this.#nowMs();
    if (waitMs <= 0) {
      this.#flush();
    } else {
      this.#timer = this.#options.setTimer(() => {
        this.#timer = null;
        this.#flush();
      }, waitMs);
    }
  }

  #flush(): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    // A slot left unused while nothing was offered is not saved up: the schedule restarts from now.
    this.#nextSlotMs = Math.max(this.#nextSlotMs, this.#nowMs()) + this.#options.intervalMs;
    this.#options.deliver(pending.value);
  }

  /** Drops any pending value and timer. */
  close(): void {
    if (this.#timer !== null) this.#options.clearTimer(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }
}
