/**
 * A first-in first-out queue with O(1) amortised push and shift: an array with a moving head that is
 * compacted once the dead prefix outgrows the live part (Array.prototype.shift is O(n)).
 */
export class SampleQueue<T> {
  #items: T[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  /** Oldest item, or undefined when empty. */
  front(): T | undefined {
    return this.#items[this.#head];
  }

  /** Newest item, or undefined when empty. */
  back(): T | undefined {
    return this.length > 0 ? this.#items[this.#items.length - 1] : undefined;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.#items[this.#head];
    // Release the slot: a dead prefix of up to 1024 samples would otherwise keep them alive until compaction.
    this.#items[this.#head] = undefined as T;
    this.#head += 1;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Removes the newest item (for monotonic deques). */
  pop(): T | undefined {
    if (this.length === 0) return undefined;
    return this.#items.pop();
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}
