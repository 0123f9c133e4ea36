/**
 * The console's change event for an adapter: the adapter says "my snapshot may have changed" as often as it
 * likes (every OSC message of a sync, every MIDI value); once the current tick is over the feed compares the
 * snapshot with the one it last reported and emits one batch of value changes, or nothing when nothing a
 * snapshot shows changed. Listeners never see a half-applied burst, and a fader ridden at 20 Hz costs 20
 * small batches a second instead of whole snapshots.
 */
import type { ConsoleSnapshot } from '../model/stages';
import { Topic, type Unsubscribe } from '../model/topic';
import { diffSnapshots, type StateChange } from './snapshot-diff';

/** Value changes coalesced over one tick, and the snapshot they lead to. */
export interface SnapshotChanges {
  changes: readonly StateChange[];
  snapshot: ConsoleSnapshot;
}

export class ChangeFeed {
  readonly #read: () => ConsoleSnapshot;
  readonly #defer: (run: () => void) => void;
  readonly #topic: Topic<SnapshotChanges>;
  #reported: ConsoleSnapshot | null = null;
  #scheduled = false;

  /**
   * @param read the adapter's current snapshot
   * @param defer runs a function once the current tick is over (setImmediate; a fake in tests)
   */
  constructor(read: () => ConsoleSnapshot, onListenerError: (error: unknown) => void, defer: (run: () => void) => void) {
    this.#read = read;
    this.#defer = defer;
    this.#topic = new Topic(onListenerError);
  }

  listen(listener: (batch: SnapshotChanges) => void): Unsubscribe {
    this.#reported ??= this.#read();
    return this.#topic.listen(listener);
  }

  /** The snapshot may have changed: compare and report once this tick is over. */
  touch(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#defer(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const snapshot = this.#read();
    const before = this.#reported;
    this.#reported = snapshot;
    if (before === null || before === snapshot) return;
    const changes = diffSnapshots(before, snapshot);
    if (changes.length > 0) this.#topic.emit({ changes, snapshot });
  }
}
