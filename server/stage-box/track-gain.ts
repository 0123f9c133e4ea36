/**
 * Carries out one tracked gain change: journals a gain turned at a desk on that desk (so it can be taken
 * back with its answer), then writes each tracking desk's trim against it through that desk's safe writer.
 * A tracking trim answers a preamp move that already happened, so it is written confirmed and for any
 * purpose; the safe writer still clamps it to the trim's range, reads it back and journals it, and what
 * the trim could not follow is warned about on every desk.
 */
import type { ParamId } from '../model/params';
import type { DeskAccess } from './desk-access';
import type { StageLog, TrackedChange } from './stage-log';
import type { SharedPreamp } from './stage-box';
import { planTrims } from './trim-plan';

/** The origin of every journal entry of a tracked change: `gain-tracking:<id>`. */
export const TRACKING_ORIGIN = 'gain-tracking';

export interface GainToTrack {
  id: string;
  atMs: number;
  preamp: SharedPreamp;
  mover: string;
  /** 'desk': turned at `mover` (journalled here); 'headroom': written there, its entry is found at undo. */
  how: 'desk' | 'headroom';
  /** The mover's gain parameter. */
  param: ParamId;
  fromDb: number;
  toDb: number;
  /** For a Headroom write: the mover's last journal seq before it. */
  journalFrom: number;
  /** The desks whose trims answer it. */
  tracking: ReadonlySet<string>;
}

export async function trackGain(gain: GainToTrack, desks: DeskAccess, log: StageLog): Promise<TrackedChange> {
  const { preamp, mover, id } = gain;
  const deltaDb = gain.toDb - gain.fromDb;
  const change: TrackedChange = {
    wire: { id, atIso: new Date(gain.atMs).toISOString(), input: preamp.input, deltaDb, mover, how: gain.how, desks: [], undone: false },
    parts: [],
  };
  // Planned when its turn comes: an earlier tracked change's trims are read back by then.
  const plan = planTrims(preamp, deltaDb, gain.tracking, (d) => desks.snapshot(d), (d) => desks.name(d));
  const origin = `${TRACKING_ORIGIN}:${id}`;
  if (gain.how === 'desk') {
    const writer = desks.writer(mover);
    try {
      if (writer === null) throw new Error('its bridge is not running');
      const entry = await writer.record({ param: gain.param, beforeValue: gain.fromDb, value: gain.toDb, client: 'desk', origin });
      change.parts.push({ desk: mover, actionSeq: entry.actionSeq, param: gain.param, journalFrom: entry.seq - 1 });
    } catch (error) {
      log.warn('tracking-failed', preamp.input, `${desks.name(mover)}: the gain change of box input ${preamp.input} could not be journalled (${(error as Error).message}); undo it at the desk.`);
    }
  } else {
    change.parts.push({ desk: mover, actionSeq: null, param: gain.param, journalFrom: gain.journalFrom });
  }
  for (const desk of gain.tracking) {
    const moves = plan.moves.filter((m) => m.desk === desk);
    const writer = desks.writer(desk);
    if (moves.length === 0 || writer === null) continue;
    try {
      const outcome = await writer.applyAll({
        changes: moves.map((m) => ({ param: m.param, value: m.toDb })),
        client: TRACKING_ORIGIN,
        origin,
        // Switching tracking on (or the engineer's own gain write, whose question named this trim) is the
        // engineer action these answer.
        confirmed: true,
        soundcheckId: null,
        onFailure: 'continue',
        purpose: 'any',
      });
      const first = outcome.entries[0];
      if (first) change.parts.push({ desk, actionSeq: first.actionSeq, param: first.param, journalFrom: first.seq - 1 });
      for (const failure of outcome.failures) log.warn('tracking-failed', preamp.input, `${desks.name(desk)}: ${failure.message}`);
    } catch (error) {
      log.warn('tracking-failed', preamp.input, `${desks.name(desk)}: the trim could not follow box input ${preamp.input} (${(error as Error).message}).`);
    }
  }
  for (const warning of plan.warnings) log.warn(warning.kind, preamp.input, warning.text);
  change.wire.desks = [...new Set(change.parts.map((p) => p.desk))];
  return change;
}
