/**
 * What an apply from a tablet becomes, given the change set the card showed (by its version) and what the
 * engine wants now: the change set as shown when the engine still wants it within the apply tolerance; else
 * nothing is written and the engineer hears exactly what moved (and gets the new set for one more tap) or
 * why the suggestion is no longer needed. Pure: the caller passes what the advisor remembers.
 */
import type { Suggestion } from '../engine/suggestion';
import { levelText, settingText } from '../engine/wording';
import type { ChangedValue } from '../hub/protocol';
import type { MeterStatistics, PointStatistics } from '../meters/statistics';
import { parseParamId } from '../model/params';
import type { Resolution } from './resolved-memory';

/**
 * A shown change set is still the engine's when every value (the desk's value it starts from and the one it
 * proposes) is within this of the engine's now, dB: about a third of the preamp tolerance, well inside what
 * a listening window moves from one evaluation to the next and smaller than any audible difference in a fix.
 */
export const APPLY_TOLERANCE_DB = 1;

export type ApplyVerdict =
  /** Write this change set (the one the engineer saw). */
  | { kind: 'apply'; suggestion: Suggestion }
  | { kind: 'changed'; now: Suggestion; changes: ChangedValue[]; message: string }
  | { kind: 'resolved'; message: string; resolvedBy: string | null }
  | { kind: 'unknown'; message: string };

export interface ApplyCheck {
  id: string;
  /** The version the card showed. */
  version: string;
  /** The suggestion as the advisor shows it now, if it does. */
  current: Suggestion | undefined;
  /** The suggestion as it was shown with `version`, if the advisor remembers it. */
  shown: Suggestion | undefined;
  /** Why the suggestion went away, if it did. */
  resolution: Resolution | undefined;
  meters: MeterStatistics;
  nowMs: number;
  /** "Ch 1 Kick gain" for a parameter id. */
  labelOf(param: string): string;
}

export function checkApply(check: ApplyCheck): ApplyVerdict {
  const { current, shown } = check;
  if (current === undefined) {
    if (check.resolution !== undefined) {
      return { kind: 'resolved', message: resolvedMessage(check.resolution, check.meters, check.nowMs), resolvedBy: check.resolution.by?.id ?? null };
    }
    return { kind: 'unknown', message: `This bridge has made no suggestion ${check.id} lately (a card from before the bridge restarted?). Nothing was written.` };
  }
  if (current.version === check.version) return { kind: 'apply', suggestion: current };
  const changes = changedValues(shown, current, check.labelOf);
  if (shown !== undefined && changes.length === 0) return { kind: 'apply', suggestion: shown };
  const what = shown === undefined
    ? 'the card is older than the bridge remembers'
    : changes.map(changeText).join('; ');
  const after = current.dependencyNote === null ? '' : ` ${current.dependencyNote}`;
  return {
    kind: 'changed',
    now: current,
    changes: shown === undefined ? changedValues(undefined, current, check.labelOf) : changes,
    message: `${current.label} changed since you saw it: ${what}.${after} Nothing was written; tap again to apply the new values.`,
  };
}

interface Entry {
  currentValue: number;
  proposedValue: number;
}

function entriesOf(s: Suggestion | undefined): Map<string, Entry> {
  return new Map((s?.change == null ? [] : [s.change, ...s.compensation]).map((c) => [c.param, c]));
}

function near(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= APPLY_TOLERANCE_DB;
}

/** Every value that differs beyond the tolerance between the shown and the current change set, in the current set's order. */
function changedValues(shown: Suggestion | undefined, current: Suggestion, labelOf: (param: string) => string): ChangedValue[] {
  const before = entriesOf(shown);
  const now = entriesOf(current);
  const params = [...new Set([...now.keys(), ...before.keys()])];
  const wire = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
  return params.flatMap((param) => {
    const a = before.get(param);
    const b = now.get(param);
    if (a !== undefined && b !== undefined && near(a.proposedValue, b.proposedValue) && near(a.currentValue, b.currentValue)) return [];
    return [{ param, label: labelOf(param), shownValue: wire(a?.proposedValue), nowValue: wire(b?.proposedValue) }];
  });
}

function changeText(change: ChangedValue): string {
  const value = (v: number | null) => settingText(v ?? -Infinity);
  if (change.shownValue === null && change.nowValue !== null) return `${change.label} now also goes to ${value(change.nowValue)}`;
  if (change.nowValue === null) return `${change.label} is no longer part of it`;
  return `${change.label} ${value(change.shownValue)} → ${value(change.nowValue)}`;
}

/** "a moment ago", "12 s ago", "3 min ago". */
export function ageText(ageMs: number): string {
  if (ageMs < 5000) return 'a moment ago';
  if (ageMs < 120_000) return `${Math.round(ageMs / 1000)} s ago`;
  return `${Math.round(ageMs / 60_000)} min ago`;
}

/** The meter point that tells whether a suggestion's reason is gone, and its name. */
function pointOf(s: Suggestion, meters: MeterStatistics): { name: string; point: PointStatistics | null | undefined } {
  switch (s.target.kind) {
    case 'channel': return { name: s.label, point: meters.channelInput[s.target.index - 1] };
    case 'bus': return { name: s.label, point: meters.buses[s.target.index - 1] };
    case 'matrix': return { name: s.label, point: meters.matrices[s.target.index - 1] };
    case 'main': return { name: s.label, point: meters.main };
    case 'output': {
      const ref = s.change === null ? null : parseParamId(s.change.param);
      const name = s.effect.find((e) => e.purpose)?.label ?? 'its feed';
      if (ref?.scope === 'bus') return { name, point: meters.buses[ref.bus - 1] };
      if (ref?.scope === 'matrix') return { name, point: meters.matrices[ref.matrix - 1] };
      return { name, point: meters.main };
    }
  }
}

/** ": Main LR peaks now -9.1 dBFS", or "; listening again since the change" while nothing has been heard there. */
function levelNowText(s: Suggestion, meters: MeterStatistics): string {
  const { name, point } = pointOf(s, meters);
  if (point == null || point.activeMs === 0 || !Number.isFinite(point.peakDbfs)) return `; ${name} is being listened to again since the change`;
  const average = s.target.kind === 'channel' && Number.isFinite(point.averageDbfs) ? `, averaging ${levelText(point.averageDbfs)}` : '';
  return `: ${name} peaks now ${levelText(point.peakDbfs)}${average}`;
}

/** Why a suggestion is no longer there, for the engineer who tapped it. */
export function resolvedMessage(resolution: Resolution, meters: MeterStatistics, nowMs: number): string {
  const { suggestion, by } = resolution;
  const age = ageText(nowMs - resolution.atMs);
  const level = levelNowText(suggestion, meters);
  if (by === null) return `${suggestion.label}: no longer needed, the level came back inside ${age}${level}. Nothing was written.`;
  if (by.id === suggestion.id) return `${suggestion.label}: already applied ${age}${level}. Nothing more was written.`;
  return `${suggestion.label}: resolved by ${by.name} ${age}${level}. Nothing was written.`;
}
