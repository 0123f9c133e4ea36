/**
 * Gain tracking across desks on one stage box. Every desk reports its snapshot; a shared preamp whose gain
 * moved is one physical change, seen on every desk that takes it (preamp-watch.ts). What follows:
 * - written through Headroom (the write passed this desk's safe writer, which told us before sending it,
 *   pending-writes.ts): every other desk on the preamp moves its trim against it, always: one engineer
 *   action, two desks; the safe writer's question named those trims beforehand (otherDeskMoves);
 * - turned at a desk: with tracking switched on for the pair (off by default) the other desks' trims move
 *   against it and the gain change is journalled on the owner's desk; with it off both desks are told.
 * Over X32 OSC a knob turned at a desk cannot be told apart from the same knob seen through the box, so a
 * desk-made change is the owner's. The trims go through each desk's safe writer (track-gain.ts), and the
 * parts on every desk are undone together (tracked-undo.ts). Conflicts (both desks within a short time,
 * a gain or 48 V change through Headroom from a desk that does not own the preamp, 48 V switched at a desk)
 * are warnings to every desk's tablets (stage-log.ts), never silent writes.
 */
import type { Console, ParamChange } from '../consoles/console';
import { preampParamOf, type OtherDeskMove } from '../engine/other-desks';
import { formatDb } from '../model/db';
import { NO_METERS, type LevelChange } from '../model/level-model';
import { formatParamId } from '../model/params';
import type { ConsoleSnapshot } from '../model/stages';
import type { Journal } from '../safety/journal';
import { WriteError, type BatchOutcome, type SafeWriter } from '../safety/safe-writer';
import { previewSharedGain, type DeskPreview } from './cross-desk-preview';
import type { DeskAccess } from './desk-access';
import { otherDeskMoves } from './other-desk-moves';
import { PendingWrites } from './pending-writes';
import { PreampWatch } from './preamp-watch';
import { sharedPreamps, type BoxDesk, type DeskRole, type SharedPreamp, type StageBoxConfig } from './stage-box';
import { stageBoxState } from './stage-box-state';
import type { WireStageBox } from './stage-box-wire';
import { StageLog } from './stage-log';
import { trackGain } from './track-gain';
import { undoTracked } from './tracked-undo';

/** Snapshot paths (see snapshot-diff.ts) whose change can move a shared preamp or which channel takes it. */
const PREAMP_CHANGE = /^channels(\.\d+(\.(preampGainDb|phantom|headampIndex))?)?$/;

export interface TrackerDesk {
  id: string;
  name: string;
  role: DeskRole;
  /** The desk's adapter (snapshots, changes, state); writes go through `writer`. */
  console: Console;
  /** True for X32/M32: its headamp numbers say which box input a channel takes. */
  aes50Headamps: boolean;
  journal: Journal;
}

export interface GainTrackerOptions {
  desks: readonly TrackerDesk[];
  config: StageBoxConfig;
  /** Two desks moving the same preamp within this are a conflict, ms. */
  conflictWindowMs: number;
  nowMs: () => number;
  newId: () => string;
  /** The stage box state changed (tell every desk's tablets). */
  onUpdate: () => void;
  onError: (error: unknown) => void;
}

interface DeskEntry {
  info: TrackerDesk;
  writer: SafeWriter | null;
  httpPort: number | null;
  /** False until the desk's first snapshot after (re)connecting has been read. */
  seeded: boolean;
}

const pairKey = (a: string, b: string): string => [a, b].sort().join('+');

