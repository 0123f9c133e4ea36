/**
 * What the big number on each strip shows, chosen per tablet and remembered across reloads: the held peak
 * (the highest reading, held 1.5 s, then falling back) or the running average while the source plays.
 * The instantaneous level stays in the meter bar either way: it moves too fast to read as a number.
 */

export type ReadoutKind = 'peak' | 'average';

export const READOUT_KINDS: readonly ReadoutKind[] = ['peak', 'average'];

/** Where the choice is kept (localStorage in the browser). */
export interface ChoiceStore {
  load(): string | null;
  save(value: string): void;
}

/** Short word drawn after the figure, and the words for the switch. */
export const READOUT_WORDS: Record<ReadoutKind, { unit: string; label: string }> = {
  peak: { unit: 'pk', label: 'Peak hold' },
  average: { unit: 'avg', label: 'Average' },
};

export class ReadoutChoice {
  readonly #store: ChoiceStore;
  #kind = $state<ReadoutKind>('peak');

  constructor(store: ChoiceStore) {
    this.#store = store;
    const saved = store.load();
    if (saved === 'peak' || saved === 'average') this.#kind = saved;
  }

  get kind(): ReadoutKind {
    return this.#kind;
  }

  choose(kind: ReadoutKind): void {
    this.#kind = kind;
    this.#store.save(kind);
  }
}
