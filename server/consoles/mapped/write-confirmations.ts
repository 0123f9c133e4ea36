/**
 * Writes waiting for the console to report their parameter back (the desk's echo, or its answer to a
 * state request). Shared by the mapped adapters. The first value reported for a parameter after the write
 * was sent is the confirmed one, even when it differs from the request: that is what the desk now holds.
 */
import { ConsoleError } from '../console';
import type { ParamId } from '../../model/params';

interface Waiter {
  resolve(value: number): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class WriteConfirmations {
  readonly #timeoutMs: number;
  readonly #onTimeout: (param: ParamId) => void;
  readonly #waiting = new Map<ParamId, Set<Waiter>>();

  /** @param timeoutMs how long a write waits for its echo; `onTimeout` is told about each that did not come. */
  constructor(timeoutMs: number, onTimeout: (param: ParamId) => void) {
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
  }

  /**
   * Registers a wait for `param` (call before sending the write, so a fast echo is not missed). Resolves with
   * the reported value; rejects with ConsoleError('read-back-timeout') or the error given to cancelAll().
   */
  expect(param: ParamId): Promise<number> {
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(param) ?? new Set<Waiter>();
      this.#waiting.set(param, waiters);
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter);
          if (waiters.size === 0) this.#waiting.delete(param);
          this.#onTimeout(param);
          reject(new ConsoleError('read-back-timeout', `the console did not report ${param} back within ${this.#timeoutMs} ms`));
        }, this.#timeoutMs),
      };
      waiters.add(waiter);
    });
  }

  /** Offers a value the console reported; true when a write was waiting for it. */
  offer(param: ParamId, value: number): boolean {
    const waiters = this.#waiting.get(param);
    if (!waiters) return false;
    this.#waiting.delete(param);
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(value);
    }
    return true;
  }

  /** Rejects the writes waiting for `param` with `error` (the console refused the write). */
  reject(param: ParamId, error: Error): void {
    const waiters = this.#waiting.get(param);
    if (!waiters) return;
    this.#waiting.delete(param);
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  /** Rejects every waiting write with `error` and clears its timer. */
  cancelAll(error: Error): void {
    const all = [...this.#waiting.values()].flatMap((waiters) => [...waiters]);
    this.#waiting.clear();
    for (const waiter of all) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
