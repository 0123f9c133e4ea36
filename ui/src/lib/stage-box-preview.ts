/**
 * The per-desk change set of an action waiting for the engineer's confirmation, as the Stage box view shows
 * it: which suggestions ask about a preamp gain (the ones the bridge's preview can answer), and the preview
 * (GET /api/stage-box/preview) as one row per desk. Pure.
 */
import type { Suggestion } from '../../../server/engine/suggestion';
import type { DeskPreview } from '../../../server/stage-box/cross-desk-preview';
import type { WireStageBox } from '../../../server/stage-box/stage-box-wire';
import { formatGain } from './decibel-format';
import { deskName } from './stage-box-rows';
import { isSwitchParam, paramTitle } from './suggestion-text';

/** A preamp gain an action would write, waiting for the engineer's confirmation. */
export interface PendingGain {
  /** Changes when the proposal does (suggestion id and version). */
  key: string;
  /** "Ch 20 Perc: gain to +40.0 dB". */
  what: string;
  channel: number;
  gainDb: number;
}

const GAIN = /^ch\.(\d+)\.preampGainDb$/;

/** The suggestions whose Apply waits for a second confirmation and that set a preamp gain. */
export function pendingGains(suggestions: readonly Suggestion[], confirmationFor: (id: string) => string | null): PendingGain[] {
  return suggestions.flatMap((s) => {
    const match = s.change === null ? null : GAIN.exec(s.change.param);
    if (s.change === null || match === null || confirmationFor(s.id) === null) return [];
    return [{ key: `${s.id}@${s.version}`, what: `${s.label}: gain to ${formatGain(s.change.proposedValue)} dB`, channel: Number(match[1]), gainDb: s.change.proposedValue }];
  });
}

export interface PreviewRow {
  desk: string;
  /** "FOH (this desk)", "Monitors". */
  name: string;
  /** "Ch 20 gain +40.0 dB, Ch 20 fader -8.0 dB", or "nothing". */
  writes: string;
  /** What its mixes do ("PA: ±0.0 dB · Mon 1: ±0.0 dB"). */
  effect: string;
  /** Why a level could not be kept there, one sentence each. */
  limits: string[];
}

export function previewRows(box: WireStageBox, here: string, desks: readonly DeskPreview[]): PreviewRow[] {
  return desks.map((d) => ({
    desk: d.desk,
    name: `${deskName(box, d.desk)}${d.desk === here ? ' (this desk)' : ''}`,
    writes: d.changes.length === 0 ? 'nothing' : d.changes.map((c) => `${writeTitle(c.param)} ${isSwitchParam(c.param) ? (c.value >= 0.5 ? 'on' : 'off') : `${formatGain(c.value)} dB`}`).join(', '),
    effect: d.effect,
    limits: d.limits,
  }));
}

/** "Ch 20 trim": a desk's channel numbers differ, so every write names its channel. */
function writeTitle(param: string): string {
  const channel = /^ch\.(\d+)\./.exec(param);
  return channel === null ? paramTitle(param) : `Ch ${channel[1]} ${paramTitle(param).toLowerCase()}`;
}
