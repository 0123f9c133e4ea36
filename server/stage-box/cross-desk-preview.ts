/**
 * What a gain change on a shared preamp does on every desk, before it is made: on the desk that makes it,
 * the change with its own compensation (compensate()); on every other desk on the preamp, the gain the box
 * carries there and the trim that moves against it. Each desk's effect on its mixes is the level model's
 * prediction, so the preview states the same figures the confirmation and the journal will. Pure.
 */
import { compensate } from '../model/compensate';
import { effectText, predictLevelShift, type LevelChange, type LevelMeters } from '../model/level-model';
import { formatParamId } from '../model/params';
import type { ConsoleSnapshot } from '../model/stages';
import type { SharedPreamp } from './stage-box';
import { planTrims } from './trim-plan';

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

/** One preview per desk on the preamp, the mover first. */
export function previewSharedGain(input: CrossDeskPreviewInput): DeskPreview[] {
  const { preamp, mover, snapshotOf } = input;
  const moverChannel = preamp.members.find((m) => m.desk === mover)!.channel;
  const moverSnapshot = snapshotOf(mover);
  const gainParam = formatParamId({ scope: 'channel', channel: moverChannel, param: 'preampGainDb' });
  const own = compensate(moverSnapshot, [{ param: gainParam, value: input.gainDb }], input.meters);
  const fromDb = moverSnapshot.channels.find((c) => c.index === moverChannel)?.preampGainDb ?? input.gainDb;
  const deltaDb = (own.changes[0]?.value ?? input.gainDb) - fromDb;
  const others = [...new Set(preamp.members.map((m) => m.desk))].filter((d) => d !== mover);
  const trims = planTrims(preamp, deltaDb, new Set(others), snapshotOf, input.nameOf);
  return [
    { desk: mover, changes: own.changes, effect: effectText(own.shift), limits: own.limits },
    ...others.map((desk) => {
      const moves = trims.moves.filter((m) => m.desk === desk);
      const carried = preamp.members
        .filter((m) => m.desk === desk)
        .map((m) => ({ param: formatParamId({ scope: 'channel', channel: m.channel, param: 'preampGainDb' }), value: input.gainDb }));
      const changes = moves.map((m) => ({ param: m.param, value: m.toDb }));
      // The box carries the gain to this desk whatever it does; the trims are what it does about it.
      const shift = predictLevelShift(snapshotOf(desk), [...carried, ...changes], input.meters);
      return { desk, changes, effect: effectText(shift), limits: trims.warnings.filter((w) => w.desk === desk).map((w) => w.text) };
    }),
  ];
}
