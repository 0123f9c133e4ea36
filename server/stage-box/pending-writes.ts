/**
 * Writes a desk's safe writer announced on a shared preamp (write-tap.ts), waiting to be seen on the desk:
 * the move that matches one is that engineer's write through Headroom, not a knob turned at a desk.
 */
import type { ParamId } from '../model/params';

/** A write announced but never seen on the desk is forgotten after this, ms. */
const PENDING_MS = 10_000;
/** Gains arrive on the console's 0.5 dB grid: a requested value is never further off than half of it, dB. */
const MATCH_WITHIN = 0.26;

export interface PendingWrite {
  desk: string;
  /** 'own': an undo of a tracked change (not tracked again); 'headroom': an engineer's write on that desk. */
  kind: 'own' | 'headroom';
  param: ParamId;
  value: number;
  /** The desk's last journal seq before the write: its entry is the first after it. */
  journalFrom: number;
  atMs: number;
}

export class PendingWrites {
  readonly #nowMs: () => number;
  readonly #byInput = new Map<number, PendingWrite[]>();

  constructor(nowMs: () => number) {
    this.#nowMs = nowMs;
  }

  /** Box input `input` is about to be written. */
  note(input: number, write: Omit<PendingWrite, 'atMs'>): void {
    this.#byInput.set(input, [...this.#live(input), { ...write, atMs: this.#nowMs() }]);
  }

  /** The announced write the move of `param` to `value` on `input` is, taken off the list; null: none (a desk's knob). */
  take(input: number, param: 'preampGainDb' | 'phantom', value: number): PendingWrite | null {
    const live = this.#live(input);
    const index = live.findIndex((p) => p.param.endsWith(`.${param}`) && Math.abs(p.value - value) <= MATCH_WITHIN);
    const [taken] = index >= 0 ? live.splice(index, 1) : [];
    this.#byInput.set(input, live);
    return taken ?? null;
  }

  #live(input: number): PendingWrite[] {
    const nowMs = this.#nowMs();
    return (this.#byInput.get(input) ?? []).filter((p) => nowMs - p.atMs < PENDING_MS);
  }
}
