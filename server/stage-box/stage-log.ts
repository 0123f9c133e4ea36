/**
 * What the stage box tells every desk's tablets besides its state: the tracked changes (each the preamp
 * move and the parts on every desk that answered it, undoable as one) and the warnings, newest last, the
 * latest few kept.
 */
import type { ParamId } from '../model/params';
import type { StageWarningKind, WireStageWarning, WireTrackedChange } from './stage-box-wire';

const KEPT_CHANGES = 50;
const KEPT_WARNINGS = 20;

/** One desk's share of a tracked change. */
export interface TrackedPart {
  desk: string;
  /** The action to undo on that desk; null until the journal entry of a Headroom write is found. */
  actionSeq: number | null;
  param: ParamId;
  /** The desk's last journal seq before the part was written. */
  journalFrom: number;
}

export interface TrackedChange {
  wire: WireTrackedChange;
  parts: TrackedPart[];
}

export class StageLog {
  readonly #nowMs: () => number;
  readonly #newId: () => string;
  readonly #changes: TrackedChange[] = [];
  readonly #warnings: WireStageWarning[] = [];

  constructor(nowMs: () => number, newId: () => string) {
    this.#nowMs = nowMs;
    this.#newId = newId;
  }

  warn(kind: StageWarningKind, input: number | null, text: string): void {
    this.#warnings.push({ id: this.#newId(), atIso: new Date(this.#nowMs()).toISOString(), kind, input, text });
    this.#warnings.splice(0, Math.max(0, this.#warnings.length - KEPT_WARNINGS));
  }

  addChange(change: TrackedChange): void {
    this.#changes.push(change);
    this.#changes.splice(0, Math.max(0, this.#changes.length - KEPT_CHANGES));
  }

  findChange(id: string): TrackedChange | undefined {
    return this.#changes.find((c) => c.wire.id === id);
  }

  /** Copies for the wire. */
  changes(): WireTrackedChange[] {
    return this.#changes.map((c) => ({ ...c.wire }));
  }

  warnings(): WireStageWarning[] {
    return [...this.#warnings];
  }
}
