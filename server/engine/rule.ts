/** The shape every rule shares: a pure function of the evaluation context with a stable id. */
import type { MeterStatistics } from '../meters/statistics';
import type { ConsoleSnapshot } from '../model/stages';
import type { VenueProfile } from '../profiles/schema';
import type { RuleId, Suggestion } from './suggestion';

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
}

export interface Rule {
  /** The rule's name: a RuleId, or 'meter-coverage' for the notes that speak for the rules they cannot serve. */
  id: RuleId | 'meter-coverage';
  evaluate(context: RuleContext): Suggestion[];
}
