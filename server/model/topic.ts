/** A synchronous publish/subscribe channel for one kind of event. Listener errors are isolated and reported. */
export type Unsubscribe = () => void;

export class Topic<T> {
  readonly #listeners = new Set<(value: T) => void>();
  readonly #onListenerError: (error: unknown) => void;

  /** @param onListenerError receives anything a listener throws; one bad listener never starves the others. */
  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  listen(listener: (value: T) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.#listeners) {
      try {
        listener(value);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
