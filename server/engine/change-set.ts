/**
 * How a rule turns the changes that are its purpose into a suggestion's change set: the level model adds
 * the compensation that keeps every mix where it was, and every finished suggestion carries the model's
 * prediction of what it does at the PA and in each mix, and what it cannot keep.
 */
import { compensationMoves } from '../model/compensate';
import { mastersMoved, predictLevelShift, unintendedMoves, type LevelChange, type LevelMeters } from '../model/level-model';
import { gridAllowanceDb } from '../model/param-range';
import { readParam } from '../model/params';
import type { ConsoleSnapshot } from '../model/stages';
import { proposedChange } from './channel-gain';
import type { DraftSuggestion, MixEffect, ProposedChange, Suggestion } from './suggestion';

/** The compensation for `purpose` (proposed changes of one channel), as proposed changes, and its limits. */
export function compensationFor(
  snapshot: ConsoleSnapshot,
  meters: LevelMeters,
  purpose: readonly ProposedChange[],
): { compensation: ProposedChange[]; limits: string[] } {
  const set = compensationMoves(snapshot, purpose.map((c) => ({ param: c.param, value: c.proposedValue })), meters);
  return {
    compensation: set.compensation.map((c) => proposedChange(c.param, readParam(snapshot, c.param) ?? c.value, c.value)),
    limits: set.limits,
  };
}

/** The suggestion with its predicted effect on every mix it reaches and the levels it moves beyond its purpose. */
export function withEffect(snapshot: ConsoleSnapshot, meters: LevelMeters, suggestion: DraftSuggestion): Suggestion {
  const unrelated = { version: changeSetVersion(suggestion), dependsOn: [], dependencyNote: null };
  // Object.assign, not a spread literal: the same object, and V8 copies these many-shaped drafts by spread
  // several times slower (a fifth of an evaluation's cost at 144 channels, measured).
  if (suggestion.change === null) return Object.assign({}, suggestion, { purpose: [], effect: [], residualDb: 0 }, unrelated);
  const params = [suggestion.change.param];
  const changes: LevelChange[] = [{ param: suggestion.change.param, value: suggestion.change.proposedValue }];
  for (const c of suggestion.compensation) {
    params.push(c.param);
    changes.push({ param: c.param, value: c.proposedValue });
  }
  const shift = predictLevelShift(snapshot, changes, meters);
  const purpose = mastersMoved(params);
  const unintended = unintendedMoves(shift, purpose, gridAllowanceDb(snapshot, params));
  const effect: MixEffect[] = shift.mixes.map((m) => ({
    mix: m.mix,
    label: m.label,
    deltaDb: roundShift(m.totalDb),
    purpose: purpose.includes(m.mix),
  }));
  const residualDb = unintended.reduce((worst, m) => (Math.abs(m.deltaDb) > Math.abs(worst) ? m.deltaDb : worst), 0);
  return Object.assign({}, suggestion, { purpose, effect, residualDb: roundShift(residualDb) }, unrelated);
}

/** Values closer than this are one value in a version (display rounding), dB. */
const VERSION_RESOLUTION_DB = 0.01;

/**
 * A short fingerprint (8 hex digits, FNV-1a) of a suggestion's change set: parameter, current and proposed
 * value of the change and each compensation, in order. Hashing the rounded values makes the version as
 * stable as what the card shows.
 *
 * The hashed text is "<id>;<param>:<current>><proposed>;..." (values in VERSION_RESOLUTION_DB steps), fed
 * to the hash piece by piece rather than built: every suggestion of every evaluation is versioned.
 */
export function changeSetVersion(suggestion: Pick<DraftSuggestion, 'id' | 'change' | 'compensation'>): string {
  let hash = fnv1a(FNV_OFFSET_BASIS, suggestion.id);
  if (suggestion.change !== null) {
    hash = hashEntry(hash, suggestion.change);
    for (const entry of suggestion.compensation) hash = hashEntry(hash, entry);
  }
  return hash.toString(16).padStart(8, '0');
}

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The hash continued over ";<param>:<current>><proposed>". */
function hashEntry(hash: number, entry: ProposedChange): number {
  hash = fnv1a(hash, ';');
  hash = fnv1a(hash, entry.param);
  hash = fnv1a(hash, ':');
  hash = fnv1a(hash, versionValue(entry.currentValue));
  hash = fnv1a(hash, '>');
  return fnv1a(hash, versionValue(entry.proposedValue));
}

function versionValue(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value / VERSION_RESOLUTION_DB)) : String(value);
}

/** FNV-1a over `text`'s UTF-16 code units, continued from `hash`. */
function fnv1a(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash;
}

function roundShift(db: number): number {
  return Number.isFinite(db) ? Math.round(db * 10) / 10 + 0 : db;
}
