/**
 * The only code path that writes to a console. Every write is: refused in read-only mode, clamped to the
 * parameter's range, refused above the step limit (or for phantom power) unless confirmed a second time,
 * read back (the console's confirmed value is what counts), journalled and undoable. And every batch keeps
 * the invariant: no level in the PA or a monitor mix moves unless that is the batch's stated purpose; a
 * batch the level model predicts to move one anyway asks for a second confirmation that names each move.
 * On a desk sharing a stage box every question also says what the batch does on the other desks (the
 * optional `otherDesks` hook), and a move there that no trim can answer is asked about on every write path
 * (undo and restore too: their purpose is this desk's levels, never another desk's).
 * Writes are serialised: two tablets never interleave a read-modify-write, and a batch is checked whole
 * before its first write.
 */
import type { Console } from '../consoles/console';
import { ConsoleError } from '../consoles/console';
import { clamp, formatDb } from '../model/db';
import { parseParamId, readParam, type ParamId, type ParamSpec } from '../model/params';
import type { OtherDeskEffects, OtherDeskMove } from '../engine/other-desks';
import { effectText, LEVEL_TOLERANCE_DB, mastersMoved, predictLevelShift, shiftText, unintendedMoves, unreadSendMoves, unreadSendsText, type LevelChange, type LevelMeters, type LevelShift, type MixKey } from '../model/level-model';
import type { Journal, JournalEntry } from './journal';

export type WriteErrorCode =
  | 'read-only'
  | 'unknown-param'
  | 'needs-confirmation'
  | 'console-failed'
  | 'journal-failed'
  | 'nothing-to-undo';

/** What a read-only bridge answers to every write. */
export const READ_ONLY_MESSAGE = 'Headroom runs read-only (--read-only): nothing is written to the console.';

export class WriteError extends Error {
  readonly code: WriteErrorCode;
  constructor(code: WriteErrorCode, message: string) {
    super(message);
    this.name = 'WriteError';
    this.code = code;
  }
}

export interface WriteRequest {
  param: string;
  value: number;
  /** Client id of the tablet, or 'bridge'. */
  client: string;
  /** Why: suggestion id, 'undo', 'recall:<profile>', 'restore'. */
  origin: string;
  /** The engineer confirmed a second time (needed above the step limit and for phantom power). */
  confirmed: boolean;
  /** The mixes this write means to move; every other level must stay. 'any': a level set on purpose by a script. */
  purpose: readonly MixKey[] | 'any';
}

/** Several writes that belong together (a change and its compensation, a restore). */
export interface WriteBatch {
  /**
   * In order. A move marked `compensation` that this console cannot write is left out rather than refusing
   * the batch: the level check then states what it would have kept, and asks.
   */
  changes: readonly { param: ParamId; value: number; compensation?: boolean }[];
  client: string;
  origin: string;
  confirmed: boolean;
  /** The soundcheck whose result is applied, journalled so undo-soundcheck finds the writes; else null. */
  soundcheckId: string | null;
  /** 'stop': later writes depend on earlier ones (a change and its compensation); 'continue': independent. */
  onFailure: 'stop' | 'continue';
  /** The mixes this batch means to move (its master faders); every other level must stay. 'any': a restore. */
  purpose: readonly MixKey[] | 'any';
}

export interface WriteFailure {
  param: string;
  label: string;
  code: WriteErrorCode;
  message: string;
}

/** What a batch wrote (in order, each confirmed by read-back) and what failed. */
export interface BatchOutcome {
  entries: JournalEntry[];
  failures: WriteFailure[];
}

/** One value of a backup (see backup.ts): dB (-Infinity for a fader fully down) or 0/1. */
export interface RestoreValue {
  param: ParamId;
  value: number;
}

export interface SafeWriterOptions {
  console: Console;
  journal: Journal;
  readOnly: boolean;
  /** Largest change applied without a second confirmation, dB. */
  maxStepDb: number;
  nowMs: () => number;
  onWrite: (entry: JournalEntry) => void;
  /** What the meters heard, for the level model's prediction of a batch's effect. */
  meters: () => LevelMeters;
  /**
   * A desk sharing a stage box: what a batch does on the other desks (their trims against a shared gain).
   * Every question names it, and a move another desk cannot keep is asked about. Absent on a single desk.
   */
  otherDesks?: OtherDeskEffects;
}

