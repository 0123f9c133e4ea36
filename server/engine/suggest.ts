/**
 * The rule engine: a pure function from what the console holds and what the meters heard to a list of
 * explained suggestions. No I/O, no clock: `nowMs` comes in with the call.
 */
import type { MeterStatistics } from '../meters/statistics';
import { withLevelMemo } from '../model/level-model';
import type { ConsoleSnapshot } from '../model/stages';
import type { VenueProfile } from '../profiles/schema';
import { coordinate, SEVERITY_RANK } from './coordinate';
import { withEffect } from './change-set';
import { mixShiftDb, pendingLevelShift, withDependencies } from './pending-changes';
import type { Rule, RuleContext } from './rule';
import { ampFeedRule } from './rules/amp-feed';
import { clippingRule } from './rules/clipping';
import { compressionDepthRule } from './rules/compression-depth';
import { busHeadroomRule, mainHeadroomRule } from './rules/headroom';
import { meterCoverageRule } from './rules/meter-coverage';
import { noiseFloorRule } from './rules/noise-floor';
import { preampTargetRule } from './rules/preamp-target';
import { processorGainRule } from './rules/processor-gain';
import type { DraftSuggestion, Stage, Suggestion, SuggestionTarget } from './suggestion';

/** Meters older than this are stale: levels are not judged from them, ms. */
export const METER_STALE_MS = 2000;

/**
 * Every rule, most specific first: on a tie in severity for one stage, the earlier rule wins (clipping and
 * noise-floor say more than preamp-target about the same preamp stage).
 */
export const RULES: readonly Rule[] = [
  meterCoverageRule,
  clippingRule,
  noiseFloorRule,
  preampTargetRule,
  processorGainRule,
  compressionDepthRule,
  busHeadroomRule,
  mainHeadroomRule,
  ampFeedRule,
];

/** "ch3", "bus1", "mtx2", "main", "out5": the target part of a suggestion id. */
export function targetKey(target: SuggestionTarget): string {
  switch (target.kind) {
    case 'channel': return `ch${target.index}`;
    case 'bus': return `bus${target.index}`;
    case 'matrix': return `mtx${target.index}`;
    case 'main': return 'main';
    case 'output': return `out${target.index}`;
  }
}

const TARGET_ORDER: Record<SuggestionTarget['kind'], number> = { channel: 0, bus: 1, matrix: 2, main: 3, output: 4 };
/** Stages in signal-flow order. */
const STAGE_ORDER: Record<Stage, number> = { preamp: 0, eq: 1, dynamics: 2, fader: 3, bus: 4, matrix: 5, main: 6, output: 7 };

function targetIndex(target: SuggestionTarget): number {
  return target.kind === 'main' ? 0 : target.index;
}

/** The per-stage pick's key: one suggestion per target and stage. */
function stageKey(target: SuggestionTarget, stage: Stage): string {
  return `${targetKey(target)}:${stage}`;
}

/** Adds each rule's suggestions to `held`, keeping one per target and stage: the more severe, else the first. */
function pickPerStage(rules: readonly Rule[], context: RuleContext, held: readonly DraftSuggestion[]): DraftSuggestion[] {
  const winners = new Map<string, DraftSuggestion>(held.map((s) => [stageKey(s.target, s.stage), s]));
  // A rule's suggestions join the winners only once it has returned: it is asked about earlier rules alone.
  const ruleContext: RuleContext = {
    ...context,
    outranked: (target, stage, severity) => {
      const current = winners.get(stageKey(target, stage));
      return current !== undefined && SEVERITY_RANK[current.severity] <= SEVERITY_RANK[severity];
    },
  };
  for (const rule of rules) {
    for (const suggestion of rule.evaluate(ruleContext)) {
      const key = stageKey(suggestion.target, suggestion.stage);
      const current = winners.get(key);
      if (current === undefined || SEVERITY_RANK[suggestion.severity] < SEVERITY_RANK[current.severity]) {
        winners.set(key, suggestion);
      }
    }
  }
  return [...winners.values()];
}

/**
 * Evaluates every rule: channel rules first, then the mix rules, which judge buses, main and amp feeds as
 * they will be once the channel suggestions are applied.
 * @param previous the suggestions the last call returned (empty at start): they hold with hysteresis.
 * @returns at most one suggestion per target and stage (the more severe wins), urgent first, then in
 * channel, bus, matrix, main, output order, then by stage in signal-flow order.
 */
export function suggest(
  snapshot: ConsoleSnapshot,
  statistics: MeterStatistics,
  profile: VenueProfile,
  nowMs: number,
  previous: readonly Suggestion[],
): Suggestion[] {
  // Every change set of this evaluation is predicted over the same snapshot and statistics.
  return withLevelMemo(() => suggestOnce(snapshot, statistics, profile, nowMs, previous));
}

function suggestOnce(
  snapshot: ConsoleSnapshot,
  statistics: MeterStatistics,
  profile: VenueProfile,
  nowMs: number,
  previous: readonly Suggestion[],
): Suggestion[] {
  const channelContext: RuleContext = {
    snapshot,
    statistics,
    profile,
    nowMs,
    previousIds: new Set(previous.map((s) => s.id)),
    metersFresh: statistics.lastFrameAtMs !== null && nowMs - statistics.lastFrameAtMs <= METER_STALE_MS,
    mixShiftDb: () => 0,
  };
  const channelSuggestions = coordinate(channelContext, pickPerStage(RULES.filter((r) => r.scope === 'channel'), channelContext, []));
  const pending = pendingLevelShift(snapshot, statistics, channelSuggestions);
  const mixContext: RuleContext = {
    ...channelContext,
    mixShiftDb: (mix) => mixShiftDb(pending, mix),
  };
  const all = pickPerStage(RULES.filter((r) => r.scope === 'mix'), mixContext, channelSuggestions);
  return coordinate(mixContext, all)
    .map((s) => withDependencies(withEffect(snapshot, statistics, s), pending, channelSuggestions))
    .sort(compareSuggestions);
}

/** The order suggest() returns: urgent first, then channel, bus, matrix, main, output, then signal flow. */
export function compareSuggestions(a: Suggestion, b: Suggestion): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
    || TARGET_ORDER[a.target.kind] - TARGET_ORDER[b.target.kind]
    || targetIndex(a.target) - targetIndex(b.target)
    || STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage]
    || a.id.localeCompare(b.id);
}