export class GainTracker {
  readonly #options: GainTrackerOptions;
  readonly #desks = new Map<string, DeskEntry>();
  readonly #watch = new PreampWatch();
  readonly #pending: PendingWrites;
  readonly #log: StageLog;
  readonly #lastMove = new Map<number, { desk: string; atMs: number }>();
  readonly #tracking = new Set<string>();
  /** Box inputs an undo of a tracked change is writing: their gain writes are ours, not tracked again. */
  readonly #undoing = new Set<number>();
  readonly #access: DeskAccess = {
    name: (desk) => this.#desks.get(desk)?.info.name ?? desk,
    snapshot: (desk) => this.#entry(desk).info.console.snapshot(),
    writer: (desk) => this.#entry(desk).writer,
    journal: (desk) => this.#entry(desk).info.journal,
  };
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: GainTrackerOptions) {
    this.#options = options;
    this.#pending = new PendingWrites(options.nowMs);
    this.#log = new StageLog(options.nowMs, options.newId);
    for (const info of options.desks) this.#desks.set(info.id, { info, writer: null, httpPort: null, seeded: false });
  }

  /** Starts listening to every desk; aborting `signal` stops. */
  start(signal: AbortSignal): void {
    for (const entry of this.#desks.values()) {
      const stops = [
        entry.info.console.onChanges((batch) => {
          // A fader ride is 20 batches a second per desk: only a gain, a 48 V switch or a repatch concerns the box.
          if (entry.seeded && !batch.changes.some((change) => PREAMP_CHANGE.test(change.path))) return;
          this.#guard(() => this.#onSnapshot(entry, batch.snapshot));
        }),
        entry.info.console.onState((state) => {
          if (state !== 'ready') entry.seeded = false;
          this.#options.onUpdate();
        }),
      ];
      signal.addEventListener('abort', () => stops.forEach((stop) => stop()), { once: true });
      if (entry.info.console.state() === 'ready') this.#guard(() => this.#onSnapshot(entry, entry.info.console.snapshot()));
    }
  }

  /** The desk's safe writer, once its bridge has built it. */
  attachWriter(desk: string, writer: SafeWriter): void {
    this.#entry(desk).writer = writer;
  }

  setHttpPort(desk: string, port: number): void {
    this.#entry(desk).httpPort = port;
    this.#options.onUpdate();
  }

  /**
   * A desk's safe writer is about to send `change` (called by the console it writes through): a shared
   * preamp's gain or 48 V changing next is that engineer's doing, not a knob at a desk.
   */
  noteWrite(desk: string, change: ParamChange): void {
    const ref = preampParamOf(change.param);
    if (ref === null) return;
    const preamp = this.#preamps().find((p) => p.members.some((m) => m.desk === desk && m.channel === ref.channel));
    if (!preamp) return;
    this.#pending.note(preamp.input, {
      desk,
      kind: this.#undoing.has(preamp.input) ? 'own' : 'headroom',
      param: change.param,
      value: change.value,
      journalFrom: this.#entry(desk).info.journal.entries().at(-1)?.seq ?? 0,
    });
  }

  /** Switches tracking of desk-made gain changes between two desks on or off. */
  setTracking(a: string, b: string, on: boolean): void {
    this.#entry(a);
    this.#entry(b);
    if (a === b) throw new WriteError('unknown-param', 'Tracking is between two different desks.');
    if (on) this.#tracking.add(pairKey(a, b));
    else this.#tracking.delete(pairKey(a, b));
    this.#options.onUpdate();
  }

  tracking(a: string, b: string): boolean {
    return this.#tracking.has(pairKey(a, b));
  }

  /**
   * Undoes a tracked change on every desk that holds a part of it, the trims first, as one engineer action.
   * @throws WriteError nothing-to-undo (unknown or already undone), needs-confirmation (nothing written).
   */
  undo(id: string, client: string, confirmed: boolean): Promise<BatchOutcome> {
    return this.#serialise(async () => {
      const change = this.#log.findChange(id);
      if (!change) throw new WriteError('nothing-to-undo', `No tracked change ${id}.`);
      if (change.wire.undone) throw new WriteError('nothing-to-undo', `Tracked change ${id} was already undone.`);
      this.#undoing.add(change.wire.input);
      let outcome: BatchOutcome;
      try {
        outcome = await undoTracked(change, client, confirmed, this.#access);
      } finally {
        this.#undoing.delete(change.wire.input);
      }
      if (outcome.failures.length === 0) change.wire.undone = true;
      this.#options.onUpdate();
      return outcome;
    });
  }

  /**
   * What setting the gain of `channel` on `desk` to `gainDb` would write and move on every desk on its
   * preamp, before anything is written; null when the channel is on no shared preamp.
   */
  preview(desk: string, channel: number, gainDb: number): DeskPreview[] | null {
    const preamp = this.#preamps().find((p) => p.members.some((m) => m.desk === desk && m.channel === channel));
    if (!preamp) return null;
    return previewSharedGain({ preamp, mover: desk, gainDb, snapshotOf: this.#access.snapshot, nameOf: this.#access.name, meters: NO_METERS });
  }

  /**
   * What the values `changes` leave on `desk` do on every other desk (engine/other-desks.ts): the trims
   * tracking will write against a shared gain, and how far a desk's mixes move where a trim cannot follow.
   */
  otherDeskMoves(desk: string, changes: readonly LevelChange[]): OtherDeskMove[] {
    return otherDeskMoves({ mover: desk, changes, preamps: this.#preamps(), skipInputs: this.#undoing, snapshotOf: this.#access.snapshot, nameOf: this.#access.name, meters: NO_METERS });
  }

  /** Waits for every reaction started so far (tests and shutdown). */
  settled(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  state(): WireStageBox {
    return stageBoxState({
      desks: [...this.#desks.values()].map((d) => ({ id: d.info.id, name: d.info.name, role: d.info.role, httpPort: d.httpPort, state: d.info.console.state() })),
      preamps: this.#preamps(),
      tracking: (a, b) => this.tracking(a, b),
      access: this.#access,
      log: this.#log,
    });
  }

  #onSnapshot(entry: DeskEntry, snapshot: ConsoleSnapshot): void {
    if (entry.info.console.state() !== 'ready') return;
    const firstLook = !entry.seeded;
    entry.seeded = true;
    const moves = this.#watch.see(entry.info.id, snapshot, this.#preamps(), firstLook);
    for (const move of moves) {
      if (move.kind === 'gain') this.#onGainMoved(move.preamp, move.fromDb, move.toDb);
      else this.#onPhantomSwitched(move.preamp, move.on);
    }
    if (firstLook || moves.length > 0) this.#options.onUpdate();
  }

  #onGainMoved(preamp: SharedPreamp, fromDb: number, toDb: number): void {
    const pending = this.#pending.take(preamp.input, 'preampGainDb', toDb);
    if (pending?.kind === 'own') return;
    const { owner } = preamp;
    const name = this.#access.name;
    const mover = pending?.desk ?? owner;
    const how = pending ? 'headroom' : 'desk';
    const deltaDb = toDb - fromDb;
    const nowMs = this.#options.nowMs();
    const last = this.#lastMove.get(preamp.input);
    if (last && last.desk !== mover && nowMs - last.atMs < this.#options.conflictWindowMs) {
      this.#log.warn('both-desks', preamp.input, `Box input ${preamp.input}: ${name(last.desk)} and ${name(mover)} both changed its gain within ${Math.round(this.#options.conflictWindowMs / 1000)} s; it is now ${formatDb(toDb)} dB.`);
    }
    this.#lastMove.set(preamp.input, { desk: mover, atMs: nowMs });
    if (how === 'headroom' && mover !== owner) {
      this.#log.warn('non-owner-gain', preamp.input, `Box input ${preamp.input}: ${name(mover)} changed the gain (${formatDb(deltaDb)} dB) of a preamp ${name(owner)} owns.`);
    }
    const others = [...new Set(preamp.members.map((m) => m.desk))].filter((d) => d !== mover);
    const tracking = new Set(others.filter((d) => how === 'headroom' || this.tracking(mover, d)));
    for (const desk of others.filter((d) => !tracking.has(d))) {
      this.#log.warn('untracked', preamp.input, `Box input ${preamp.input} gain moved ${formatDb(deltaDb)} dB at ${name(mover)}; tracking is off for ${name(mover)} and ${name(desk)}, so ${name(desk)}'s mixes moved with it.`);
    }
    if (tracking.size === 0) return;
    const moverChannel = preamp.members.find((m) => m.desk === mover)!.channel;
    const gain = {
      id: this.#options.newId(),
      atMs: nowMs,
      preamp,
      mover,
      how,
      param: pending?.param ?? formatParamId({ scope: 'channel', channel: moverChannel, param: 'preampGainDb' }),
      fromDb,
      toDb,
      journalFrom: pending?.journalFrom ?? 0,
      tracking,
    } as const;
    void this.#serialise(async () => {
      this.#log.addChange(await trackGain(gain, this.#access, this.#log));
      this.#options.onUpdate();
    }).catch((error: unknown) => this.#options.onError(error));
  }

  #onPhantomSwitched(preamp: SharedPreamp, on: boolean): void {
    const pending = this.#pending.take(preamp.input, 'phantom', on ? 1 : 0);
    const state = on ? 'on' : 'off';
    const name = this.#access.name;
    if (pending === null) {
      this.#log.warn('phantom-at-desk', preamp.input, `Box input ${preamp.input}: 48 V switched ${state} at a desk; every desk on the box hears it.`);
    } else if (pending.desk !== preamp.owner) {
      this.#log.warn('non-owner-phantom', preamp.input, `Box input ${preamp.input}: ${name(pending.desk)} switched 48 V ${state} on a preamp ${name(preamp.owner)} owns.`);
    }
  }

  #preamps(): SharedPreamp[] {
    const desks: BoxDesk[] = [...this.#desks.values()].map((d) => ({ id: d.info.id, aes50Headamps: d.info.aes50Headamps, snapshot: d.info.console.snapshot() }));
    return sharedPreamps(this.#options.config, desks);
  }

  #entry(desk: string): DeskEntry {
    const entry = this.#desks.get(desk);
    if (!entry) throw new WriteError('unknown-param', `No desk "${desk}" in this desk set.`);
    return entry;
  }

  #guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.#options.onError(error);
    }
  }

  #serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
