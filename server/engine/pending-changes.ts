/**
 * What the channel suggestions of one evaluation will do to the mixes they feed, so the bus, main and
 * amp-feed rules judge each mix as it will be once the channels are fixed, not as it was while a kick was
 * clipping into it. The level model predicts it from the suggestions' whole change sets.
 */
import type { MeterStatistics } from '../meters/statistics';
import { predictLevelShift, type LevelChange, type LevelShift, type MixKey } from '../model/level-model';
import type { ConsoleSnapshot } from '../model/stages';
import type { DraftSuggestion, Suggestion } from './suggestion';
import { amountText, listText, settingText } from './wording';

/** A pending channel fix that moves a mix less than this is not worth naming, dB. */
const DEPENDENCY_MIN_DB = 0.1;

const FIX_NOUN: Record<DraftSuggestion['stage'], string> = {
  preamp: 'gain fix', eq: 'EQ fix', dynamics: 'compressor fix', fader: 'fader fix',
  bus: 'fader fix', matrix: 'fader fix', main: 'fader fix', output: 'fader fix',
};

/** "Ch 1 Kick's gain fix": how a suggestion is named when another depends on it or was resolved by it. */
export function fixName(suggestion: Pick<DraftSuggestion, 'label' | 'stage'>): string {
  return `${suggestion.label}'s ${FIX_NOUN[suggestion.stage]}`;
}

/** The level shift of every channel suggestion applied together. */
export function pendingLevelShift(snapshot: ConsoleSnapshot, statistics: MeterStatistics, suggestions: readonly DraftSuggestion[]): LevelShift {
  const changes: LevelChange[] = [];
  for (const s of suggestions) {
    if (s.change === null) continue;
    changes.push({ param: s.change.param, value: s.change.proposedValue });
    for (const c of s.compensation) changes.push({ param: c.param, value: c.proposedValue });
  }
  return predictLevelShift(snapshot, changes, statistics);
}

/** Predicted change of a mix's level once the pending changes are made, dB (0 when nothing reaches it). */
export function mixShiftDb(shift: LevelShift, mix: MixKey): number {
  const total = shift.mixes.find((m) => m.mix === mix)?.totalDb ?? 0;
  return Number.isFinite(total) ? total : 0;
}

/**
 * A mix suggestion with the pending channel fixes it was judged after: those that move its mix by 0.1 dB or
 * more, so the card says "After Ch 1 Kick's gain fix (Main LR -2.1 dB) this becomes -3.1 dB" instead of the
 * figure changing underneath the engineer as the channel fixes land. Channel suggestions pass unchanged.
 */
export function withDependencies(suggestion: Suggestion, pending: LevelShift, channelSuggestions: readonly DraftSuggestion[]): Suggestion {
  if (suggestion.change === null || suggestion.purpose.length === 0) return suggestion;
  const moves = suggestion.purpose.flatMap((mix) => {
    const shift = pending.mixes.find((m) => m.mix === mix);
    if (shift === undefined || !Number.isFinite(shift.totalDb) || Math.abs(shift.totalDb) < DEPENDENCY_MIN_DB) return [];
    const moving = new Set(shift.channels.filter((c) => Math.abs(c.deltaDb) >= DEPENDENCY_MIN_DB).map((c) => c.channel));
    const fixes = channelSuggestions.filter((c) => c.change !== null && c.target.kind === 'channel' && moving.has(c.target.index));
    return fixes.length === 0 ? [] : [{ label: shift.label, totalDb: shift.totalDb, fixes }];
  });
  if (moves.length === 0) return suggestion;
  const fixes = [...new Set(moves.flatMap((m) => m.fixes))];
  const names = fixes.map(fixName);
  const listed = listText(names);
  const shifts = moves.map((m) => `${m.label} ${m.totalDb < 0 ? '-' : '+'}${amountText(m.totalDb)}`).join(', ');
  return {
    ...suggestion,
    dependsOn: fixes.map((f) => f.id),
    dependencyNote: `After ${listed} (${shifts}) this becomes ${settingText(suggestion.change.deltaDb)}.`,
  };
}
