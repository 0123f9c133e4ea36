/** The shape every rule shares: a pure function of the evaluation context with a stable id. */
import type { MeterStatistics } from '../meters/statistics';
import type { ChannelState, ConsoleSnapshot } from '../model/stages';
import type { VenueProfile } from '../profiles/schema';
import type { MixKey } from '../model/level-model';
import type { RuleId, DraftSuggestion, Severity, Stage, SuggestionTarget } from './suggestion';

export interface RuleContext {
  snapshot: ConsoleSnapshot;
  /** Statistics over the listening window. */
  statistics: MeterStatistics;
  profile: VenueProfile;
  nowMs: number;
  /** Ids of the suggestions the previous evaluation returned: rules hold them with hysteresis. */
  previousIds: ReadonlySet<string>;
  /** False when the meters stopped (or never started): no rule judges levels from stale figures. */
  metersFresh: boolean;
  /**
   * Predicted change of a mix's average level once this evaluation's channel suggestions are applied, dB.
   * Mix rules judge the mix as it will be; for channel rules (evaluated first) it is always 0.
   */
  mixShiftDb(mix: MixKey): number;
  /**
   * True when an earlier rule (or a held suggestion) already has `target`'s `stage` at `severity` or more
   * severe: a suggestion there would lose the per-stage pick, so a rule may skip working it out. Absent
   * when a rule runs alone.
   */
  outranked?(target: SuggestionTarget, stage: Stage, severity: Severity): boolean;
}

export interface Rule {
  /** The rule's name: a RuleId, or 'meter-coverage' for the notes that speak for the rules they cannot serve. */
  id: RuleId | 'meter-coverage';
  /** 'channel' rules run first; 'mix' rules (buses, main, amp feeds) then see what the channel rules propose. */
  scope: 'channel' | 'mix';
  evaluate(context: RuleContext): DraftSuggestion[];
}

/**
 * `evaluate` asked about every channel of the snapshot in order, and the suggestions it makes. A loop, not
 * flatMap with `?? []`: that made an empty array for each of up to 144 channels per rule and evaluation.
 */
export function perChannel(
  context: RuleContext,
  evaluate: (context: RuleContext, channel: ChannelState) => DraftSuggestion | null,
): DraftSuggestion[] {
  const suggestions: DraftSuggestion[] = [];
  for (const channel of context.snapshot.channels) {
    const suggestion = evaluate(context, channel);
    if (suggestion !== null) suggestions.push(suggestion);
  }
  return suggestions;
}
