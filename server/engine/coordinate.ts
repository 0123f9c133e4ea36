/**
 * Lines up the suggestions that survive per-stage selection so that applying all of them lands where
 * each one meant to: two suggestions that move the same parameter (or one headamp) as their main change keep
 * the one whose move serves both; and a parameter touched by several suggestions (a compressor threshold that follows a
 * preamp change and is raised for compression depth, a fader that compensates both the preamp and the
 * makeup) is carried once, by one suggestion, with the sum of the moves.
 */
import { parseParamId } from '../model/params';
import { channelAt, type ConsoleSnapshot } from '../model/stages';
import { proposedChange } from './channel-gain';
import { quantiseToRange } from '../model/param-range';
import { paramRange } from '../model/param-range';
import type { RuleContext } from './rule';
import type { ProposedChange, Severity, DraftSuggestion } from './suggestion';
import { amountText } from './wording';

/** Lower is more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { urgent: 0, advice: 1, info: 2 };

/** Of two moves of one parameter, the one that serves both (the larger, same way) or the more severe. */
function better(a: DraftSuggestion, b: DraftSuggestion): DraftSuggestion {
  const da = a.change!.deltaDb;
  const db = b.change!.deltaDb;
  if (Math.sign(da) === Math.sign(db)) return Math.abs(db) > Math.abs(da) ? b : a;
  return SEVERITY_RANK[b.severity] < SEVERITY_RANK[a.severity] ? b : a;
}

/**
 * What a main change moves, as one key per control: a preamp gain is its headamp's, so the preamps of two
 * channels split from one input are one control (each suggestion already compensates both channels; two of
 * them would add their compensation up for one step of the headamp).
 */
function controlKey(snapshot: ConsoleSnapshot, param: string): string {
  const ref = parseParamId(param);
  if (ref?.scope !== 'channel' || ref.param !== 'preampGainDb') return param;
  const headamp = channelAt(snapshot.channels, ref.channel)?.headampIndex ?? null;
  return headamp === null ? param : `headamp.${headamp}`;
}

function oneMovePerParam(snapshot: ConsoleSnapshot, suggestions: DraftSuggestion[]): DraftSuggestion[] {
  const kept = new Map<string, DraftSuggestion>();
  for (const s of suggestions) {
    if (s.change === null) continue;
    const key = controlKey(snapshot, s.change.param);
    const held = kept.get(key);
    kept.set(key, held === undefined ? s : better(held, s));
  }
  return suggestions.filter((s) => s.change === null || kept.get(controlKey(snapshot, s.change.param)) === s);
}

interface Touch {
  suggestion: DraftSuggestion;
  entry: ProposedChange;
  /** True for the suggestion's main change, false for a compensating move. */
  main: boolean;
}

/** Adds a suggestion's move of one parameter to the moves of that parameter, in suggestion order. */
function addTouch(touching: Map<string, Touch[]>, suggestion: DraftSuggestion, entry: ProposedChange, main: boolean): void {
  const touch: Touch = { suggestion, entry, main };
  const list = touching.get(entry.param);
  // A literal for the first: most parameters are moved by one suggestion only, and push() on an empty
  // array reserves room for 17.
  if (list === undefined) touching.set(entry.param, [touch]);
  else list.push(touch);
}

function mergeShared(snapshot: ConsoleSnapshot, suggestions: DraftSuggestion[]): DraftSuggestion[] {
  const touching = new Map<string, Touch[]>();
  for (const suggestion of suggestions) {
    if (suggestion.change === null) continue;
    addTouch(touching, suggestion, suggestion.change, true);
    for (const entry of suggestion.compensation) addTouch(touching, suggestion, entry, false);
  }
  const owners = new Map<DraftSuggestion, Map<string, ProposedChange>>();
  /** Per suggestion, the parameters another suggestion now carries, and which one. */
  const dropped = new Map<DraftSuggestion, Map<string, DraftSuggestion>>();
  /** Per suggestion, the others whose compensating moves it now carries. */
  const carried = new Map<DraftSuggestion, Set<DraftSuggestion>>();
  for (const [param, list] of touching) {
    if (list.length < 2) continue;
    const owner = list.find((t) => t.main) ?? list[0]!;
    const first = owner.entry;
    const sumDb = list.reduce((sum, t) => sum + t.entry.deltaDb, 0);
    const range = paramRange(snapshot, param);
    const proposedDb = range === null ? first.currentValue + sumDb : quantiseToRange(first.currentValue + sumDb, range);
    owners.set(owner.suggestion, (owners.get(owner.suggestion) ?? new Map()).set(param, proposedChange(param, first.currentValue, proposedDb)));
    for (const t of list) {
      if (t === owner) continue;
      dropped.set(t.suggestion, (dropped.get(t.suggestion) ?? new Map()).set(param, owner.suggestion));
      carried.set(owner.suggestion, (carried.get(owner.suggestion) ?? new Set()).add(t.suggestion));
    }
  }
  return suggestions.map((s) => {
    const replaced = owners.get(s);
    const gone = dropped.get(s);
    if (replaced === undefined && gone === undefined) return s;
    const swap = (c: ProposedChange): ProposedChange => replaced?.get(c.param) ?? c;
    const change = s.change === null ? null : swap(s.change);
    const extraDb = change !== null && s.change !== null ? change.deltaDb - s.change.deltaDb : 0;
    // Applied alone, a suggestion that carries another's move, or hands one over, no longer keeps every
    // level: say which suggestion completes it.
    const named = (list: readonly DraftSuggestion[]) => list.map((c) => `the ${c.rule} suggestion on ${c.label}`).join(' and ');
    const others = [...(carried.get(s) ?? [])];
    let reason = s.reason;
    if (Math.abs(extraDb) >= 0.05) {
      reason = `${s.reason.replace(/\.$/, '')}; the proposed value also carries ${extraDb > 0 ? '+' : '-'}${amountText(extraDb)} from ${named(others)}: apply both.`;
    } else if (others.length > 0) {
      reason += ` Its compensation also carries ${named(others)}'s: apply both.`;
    }
    const carriers = [...new Set(gone?.values() ?? [])].filter((c) => !others.includes(c));
    if (carriers.length > 0) reason += ` Part of its compensation is carried by ${named(carriers)}: apply both.`;
    return {
      ...s,
      change,
      compensation: s.compensation.filter((c) => !gone?.has(c.param)).map(swap),
      reason,
    };
  });
}

/** Makes the suggestions (one per target and stage already) consistent with each other; see the module note. */
export function coordinate(context: RuleContext, suggestions: DraftSuggestion[]): DraftSuggestion[] {
  return mergeShared(context.snapshot, oneMovePerParam(context.snapshot, suggestions));
}
