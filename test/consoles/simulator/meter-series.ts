/** Helpers for reading meter series in the simulator tests (levels dBFS, -Infinity = silence). */
import { dbToPower, powerToDb } from '../../../server/model/db';
import type { MeterFrame } from '../../../server/model/meter-frame';

/** Power mean of the readings above `floorDbfs` (the "average while playing"), dBFS. */
export function averageWhilePlaying(levels: readonly number[], floorDbfs: number): number {
  const playing = levels.filter((level) => level > floorDbfs);
  return powerToDb(playing.reduce((sum, level) => sum + dbToPower(level), 0) / playing.length);
}

/** Plain mean of a series (for gain reduction in dB). */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** One meter point across frames, e.g. series(frames, (f) => f.channelInputDbfs[0]). */
export function series(frames: readonly MeterFrame[], pick: (frame: MeterFrame) => number | undefined): number[] {
  return frames.map((frame) => {
    const value = pick(frame);
    if (value === undefined) throw new Error('meter point missing from frame');
    return value;
  });
}