interface PlannedWrite {
  param: ParamId;
  label: string;
  before: number;
  requested: number;
  undoOf: number | null;
  /** Why this write needs a second confirmation ("Ch 1 Kick gain 19.5 dB"); null when it does not. */
  confirmReason: { kind: 'step' | 'phantom'; text: string } | null;
}

interface Provenance {
  client: string;
  origin: string;
  confirmed: boolean;
  soundcheckId: string | null;
  /** The action's first write, once made; null: this write starts the action. */
  actionSeq: number | null;
}

export class SafeWriter {
  readonly #options: SafeWriterOptions;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: SafeWriterOptions) {
    this.#options = options;
  }

  get readOnly(): boolean {
    return this.#options.readOnly;
  }

  get maxStepDb(): number {
    return this.#options.maxStepDb;
  }

  /** Applies one write; resolves with its journal entry (confirmedValue = the console's read-back). */
  apply(request: WriteRequest): Promise<JournalEntry> {
    return this.#serialise(async () => {
      const plan = this.#plan({ param: request.param, value: request.value, undoOf: null }, new Map());
      this.#requireConfirmation([plan], request.confirmed, request.purpose);
      return this.#write(plan, { ...request, soundcheckId: null, actionSeq: null });
    });
  }

  /**
   * Checks every change of the batch (known parameter, step limit, phantom) before writing any: an
   * unconfirmed batch that needs confirmation writes nothing. Console failures are collected.
   * @throws WriteError read-only, unknown-param, needs-confirmation (nothing written).
   */
  applyAll(batch: WriteBatch): Promise<BatchOutcome> {
    return this.#serialise(async () => {
      this.#refuseReadOnly();
      const projected = new Map<ParamId, number>();
      const writable = batch.changes.filter((c) => c.compensation !== true || this.#options.console.paramSpec(c.param) !== undefined);
      const plans = writable.map((change) => this.#plan({ param: change.param, value: change.value, undoOf: null }, projected));
      this.#requireConfirmation(plans, batch.confirmed, batch.purpose);
      return this.#writeAll(plans, { ...batch, actionSeq: null }, batch.onFailure);
    });
  }

  /**
   * Undoes journal entry `seq` (default: the latest write that is neither an undo nor undone), writing back
   * the value read from the console before it.
   * @throws WriteError nothing-to-undo, needs-confirmation, read-only, console-failed.
   */
  undo(client: string, seq: number | null, confirmed: boolean): Promise<JournalEntry> {
    return this.#serialise(async () => {
      this.#refuseReadOnly();
      const entries = this.#options.journal.entries();
      const undone = undoneBy(entries);
      const entry = seq === null
        ? [...entries].reverse().find((e) => e.undoOf === null && !undone.has(e.seq))
        : entries.find((e) => e.seq === seq);
      if (!entry) throw new WriteError('nothing-to-undo', seq === null ? 'Nothing to undo.' : `No journal entry #${seq}.`);
      const by = undone.get(entry.seq);
      if (by !== undefined) throw new WriteError('nothing-to-undo', `Entry #${entry.seq} (${entry.label}) was already undone by #${by}.`);
      const plan = this.#plan({ param: entry.param, value: entry.beforeValue, undoOf: entry.seq }, new Map());
      // Taking a whole action back restores the levels it set, which is its purpose; taking back one write of
      // an action (a gain without its compensating fader) is held to the invariant like any other change.
      const whole = !entries.some((e) => e.actionSeq === entry.actionSeq && e.seq !== entry.seq && e.undoOf === null && !undone.has(e.seq));
      this.#requireConfirmation([plan], confirmed, whole ? 'any' : mastersMoved([plan.param]));
      return this.#write(plan, { client, origin: 'undo', confirmed, soundcheckId: null, actionSeq: null });
    });
  }

  /**
   * Undoes every write still in force of one engineer action (a suggestion with its compensation, a recall,
   * a soundcheck apply) as one batch, newest first, so the action is taken back whole and the levels it kept
   * stay kept. `actionSeq` null: the action of the latest write in force.
   * @throws WriteError nothing-to-undo, needs-confirmation (nothing written), read-only.
   */
  undoAction(client: string, actionSeq: number | null, confirmed: boolean): Promise<BatchOutcome> {
    return this.#serialise(async () => {
      const plans = this.#undoActionPlans(actionSeq);
      this.#requireConfirmation(plans, confirmed, 'any');
      return this.#writeAll(plans, { client, origin: 'undo', confirmed, soundcheckId: null, actionSeq: null }, 'continue');
    });
  }

  /**
   * Asks what an unconfirmed `undoAction` of `actionSeq` would ask, writing nothing: an undo spanning several
   * desks (a tracked change) asks every desk before any of them writes.
   * @throws WriteError nothing-to-undo, needs-confirmation, read-only.
   */
  checkUndoAction(actionSeq: number): Promise<void> {
    return this.#serialise(async () => {
      this.#requireConfirmation(this.#undoActionPlans(actionSeq), false, 'any');
    });
  }

  #undoActionPlans(actionSeq: number | null): PlannedWrite[] {
    this.#refuseReadOnly();
    const entries = this.#options.journal.entries();
    const undone = undoneBy(entries);
    const inForce = entries.filter((e) => e.undoOf === null && !undone.has(e.seq));
    const action = actionSeq ?? inForce.at(-1)?.actionSeq;
    const targets = inForce.filter((e) => e.actionSeq === action).reverse();
    if (targets.length === 0) throw new WriteError('nothing-to-undo', actionSeq === null ? 'Nothing to undo.' : `Change #${actionSeq} has no writes left to undo.`);
    const projected = new Map<ParamId, number>();
    return targets.map((e) => this.#plan({ param: e.param, value: e.beforeValue, undoOf: e.seq }, projected));
  }

  /**
   * Undoes every write made from one soundcheck's results that is not undone yet, newest first, so a
   * parameter written twice ends at its value from before the first write.
   * @throws WriteError nothing-to-undo, needs-confirmation (nothing written), read-only.
   */
  undoSoundcheck(client: string, soundcheckId: string, confirmed: boolean): Promise<BatchOutcome> {
    return this.#serialise(async () => {
      this.#refuseReadOnly();
      const entries = this.#options.journal.entries();
      const undone = undoneBy(entries);
      const targets = entries
        .filter((e) => e.soundcheckId === soundcheckId && e.undoOf === null && !undone.has(e.seq))
        .reverse();
      if (targets.length === 0) throw new WriteError('nothing-to-undo', `Soundcheck ${soundcheckId} has no writes left to undo.`);
      const projected = new Map<ParamId, number>();
      const plans = targets.map((e) => this.#plan({ param: e.param, value: e.beforeValue, undoOf: e.seq }, projected));
      this.#requireConfirmation(plans, confirmed, 'any');
      return this.#writeAll(plans, { client, origin: 'undo', confirmed, soundcheckId: null, actionSeq: null }, 'continue');
    });
  }

  /**
   * Writes back every value of `backup` that differs from the console now. A restore always needs the
   * second confirmation: it may change many values at once. Values equal to the console's are skipped.
   * @throws WriteError needs-confirmation (nothing written), read-only.
   */
  restore(client: string, backup: readonly RestoreValue[], confirmed: boolean): Promise<BatchOutcome> {
    return this.#serialise(async () => {
      this.#refuseReadOnly();
      const snapshot = this.#options.console.snapshot();
      const differing = backup.filter((v) => {
        const now = readParam(snapshot, v.param);
        const spec = this.#options.console.paramSpec(v.param);
        return now !== undefined && spec !== undefined && now !== spec.quantise(clamp(v.value, spec.min, spec.max));
      });
      const plans: PlannedWrite[] = [];
      const failures: WriteFailure[] = [];
      const projected = new Map<ParamId, number>();
      for (const value of differing) {
        try {
          plans.push(this.#plan({ ...value, undoOf: null }, projected));
        } catch (error) {
          failures.push(failure(value.param, value.param, error));
        }
      }
      if (!confirmed) {
        const others = this.#otherDesks(plans);
        const unkept = otherDesksUnkept(others);
        throw new WriteError(
          'needs-confirmation',
          `Restoring the backup writes ${plans.length} value${plans.length === 1 ? '' : 's'}.`
            + confirmReasons(plans, this.#options.maxStepDb).map((r) => ` ${r}`).join('')
            + (unkept === null ? '' : ` ${unkept}`)
            + ` Predicted: ${effectText(this.#shiftOf(plans))}.${others.map((m) => ` ${m.text}`).join('')} Confirm to restore.`,
        );
      }
      const outcome = await this.#writeAll(plans, { client, origin: 'restore', confirmed, soundcheckId: null, actionSeq: null }, 'continue');
      return { entries: outcome.entries, failures: [...failures, ...outcome.failures] };
    });
  }

  /**
   * Journals a change made at the desk that Headroom did not write (a shared preamp's gain turned at the
   * FOH desk, answered by gain tracking on another desk), so the engineer can take it back together with
   * the writes that answered it. Nothing is sent to the console: the console already holds `value`.
   * @throws WriteError read-only (nothing could undo it), unknown-param.
   */
  record(change: { param: ParamId; beforeValue: number; value: number; client: string; origin: string }): Promise<JournalEntry> {
    return this.#serialise(async () => {
      this.#refuseReadOnly();
      const spec = this.#options.console.paramSpec(change.param);
      if (!spec) throw new WriteError('unknown-param', `This console cannot write ${change.param}, so a change to it could not be undone.`);
      const plan: PlannedWrite = { param: change.param, label: spec.label, before: change.beforeValue, requested: change.value, undoOf: null, confirmReason: null };
      const provenance: Provenance = { client: change.client, origin: change.origin, confirmed: false, soundcheckId: null, actionSeq: null };
      return this.#journal(plan, change.beforeValue, change.value, provenance);
    });
  }

  #serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #refuseReadOnly(): void {
    if (this.#options.readOnly) {
      throw new WriteError('read-only', READ_ONLY_MESSAGE);
    }
  }

  /**
   * Clamps and snaps one change and decides whether it needs a second confirmation. `projected` carries the
   * values earlier writes of the same batch will have left, so each step is measured from there.
   */
  #plan(change: { param: ParamId; value: number; undoOf: number | null }, projected: Map<ParamId, number>): PlannedWrite {
    this.#refuseReadOnly();
    const { console: desk, maxStepDb } = this.#options;
    const ref = parseParamId(change.param);
    const spec: ParamSpec | undefined = ref ? desk.paramSpec(change.param) : undefined;
    if (!spec) throw new WriteError('unknown-param', `This console cannot write ${change.param}.`);
    if (Number.isNaN(change.value)) throw new WriteError('unknown-param', `Not a value for ${spec.label}.`);
    const before = projected.get(change.param) ?? readParam(desk.snapshot(), change.param);
    // Without the current value the write could not be undone, so it is not made.
    if (before === undefined) throw new WriteError('unknown-param', `${spec.label}: the current value is unknown, so the change could not be undone.`);
    const requested = spec.quantise(clamp(change.value, spec.min, spec.max));
    projected.set(change.param, requested);
    let confirmReason: PlannedWrite['confirmReason'] = null;
    if (ref?.scope === 'channel' && ref.param === 'phantom') {
      confirmReason = { kind: 'phantom', text: `${spec.label} ${requested >= 0.5 ? 'on' : 'off'}` };
    } else if (spec.unit === 'dB') {
      const stepDb = requested === before ? 0 : Math.abs(requested - before);
      if (!(stepDb <= maxStepDb)) {
        confirmReason = { kind: 'step', text: `${spec.label} ${Number.isFinite(stepDb) ? `${stepDb.toFixed(1)} dB` : 'to or from fully down'}` };
      }
    }
    return { param: change.param, label: spec.label, before, requested, undoOf: change.undoOf, confirmReason };
  }

  /**
   * Step limits, phantom power and the level invariant: an unconfirmed batch that needs a second look writes
   * nothing, and the refusal says every reason once.
   */
  #requireConfirmation(plans: readonly PlannedWrite[], confirmed: boolean, purpose: readonly MixKey[] | 'any'): void {
    if (confirmed) return;
    // One prediction serves every question about the batch (it walks every channel and mix).
    const shift = this.#shiftOf(plans);
    const reasons = [...confirmReasons(plans, this.#options.maxStepDb)];
    const moves = this.#unintendedMoves(plans, shift, purpose);
    if (moves !== null) reasons.push(moves);
    const unseen = this.#unreadSendMoves(shift, purpose);
    if (unseen !== null) reasons.push(unseen);
    const others = this.#otherDesks(plans);
    const unkept = otherDesksUnkept(others);
    if (unkept !== null) reasons.push(unkept);
    if (reasons.length > 0) {
      throw new WriteError('needs-confirmation', `${reasons.join(' ')} Predicted: ${effectText(shift)}.${others.map((m) => ` ${m.text}`).join('')} Confirm to apply.`);
    }
  }

  #shiftOf(plans: readonly PlannedWrite[]): LevelShift {
    return predictLevelShift(this.#options.console.snapshot(), finalValues(plans), this.#options.meters());
  }

  /** What the batch does on other desks on a shared stage box; [] on a single desk. */
  #otherDesks(plans: readonly PlannedWrite[]): OtherDeskMove[] {
    return this.#options.otherDesks?.(finalValues(plans)) ?? [];
  }

  /** What the batch moves beyond its purpose, as a sentence; null when every other level stays. */
  #unintendedMoves(plans: readonly PlannedWrite[], shift: LevelShift, purpose: readonly MixKey[] | 'any'): string | null {
    // The console's grid may put a compensating fader or send a little off the exact value.
    const gridDb = Math.max(0, ...plans.filter((p) => /faderDb|levelDb/.test(p.param)).map((p) => (this.#options.console.paramSpec(p.param)?.stepDb ?? 0) / 2));
    const moves = unintendedMoves(shift, purpose, gridDb);
    if (moves.length === 0) return null;
    const byMove = new Map<string, string[]>();
    for (const m of moves) {
      const key = `${m.channelLabel ?? `${m.label} master`} ${shiftText(m.deltaDb)}`;
      byMove.set(key, [...(byMove.get(key) ?? []), m.label]);
    }
    const listed = [...byMove].map(([what, mixes]) => `${what} in ${mixes.join(', ')}`).join('; ');
    return `This change moves levels beyond its purpose: ${listed}.`;
  }

  /** What the batch moves in sends the desk does not report, as a sentence; null when there is none. */
  #unreadSendMoves(shift: LevelShift, purpose: readonly MixKey[] | 'any'): string | null {
    // Undoing a whole action or restoring a backup returns levels to where they were: that is its purpose.
    if (purpose === 'any') return null;
    const moves = unreadSendMoves(this.#options.console.snapshot(), shift);
    if (moves.length === 0) return null;
    return `${unreadSendsText("This desk's", moves)}.`;
  }

  async #writeAll(plans: readonly PlannedWrite[], provenance: Provenance, onFailure: 'stop' | 'continue'): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { entries: [], failures: [] };
    for (const plan of plans) {
      try {
        outcome.entries.push(await this.#write(plan, { ...provenance, actionSeq: outcome.entries[0]?.seq ?? provenance.actionSeq }));
      } catch (error) {
        outcome.failures.push(failure(plan.param, plan.label, error));
        if (onFailure === 'stop') break;
      }
    }
    return outcome;
  }

  async #write(plan: PlannedWrite, provenance: Provenance): Promise<JournalEntry> {
    const { console: desk } = this.#options;
    // The value may have moved at the desk since planning (an earlier write of the batch awaited the console).
    const before = readParam(desk.snapshot(), plan.param) ?? plan.before;
    let confirmedValue: number;
    try {
      confirmedValue = await desk.apply({ param: plan.param, value: plan.requested });
    } catch (error) {
      const reason = error instanceof ConsoleError ? `${error.code}: ${error.message}` : String(error);
      throw new WriteError('console-failed', `${plan.label}: the console did not confirm the write (${reason}).`);
    }
    return this.#journal(plan, before, confirmedValue, provenance);
  }

  async #journal(plan: PlannedWrite, before: number, confirmedValue: number, provenance: Provenance): Promise<JournalEntry> {
    const { journal } = this.#options;
    const seq = (journal.entries().at(-1)?.seq ?? 0) + 1;
    const entry: JournalEntry = {
      seq,
      atIso: new Date(this.#options.nowMs()).toISOString(),
      client: provenance.client,
      param: plan.param,
      label: plan.label,
      beforeValue: before,
      requestedValue: plan.requested,
      confirmedValue,
      origin: provenance.origin,
      undoOf: plan.undoOf,
      soundcheckId: provenance.soundcheckId,
      secondConfirmation: provenance.confirmed,
      actionSeq: provenance.actionSeq ?? seq,
    };
    try {
      await journal.append(entry);
    } catch (error) {
      this.#options.onWrite(entry);
      throw new WriteError(
        'journal-failed',
        `${plan.label}: written and confirmed at ${formatDb(confirmedValue)}, but the journal file could not record it (${(error as Error).message}); it stays undoable until the bridge stops.`,
      );
    }
    this.#options.onWrite(entry);
    return entry;
  }
}

