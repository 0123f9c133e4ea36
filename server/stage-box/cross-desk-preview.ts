/**
 * What a gain change on a shared preamp does on every desk, before it is made: on the desk that makes it,
 * the change with its own compensation (compensate()); on every other desk on the preamp, the gain the box
 * carries there and the trim that moves against it. Each desk's effect on its mixes is the level model's
 * prediction, so the preview states the same figures the confirmation and the journal will. Pure.
 */
import { compensate } from '../model/compensate';
import { effectText, predictLevelShift, type LevelChange, type LevelMeters, type LevelShift } from '../model/level-model';
import { paramRange, quantiseToRange } from '../model/param-range';
import { formatParamId } from '../model/params';
import type { ConsoleSnapshot } from '../model/stages';
import type { SharedPreamp } from './stage-box';
import { planTrims, type TrimPlan } from './trim-plan';

export interface DeskPreview {
  desk: string;
  /** The writes on this desk (the mover's gain and compensation; another desk's trims). */
  changes: LevelChange[];
  /** "PA: ±0.0 dB · Mon 1: ±0.0 dB", or "no mix level changes". */
  effect: string;
  /** Why a level could not be kept, one sentence each. */
  limits: string[];
}

export interface CrossDeskPreviewInput {
  preamp: SharedPreamp;
  mover: string;
  gainDb: number;
  snapshotOf: (desk: string) => ConsoleSnapshot;
  nameOf: (desk: string) => string;
  meters: LevelMeters;
}

/** What the box's gain change does on one other desk on the preamp. */
export interface OtherDeskShift {
  desk: string;
  /** Its trims against the gain (planTrims), with what each could not follow. */
  trims: TrimPlan;
  /** Its levels under the carried gain and those trims. */
  shift: LevelShift;
}

/**
 * Every desk on the preamp but `mover`, in the order given, when the preamp goes from `fromDb` to `gainDb`:
 * the box carries the gain to that desk whatever it does; the trims are what it does about it.
 */
export function otherDeskShifts(input: CrossDeskPreviewInput & { fromDb: number }): OtherDeskShift[] {
  const { preamp, mover, snapshotOf } = input;
  const others = [...new Set(preamp.members.map((m) => m.desk))].filter((d) => d !== mover);
  return others.map((desk) => {
    const trims = planTrims(preamp, input.gainDb - input.fromDb, new Set([desk]), snapshotOf, input.nameOf);
    const carried = preamp.members
      .filter((m) => m.desk === desk)
      .map((m) => ({ param: formatParamId({ scope: 'channel', channel: m.channel, param: 'preampGainDb' }), value: input.gainDb }));
    const changes = trims.moves.map((m) => ({ param: m.param, value: m.toDb }));
    return { desk, trims, shift: predictLevelShift(snapshotOf(desk), [...carried, ...changes], input.meters) };
  });
}

/** One preview per desk on the preamp, the mover first. */
export function previewSharedGain(input: CrossDeskPreviewInput): DeskPreview[] {
  const { preamp, mover, snapshotOf } = input;
  const moverChannel = preamp.members.find((m) => m.desk === mover)!.channel;
  const moverSnapshot = snapshotOf(mover);
  const gainParam = formatParamId({ scope: 'channel', channel: moverChannel, param: 'preampGainDb' });
  // The preamp's grid decides where the gain lands (the safe writer quantises it so); every desk answers
  // that, not the request. (compensate() returns the purpose as given, so it cannot tell.)
  const range = paramRange(moverSnapshot, gainParam);
  const landsDb = range === null ? input.gainDb : quantiseToRange(input.gainDb, range);
  const own = compensate(moverSnapshot, [{ param: gainParam, value: landsDb }], input.meters);
  const currentDb = moverSnapshot.channels.find((c) => c.index === moverChannel)?.preampGainDb ?? landsDb;
  return [
    { desk: mover, changes: own.changes, effect: effectText(own.shift), limits: own.limits },
    ...otherDeskShifts({ ...input, gainDb: landsDb, fromDb: currentDb }).map((other) => ({
      desk: other.desk,
      changes: other.trims.moves.map((m) => ({ param: m.param, value: m.toDb })),
      effect: effectText(other.shift),
      limits: other.trims.warnings.map((w) => w.text),
    })),
  ];
}
