/**
 * The bridge's one versioned copy of the console state. Every batch of changes the console reports makes
 * a new version; tablets get each batch as a delta carrying that version, and the whole snapshot only when
 * they connect or report a gap. The snapshot here is always the one at `version`, so a tablet that takes
 * it and then applies the deltas that follow ends where the bridge is.
 */
import type { SnapshotChanges } from '../consoles/change-feed';
import type { StateChange } from '../consoles/snapshot-diff';
import type { ConsoleSnapshot } from '../model/stages';
import { Topic, type Unsubscribe } from '../model/topic';

export interface DeskDelta {
  version: number;
  changes: readonly StateChange[];
}

export class DeskState {
  #version = 1;
  #snapshot: ConsoleSnapshot;
  readonly #deltas: Topic<DeskDelta>;

  constructor(initial: ConsoleSnapshot, onListenerError: (error: unknown) => void) {
    this.#snapshot = initial;
    this.#deltas = new Topic(onListenerError);
  }

  get version(): number {
    return this.#version;
  }

  get snapshot(): ConsoleSnapshot {
    return this.#snapshot;
  }

  /** Takes one batch from the console: the next version. */
  advance(batch: SnapshotChanges): void {
    if (batch.changes.length === 0) return;
    this.#version++;
    this.#snapshot = batch.snapshot;
    this.#deltas.emit({ version: this.#version, changes: batch.changes });
  }

  onDelta(listener: (delta: DeskDelta) => void): Unsubscribe {
    return this.#deltas.listen(listener);
  }
}