/**
 * Which entries are undone, and by which entry. An undo that was itself undone (a redo) no longer counts,
 * so walking from the newest entry back settles every chain.
 */
export function undoneBy(entries: readonly JournalEntry[]): Map<number, number> {
  const undone = new Map<number, number>();
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.undoOf !== null && !undone.has(e.seq)) undone.set(e.undoOf, e.seq);
  }
  return undone;
}

/**
 * The value each parameter ends at: a batch may write one twice (undo of a soundcheck). In the order of each
 * parameter's last write, so two parameters on one shared preamp end at the one written last (otherDesks).
 */
function finalValues(plans: readonly PlannedWrite[]): LevelChange[] {
  const last = new Map<string, number>();
  for (const p of plans) {
    last.delete(p.param);
    last.set(p.param, p.requested);
  }
  return [...last].map(([param, value]) => ({ param, value }));
}

function failure(param: string, label: string, error: unknown): WriteFailure {
  if (error instanceof WriteError) return { param, label, code: error.code, message: error.message };
  return { param, label, code: 'console-failed', message: String((error as Error).message ?? error) };
}

/**
 * The question about other desks' mixes that their trims cannot keep; null when every other desk keeps them.
 * Asked whatever this desk's purpose: a purpose names this desk's mixes (an undo or a restore returns its
 * own levels), never another desk's, so an undo the monitor trim can no longer follow asks as a change does.
 */
