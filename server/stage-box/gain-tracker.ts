/**
 * Gain tracking across desks on one stage box. Every desk reports its snapshot; a shared preamp whose gain
 * moved is one physical change, seen on every desk that takes it (the first report counts, the rest are the
 * box's echo). What follows:
 * - written through Headroom (the write passed this desk's safe writer, which told us before sending it):
 *   every other desk on the preamp moves its trim against it, always: one engineer action, two desks;
 * - turned at a desk: with tracking switched on for the pair (off by default) the other desks' trims move
 *   against it and the gain change is journalled on the owner's desk; with it off both desks are told.
 * Over X32 OSC a knob turned at a desk cannot be told apart from the same knob seen through the box, so a
 * desk-made change is the owner's. The trims go through each desk's safe writer (clamped, read back,
 * journalled), and the parts on every desk are undone together. Conflicts (both desks within a short time,
 * a gain or 48 V change through Headroom from a desk that does not own the preamp, 48 V switched at a desk)
 * are warnings to every desk's tablets, never silent writes.
 */
import type { Console, ParamChange } from '../consoles/console';
import { formatDb } from '../model/db';
import { parseParamId, formatParamId, type ParamId } from '../model/params';
import type { ConsoleSnapshot } from '../model/stages';
import { channelLabel, NO_METERS } from '../model/level-model';
import type { Journal } from '../safety/journal';
import { WriteError, type BatchOutcome, type SafeWriter } from '../safety/safe-writer';
import { sharedPreamps, type BoxDesk, type DeskRole, type SharedPreamp, type StageBoxConfig } from './stage-box';
import type { StageWarningKind, WireStageBox, WireStageWarning, WireTrackedChange } from './stage-box-wire';
import { planTrims } from './trim-plan';
import { previewSharedGain, type DeskPreview } from './cross-desk-preview';
import type { OtherDeskMove } from '../engine/other-desks';
import type { LevelChange } from '../model/level-model';
import { otherDeskMoves } from './other-desk-moves';

/** Snapshot paths (see snapshot-diff.ts) whose change can move a shared preamp or which channel takes it. */
const PREAMP_CHANGE = /^channels(\.\d+(\.(preampGainDb|phantom|headampIndex))?)?$/;

/** The origin of every journal entry of a tracked change: `gain-tracking:<id>`. */
export const TRACKING_ORIGIN = 'gain-tracking';
/** Gains within this are the same value (float32 on the wire, 0.5 dB grid), dB. */
const SAME_GAIN_DB = 0.01;
/** A write announced but never seen on the desk is forgotten after this, ms. */
const PENDING_MS = 10_000;
const KEPT_CHANGES = 50;
const KEPT_WARNINGS = 20;

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

interface Pending {
  desk: string;
  /** 'own': an undo of a tracked change (not tracked again); 'headroom': an engineer's write on that desk. */
  kind: 'own' | 'headroom';
  param: ParamId;
  value: number;
  /** The desk's last journal seq before the write: its entry is the first after it. */
  journalFrom: number;
  atMs: number;
}

interface Part {
  desk: string;
  /** The action to undo on that desk; null until the journal entry of a Headroom write is found. */
  actionSeq: number | null;
  param: ParamId;
  journalFrom: number;
}

