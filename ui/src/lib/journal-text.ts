/**
 * How journal entries read on the tablet: values in the parameter's unit, where a write came from, when and
 * from which tablet. Values arrive as on the wire (null = -inf, a fader fully down).
 */
import type { RuleId } from '../../../server/engine/suggestion';
import type { WireJournalEntry } from '../../../server/hub/protocol';
import { formatGain, formatLevel } from './decibel-format';
import { isSwitchParam, ruleTitle } from './suggestion-text';

/** One value of a parameter: "on"/"off" for switches, "35.0" for a preamp gain (no sign), "+3.5" otherwise. */
export function formatParamValue(param: string, value: number | null): string {
  if (isSwitchParam(param)) return (value ?? 0) >= 0.5 ? 'on' : 'off';
  return param.endsWith('.preampGainDb') ? formatLevel(value) : formatGain(value);
}

/** The unit after the values: "dB", or nothing for switches. */
export function paramUnit(param: string): string {
  return isSwitchParam(param) ? '' : 'dB';
}

/** "35.0 → 15.5 dB (confirmed 15.5)": before, requested, and what the desk confirmed by read-back. */
export function describeWrite(entry: WireJournalEntry): string {
  const value = (v: number | null) => formatParamValue(entry.param, v);
  const unit = paramUnit(entry.param);
  return `${value(entry.beforeValue)} → ${value(entry.requestedValue)}${unit === '' ? '' : ` ${unit}`} (confirmed ${value(entry.confirmedValue)})`;
}

/** What undoing `entry` writes: "back to 35.0 dB (now 14.0)". */
export function describeUndo(entry: WireJournalEntry): string {
  const value = (v: number | null) => formatParamValue(entry.param, v);
  const unit = paramUnit(entry.param);
  return `back to ${value(entry.beforeValue)}${unit === '' ? '' : ` ${unit}`} (now ${value(entry.confirmedValue)})`;
}

const RULES: ReadonlySet<string> = new Set<RuleId>([
  'preamp-target', 'clipping', 'noise-floor', 'processor-gain', 'bus-headroom', 'main-headroom', 'amp-feed', 'compression-depth',
]);

/**
 * Why the write happened: "Undo of #12", "Backup restore", "Venue recall: club-xr18", "Soundcheck · Clipping",
 * "Suggestion · Preamp target", "Gain tracking (at the desk)" for a gain turned at a desk, "Gain tracking" for the trims that answered it.
 */
export function originText(entry: WireJournalEntry): string {
  if (entry.undoOf !== null) return `Undo of #${entry.undoOf}`;
  if (entry.origin === 'restore') return 'Backup restore';
  if (entry.origin.startsWith('gain-tracking:')) return entry.client === 'desk' ? 'Gain tracking (at the desk)' : 'Gain tracking';
  if (entry.origin.startsWith('recall:')) return `Venue recall: ${entry.origin.slice('recall:'.length)}`;
  const rule = entry.origin.split(':')[0] ?? '';
  const why = RULES.has(rule) ? ruleTitle(rule as RuleId) : entry.origin;
  return entry.soundcheckId === null ? `Suggestion · ${why}` : `Soundcheck · ${why}`;
}

/** Which tablet asked: "this tablet", "bridge", "tablet ab12cd"; a gain turned at the desk and gain tracking's trims say so. */
export function tabletText(client: string, ownClientId: string | null): string {
  if (client === ownClientId) return 'this tablet';
  if (client === 'desk') return 'at the desk';
  if (client === 'gain-tracking') return 'gain tracking';
  return client === 'bridge' ? 'bridge' : `tablet ${client}`;
}

/** Local wall-clock time of an ISO instant, "18:03:07"; the ISO text itself when it does not parse. */
export function clockText(atIso: string): string {
  const date = new Date(atIso);
  if (Number.isNaN(date.getTime())) return atIso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
