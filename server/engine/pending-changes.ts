/**
 * What the channel suggestions of one evaluation will do to the mixes they feed, so the bus, main and
 * amp-feed rules judge each mix as it will be once the channels are fixed, not as it was while a kick was
 * clipping into it. The level model predicts it from the suggestions' whole change sets.
 */
import type { MeterStatistics } from '../meters/statistics';
import { predictLevelShift, type LevelShift, type MixKey } from '../model/level-model';
import type { ConsoleSnapshot } from '../model/stages';
import type { DraftSuggestion } from './suggestion';

/** The level shift of every channel suggestion applied together. */
export function pendingLevelShift(snapshot: ConsoleSnapshot, statistics: MeterStatistics, suggestions: readonly DraftSuggestion[]): LevelShift {
  const changes = suggestions.flatMap((s) => (s.change === null ? [] : [s.change, ...s.compensation]))
    .map((c) => ({ param: c.param, value: c.proposedValue }));
  return predictLevelShift(snapshot, changes, statistics);
}

/** Predicted change of a mix's level once the pending changes are made, dB (0 when nothing reaches it). */
export function mixShiftDb(shift: LevelShift, mix: MixKey): number {
  const total = shift.mixes.find((m) => m.mix === mix)?.totalDb ?? 0;
  return Number.isFinite(total) ? total : 0;
}
