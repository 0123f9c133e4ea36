/**
 * Recall, step two: the stored gains and trims of a selection as one consistent change set. The level model
 * adds each channel's compensation (fader, sends, thresholds), so a "preamps only" recall puts the preamps
 * back without moving the PA or a monitor mix; what cannot be kept is stated per channel.
 */
import { compensate } from '../model/compensate';
import { channelLabel, predictLevelShift, type LevelMeters } from '../model/level-model';
import { parseParamId, readParam } from '../model/params';
import type { ConsoleSnapshot } from '../model/stages';
import { recallChanges, type ChannelDiff } from '../profiles/recall-diff';

/** One value a recall writes. */
export interface RecallWrite {
  param: string;
  /** "Ch 13 Vox 1 fader". */
  label: string;
  currentValue: number;
  proposedValue: number;
  /** True for the moves that keep the mixes (not stored in the profile). */
  compensation: boolean;
}

/** What a recall does to one channel's level in the PA and each mix, dB (rounded to 0.1). */
export interface RecallChannelEffect {
  channel: number;
  label: string;
  mixes: { label: string; deltaDb: number }[];
}

export interface RecallPlan {
  writes: RecallWrite[];
  effects: RecallChannelEffect[];
  /** Why a level could not be kept, one sentence each; empty when every mix stays. */
  limits: string[];
}

const PARAM_WORDS: Record<string, string> = {
  preampGainDb: 'gain', trimDb: 'trim', faderDb: 'fader', dynThresholdDb: 'compressor threshold', gateThresholdDb: 'gate threshold',
};

function writeLabel(snapshot: ConsoleSnapshot, param: string): string {
  const ref = parseParamId(param);
  if (ref === null || ref.scope === 'main' || ref.scope === 'bus' || ref.scope === 'matrix') return param;
  const name = channelLabel(snapshot.channels.find((c) => c.index === ref.channel) ?? { index: ref.channel, name: '' });
  if (ref.scope === 'channel-send') {
    const bus = snapshot.buses.find((b) => b.index === ref.bus);
    return `${name} send to ${bus?.name.trim() || `Bus ${ref.bus}`}`;
  }
  if (ref.scope === 'channel-eq') return `${name} EQ band ${ref.band}`;
  return `${name} ${PARAM_WORDS[ref.param] ?? ref.param}`;
}

function channelOf(param: string): number | null {
  const ref = parseParamId(param);
  return ref === null || ref.scope === 'main' || ref.scope === 'bus' || ref.scope === 'matrix' ? null : ref.channel;
}

const round = (db: number) => (Number.isFinite(db) ? Math.round(db * 10) / 10 + 0 : db);

/** The change set a recall of `diff` writes, with its compensation and predicted effect per channel. */
export function recallPlan(snapshot: ConsoleSnapshot, diff: readonly ChannelDiff[], meters: LevelMeters): RecallPlan {
  const stored = recallChanges(diff);
  const set = compensate(snapshot, stored, meters);
  const storedParams = new Set(stored.map((c) => c.param));
  const writes = set.changes.map((c) => ({
    param: c.param,
    label: writeLabel(snapshot, c.param),
    currentValue: readParam(snapshot, c.param) ?? c.value,
    proposedValue: c.value,
    compensation: !storedParams.has(c.param),
  }));
  const effects = [...set.shift.channels.keys()].sort((a, b) => a - b).map((index) => {
    const own = set.changes.filter((c) => channelOf(c.param) === index);
    const shift = predictLevelShift(snapshot, own, meters);
    const channel = snapshot.channels.find((c) => c.index === index);
    return {
      channel: index,
      label: channelLabel(channel ?? { index, name: '' }),
      mixes: shift.mixes.map((m) => ({ label: m.label, deltaDb: round(m.channels.find((c) => c.channel === index)?.deltaDb ?? 0) })),
    };
  });
  return { writes, effects, limits: set.limits };
}
