/**
 * Requests a part of the tablet sent and still waits for, by requestId. Each one expires after a while
 * (the bridge always answers; no answer means the link is gone or the bridge is stuck) and all are
 * given up when the socket drops. Reactive, so buttons can show "Saving…" while their request is out.
 */
import type { Clock } from './bridge-socket.svelte';

export class PendingRequests<T> {
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #onExpire: (item: T) => void;
  readonly #timers = new Map<string, number>();
  #items = $state.raw<ReadonlyMap<string, T>>(new Map());

  /** @param onExpire called for a request with no answer after `timeoutMs`, ms. */
  constructor(clock: Clock, timeoutMs: number, onExpire: (item: T) => void) {
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#onExpire = onExpire;
  }

  add(requestId: string, item: T): void {
    this.#items = new Map(this.#items).set(requestId, item);
    this.#timers.set(
      requestId,
      this.#clock.setTimeout(() => {
        const expired = this.take(requestId);
        if (expired !== undefined) this.#onExpire(expired);
      }, this.#timeoutMs),
    );
  }

  /** The request with this id, left waiting (a request answered in several replies); undefined when it is not ours. */
  get(requestId: string | null): T | undefined {
    return requestId === null ? undefined : this.#items.get(requestId);
  }

  /** Removes and returns the request answered by a message carrying `requestId`; undefined when it is not ours. */
  take(requestId: string | null): T | undefined {
    if (requestId === null || !this.#items.has(requestId)) return undefined;
    const item = this.#items.get(requestId);
    const timer = this.#timers.get(requestId);
    if (timer !== undefined) this.#clock.clearTimeout(timer);
    this.#timers.delete(requestId);
    const next = new Map(this.#items);
    next.delete(requestId);
    this.#items = next;
    return item;
  }

  /** Removes and returns every request that matches (answered some other way). */
  takeAll(match: (item: T) => boolean): T[] {
    const ids = [...this.#items].filter(([, item]) => match(item)).map(([id]) => id);
    return ids.map((id) => this.take(id)!);
  }

  some(match: (item: T) => boolean): boolean {
    for (const item of this.#items.values()) if (match(item)) return true;
    return false;
  }

  /** Gives up every request (the socket dropped) and returns them. */
  clear(): T[] {
    const items = [...this.#items.values()];
    for (const timer of this.#timers.values()) this.#clock.clearTimeout(timer);
    this.#timers.clear();
    this.#items = new Map();
    return items;
  }
}
