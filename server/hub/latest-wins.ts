/**
 * Latest-value-wins batching: values offered faster than `intervalMs` replace each other, and at most one
 * is delivered per interval. Used per tablet for meter frames so a slow tablet costs one pending frame,
 * never a queue.
 */
export interface LatestWinsOptions<T> {
  intervalMs: number;
  deliver: (value: T) => void;
  /** Timer functions, injectable for tests with fake timers. */
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

export class LatestWins<T> {
  readonly #options: LatestWinsOptions<T>;
  #pending: { value: T } | null = null;
  #timer: unknown = null;
  #lastDeliveredMs = -Infinity;
  readonly #nowMs: () => number;

  constructor(options: LatestWinsOptions<T>, nowMs: () => number) {
    this.#options = options;
    this.#nowMs = nowMs;
  }

  offer(value: T): void {
    this.#pending = { value };
    if (this.#timer !== null) return;
    const waitMs = this.#lastDeliveredMs + this.#options.intervalMs - this.#nowMs();
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
    this.#lastDeliveredMs = this.#nowMs();
    this.#options.deliver(pending.value);
  }

  /** Drops any pending value and timer. */
  close(): void {
    if (this.#timer !== null) this.#options.clearTimer(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }
}