interface TrackedChange {
  wire: WireTrackedChange;
  parts: Part[];
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
  readonly #knownGainDb = new Map<number, number>();
  readonly #knownPhantom = new Map<number, boolean>();
  readonly #pending = new Map<number, Pending[]>();
  readonly #lastMove = new Map<number, { desk: string; atMs: number }>();
  readonly #tracking = new Set<string>();
  readonly #changes: TrackedChange[] = [];
  readonly #warnings: WireStageWarning[] = [];
  /** Box inputs an undo of a tracked change is writing: their gain writes are ours, not tracked again. */
  readonly #undoing = new Set<number>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: GainTrackerOptions) {
    this.#options = options;
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
    const ref = parseParamId(change.param);
    if (ref?.scope !== 'channel' || (ref.param !== 'preampGainDb' && ref.param !== 'phantom')) return;
    const preamp = this.#preamps().find((p) => p.members.some((m) => m.desk === desk && m.channel === ref.channel));
    if (!preamp) return;
    const entry = this.#entry(desk);
    const pending: Pending = {
      desk,
      kind: this.#undoing.has(preamp.input) ? 'own' : 'headroom',
      param: change.param,
      value: change.value,
      journalFrom: entry.info.journal.entries().at(-1)?.seq ?? 0,
      atMs: this.#options.nowMs(),
    };
    this.#pending.set(preamp.input, [...this.#livePending(preamp.input), pending]);
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
      const change = this.#changes.find((c) => c.wire.id === id);
      if (!change) throw new WriteError('nothing-to-undo', `No tracked change ${id}.`);
      if (change.wire.undone) throw new WriteError('nothing-to-undo', `Tracked change ${id} was already undone.`);
      const outcome: BatchOutcome = { entries: [], failures: [] };
      this.#undoing.add(change.wire.input);
      try {
        for (const [i, part] of [...change.parts].reverse().entries()) {
          const writer = this.#entry(part.desk).writer;
          const actionSeq = part.actionSeq ?? this.#findAction(part);
          if (writer === null || actionSeq === null) {
            outcome.failures.push({ param: part.param, label: part.param, code: 'nothing-to-undo', message: `${this.#name(part.desk)}: the write to undo is not in its journal.` });
            continue;
          }
          try {
            const done = await writer.undoAction(client, actionSeq, confirmed);
            outcome.entries.push(...done.entries);
            outcome.failures.push(...done.failures);
          } catch (error) {
            // Refused before anything was written: the whole undo stops, so nothing is half taken back.
            if (i === 0 && error instanceof WriteError) throw error;
            outcome.failures.push({ param: part.param, label: part.param, code: error instanceof WriteError ? error.code : 'console-failed', message: (error as Error).message });
          }
        }
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
    return previewSharedGain({ preamp, mover: desk, gainDb, snapshotOf: (d) => this.#snapshot(d), nameOf: (d) => this.#name(d), meters: NO_METERS });
  }

  /**
   * What the values `changes` leave on `desk` do on every other desk (engine/other-desks.ts): the trims
   * tracking will write against a shared gain, and how far a desk's mixes move where a trim cannot follow.
   */
  otherDeskMoves(desk: string, changes: readonly LevelChange[]): OtherDeskMove[] {
    return otherDeskMoves({ mover: desk, changes, preamps: this.#preamps(), skipInputs: this.#undoing, snapshotOf: (d) => this.#snapshot(d), nameOf: (d) => this.#name(d), meters: NO_METERS });
  }

  /** Waits for every reaction started so far (tests and shutdown). */
  settled(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  state(): WireStageBox {
    const desks = [...this.#desks.values()];
    const preamps = this.#preamps();
    return {
      desks: desks.map((d) => ({ id: d.info.id, name: d.info.name, role: d.info.role, httpPort: d.httpPort, state: d.info.console.state() })),
      pairs: desks.flatMap((a, i) => desks.slice(i + 1).map((b) => ({ desks: [a.info.id, b.info.id] as [string, string], tracking: this.tracking(a.info.id, b.info.id) }))),
      preamps: preamps.map((p) => {
        const ownerChannel = this.#channel(p.owner, p) ?? this.#channel(p.members[0]!.desk, p);
        return {
          input: p.input,
          owner: p.owner,
          gainDb: ownerChannel?.preampGainDb ?? null,
          phantom: ownerChannel?.phantom ?? null,
          members: p.members.map((m) => {
            const channel = this.#snapshot(m.desk).channels.find((c) => c.index === m.channel);
            const trimDb = channel?.trimDb ?? null;
            const range = channel?.trimRange ?? null;
            return {
              desk: m.desk,
              channel: m.channel,
              label: channel ? channelLabel(channel) : `Ch ${m.channel}`,
              trimDb,
              trimRoomDb: trimDb === null || range === null ? null : { down: trimDb - range.minDb, up: range.maxDb - trimDb },
            };
          }),
        };
      }),
      changes: this.#changes.map((c) => ({ ...c.wire })),
      warnings: [...this.#warnings],
    };
  }

  #onSnapshot(entry: DeskEntry, snapshot: ConsoleSnapshot): void {
    if (entry.info.console.state() !== 'ready') return;
    const firstLook = !entry.seeded;
    entry.seeded = true;
    let changed = firstLook;
    for (const preamp of this.#preamps()) {
      const member = preamp.members.find((m) => m.desk === entry.info.id);
      const channel = member && snapshot.channels.find((c) => c.index === member.channel);
      if (!channel) continue;
      const known = this.#knownGainDb.get(preamp.input);
      if (channel.preampGainDb !== null) {
        if (known === undefined || firstLook) this.#knownGainDb.set(preamp.input, known ?? channel.preampGainDb);
        else if (Math.abs(channel.preampGainDb - known) > SAME_GAIN_DB) {
          this.#knownGainDb.set(preamp.input, channel.preampGainDb);
          this.#onGainMoved(preamp, known, channel.preampGainDb);
          changed = true;
        }
      }
      const phantom = this.#knownPhantom.get(preamp.input);
      if (channel.phantom !== null) {
        if (phantom === undefined || firstLook) this.#knownPhantom.set(preamp.input, phantom ?? channel.phantom);
        else if (channel.phantom !== phantom) {
          this.#knownPhantom.set(preamp.input, channel.phantom);
          this.#onPhantomSwitched(preamp, channel.phantom);
          changed = true;
        }
      }
    }
    if (changed) this.#options.onUpdate();
  }

  #onGainMoved(preamp: SharedPreamp, fromDb: number, toDb: number): void {
    const pending = this.#takePending(preamp.input, 'preampGainDb', toDb);
    if (pending?.kind === 'own') return;
    const { owner } = preamp;
    const mover = pending?.desk ?? owner;
    const how = pending ? 'headroom' : 'desk';
    const deltaDb = toDb - fromDb;
    const nowMs = this.#options.nowMs();
    const last = this.#lastMove.get(preamp.input);
    if (last && last.desk !== mover && nowMs - last.atMs < this.#options.conflictWindowMs) {
      this.#warn('both-desks', preamp.input, `Box input ${preamp.input}: ${this.#name(last.desk)} and ${this.#name(mover)} both changed its gain within ${Math.round(this.#options.conflictWindowMs / 1000)} s; it is now ${formatDb(toDb)} dB.`);
    }
    this.#lastMove.set(preamp.input, { desk: mover, atMs: nowMs });
    if (how === 'headroom' && mover !== owner) {
      this.#warn('non-owner-gain', preamp.input, `Box input ${preamp.input}: ${this.#name(mover)} changed the gain (${formatDb(deltaDb)} dB) of a preamp ${this.#name(owner)} owns.`);
    }
    const others = [...new Set(preamp.members.map((m) => m.desk))].filter((d) => d !== mover);
    const tracking = new Set(others.filter((d) => how === 'headroom' || this.tracking(mover, d)));
    for (const desk of others.filter((d) => !tracking.has(d))) {
      this.#warn('untracked', preamp.input, `Box input ${preamp.input} gain moved ${formatDb(deltaDb)} dB at ${this.#name(mover)}; tracking is off for ${this.#name(mover)} and ${this.#name(desk)}, so ${this.#name(desk)}'s mixes moved with it.`);
    }
    if (tracking.size === 0) return;
    const moverChannel = preamp.members.find((m) => m.desk === mover)!.channel;
    const moverParam = pending?.param ?? formatParamId({ scope: 'channel', channel: moverChannel, param: 'preampGainDb' });
    const id = this.#options.newId();
    const change: TrackedChange = {
      wire: { id, atIso: new Date(nowMs).toISOString(), input: preamp.input, deltaDb, mover, how, desks: [], undone: false },
      parts: [],
    };
    void this.#serialise(async () => {
      // Planned when its turn comes: an earlier tracked change's trims are read back by then.
      const plan = planTrims(preamp, deltaDb, tracking, (d) => this.#snapshot(d), (d) => this.#name(d));
      const origin = `${TRACKING_ORIGIN}:${id}`;
      if (how === 'desk') {
        const writer = this.#entry(mover).writer;
        try {
          if (writer === null) throw new Error('its bridge is not running');
          const entry = await writer.record({ param: moverParam, beforeValue: fromDb, value: toDb, client: 'desk', origin });
          change.parts.push({ desk: mover, actionSeq: entry.actionSeq, param: moverParam, journalFrom: entry.seq - 1 });
        } catch (error) {
          this.#warn('tracking-failed', preamp.input, `${this.#name(mover)}: the gain change of box input ${preamp.input} could not be journalled (${(error as Error).message}); undo it at the desk.`);
        }
      } else {
        change.parts.push({ desk: mover, actionSeq: null, param: moverParam, journalFrom: pending!.journalFrom });
      }
      for (const desk of tracking) {
        const moves = plan.moves.filter((m) => m.desk === desk);
        const writer = this.#entry(desk).writer;
        if (moves.length === 0 || writer === null) continue;
        try {
          const outcome = await writer.applyAll({
            changes: moves.map((m) => ({ param: m.param, value: m.toDb })),
            client: TRACKING_ORIGIN,
            origin,
            // Switching tracking on (or the engineer's own gain write) is the engineer action these answer.
            confirmed: true,
            soundcheckId: null,
            onFailure: 'continue',
            purpose: 'any',
          });
          const first = outcome.entries[0];
          if (first) change.parts.push({ desk, actionSeq: first.actionSeq, param: first.param, journalFrom: first.seq - 1 });
          for (const failure of outcome.failures) this.#warn('tracking-failed', preamp.input, `${this.#name(desk)}: ${failure.message}`);
        } catch (error) {
          this.#warn('tracking-failed', preamp.input, `${this.#name(desk)}: the trim could not follow box input ${preamp.input} (${(error as Error).message}).`);
        }
      }
      for (const warning of plan.warnings) this.#warn(warning.kind, preamp.input, warning.text);
      change.wire.desks = [...new Set(change.parts.map((p) => p.desk))];
      this.#changes.push(change);
      this.#changes.splice(0, Math.max(0, this.#changes.length - KEPT_CHANGES));
      this.#options.onUpdate();
    }).catch((error: unknown) => this.#options.onError(error));
  }

  #onPhantomSwitched(preamp: SharedPreamp, on: boolean): void {
    const pending = this.#takePending(preamp.input, 'phantom', on ? 1 : 0);
    const state = on ? 'on' : 'off';
    if (pending === null) {
      this.#warn('phantom-at-desk', preamp.input, `Box input ${preamp.input}: 48 V switched ${state} at a desk; every desk on the box hears it.`);
    } else if (pending.desk !== preamp.owner) {
      this.#warn('non-owner-phantom', preamp.input, `Box input ${preamp.input}: ${this.#name(pending.desk)} switched 48 V ${state} on a preamp ${this.#name(preamp.owner)} owns.`);
    }
  }

  #takePending(input: number, param: 'preampGainDb' | 'phantom', value: number): Pending | null {
    const live = this.#livePending(input);
    // Gains arrive on the console's 0.5 dB grid: a requested value is never further off than half of it.
    const index = live.findIndex((p) => p.param.endsWith(`.${param}`) && Math.abs(p.value - value) <= 0.26);
    const [taken] = index >= 0 ? live.splice(index, 1) : [];
    this.#pending.set(input, live);
    return taken ?? null;
  }

  #livePending(input: number): Pending[] {
    const nowMs = this.#options.nowMs();
    return (this.#pending.get(input) ?? []).filter((p) => nowMs - p.atMs < PENDING_MS);
  }

  #findAction(part: Part): number | null {
    const entry = this.#entry(part.desk).info.journal.entries().find((e) => e.seq > part.journalFrom && e.param === part.param && !e.origin.startsWith(TRACKING_ORIGIN));
    return entry?.actionSeq ?? null;
  }

  #warn(kind: StageWarningKind, input: number | null, text: string): void {
    const nowMs = this.#options.nowMs();
    this.#warnings.push({ id: this.#options.newId(), atIso: new Date(nowMs).toISOString(), kind, input, text });
    this.#warnings.splice(0, Math.max(0, this.#warnings.length - KEPT_WARNINGS));
  }

  #preamps(): SharedPreamp[] {
    const desks: BoxDesk[] = [...this.#desks.values()].map((d) => ({ id: d.info.id, aes50Headamps: d.info.aes50Headamps, snapshot: d.info.console.snapshot() }));
    return sharedPreamps(this.#options.config, desks);
  }

  #channel(desk: string, preamp: SharedPreamp) {
    const member = preamp.members.find((m) => m.desk === desk);
    return member ? this.#snapshot(desk).channels.find((c) => c.index === member.channel) : undefined;
  }

  #snapshot(desk: string): ConsoleSnapshot {
    return this.#entry(desk).info.console.snapshot();
  }

  #name(desk: string): string {
    return this.#desks.get(desk)?.info.name ?? desk;
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