function otherDesksUnkept(others: readonly OtherDeskMove[]): string | null {
  const unkept = others.filter((m) => Math.abs(m.residualDb) > LEVEL_TOLERANCE_DB);
  if (unkept.length === 0) return null;
  return `This change moves another desk's mixes: ${unkept.map((m) => `${m.desk} ${shiftText(m.residualDb)}`).join(', ')} where its trim cannot follow.`;
}

/** The second-confirmation reasons of a batch, each stated once: "Steps over the 6 dB limit: …". */
function confirmReasons(plans: readonly PlannedWrite[], maxStepDb: number): string[] {
  const of = (kind: 'step' | 'phantom') => plans.flatMap((p) => (p.confirmReason?.kind === kind ? [p.confirmReason.text] : []));
  const steps = of('step');
  const phantom = of('phantom');
  return [
    ...(steps.length > 0 ? [`Steps over the ${maxStepDb} dB limit: ${steps.join(', ')}.`] : []),
    ...(phantom.length > 0 ? [`Phantom power: ${phantom.join(', ')}.`] : []),
  ];
}

/** "Ch 1 Kick gain 42.0 -> 34.0 dB (confirmed 34.0)" */
export function describeEntry(entry: JournalEntry): string {
  return `${entry.label} ${formatDb(entry.beforeValue)} -> ${formatDb(entry.requestedValue)} dB (confirmed ${formatDb(entry.confirmedValue)})`;
}
