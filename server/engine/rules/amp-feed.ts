/**
 * amp-feed: the level an output delivers to its amplifier, in dBu, is the feeding mix's meter plus the
 * output's calibration (dBu at 0 dBFS, from the venue profile). Peaks above the amplifier's input
 * sensitivity drive it into clipping before the desk shows any problem; peaks far below it waste the
 * desk's dynamic range and bring up the noise of everything after it. The feeding main, bus or matrix
 * fader moves so the most sensitive amplifier on it peaks a tolerance under its sensitivity.
 * Outputs sharing a feed are judged together: one fader serves them all.
 */
import { formatParamId, type ParamId } from '../../model/params';
import type { PointStatistics } from '../../meters/statistics';
import type { VenueProfile } from '../../profiles/schema';
import { proposedChange } from '../channel-gain';
import { quantiseToRange } from '../../model/param-range';
import { busContributors, mainContributors } from '../contributors';
import { listeningConfidence } from '../confidence';
import { beyondThreshold, heardEnough } from '../hysteresis';
import type { MixKey } from '../../model/level-model';
import type { Rule, RuleContext } from '../rule';
import type { Contributor, DraftSuggestion } from '../suggestion';
import { amountText, dbuText, levelText, predictedText } from '../wording';

type ProfileOutput = VenueProfile['outputs'][number];

interface Feed {
  key: string;
  label: string;
  faderName: string;
  param: ParamId;
  faderDb: number;
  on: boolean;
  stats: PointStatistics | null;
  /** The feed's own peak ceiling: a raise never pushes it past this minus the tolerance. */
  ceilingDbfs: number;
  /** The mix the channels feed, for the predicted effect of their pending changes; null when unknown. */
  mix: MixKey | null;
  contributors: () => Contributor[];
}

function feedOf(context: RuleContext, output: ProfileOutput): Feed | null {
  const { snapshot, statistics, profile } = context;
  const { thresholds } = profile;
  switch (output.feed.kind) {
    case 'main':
      return {
        key: 'main', label: snapshot.main.name.trim() || 'Main', faderName: 'main fader',
        param: formatParamId({ scope: 'main' }), faderDb: snapshot.main.faderDb, on: snapshot.main.on,
        stats: statistics.main, ceilingDbfs: thresholds.mainPeakCeilingDbfs, mix: 'main',
        contributors: () => mainContributors(snapshot, statistics),
      };
    case 'bus': {
      const index = output.feed.index;
      const bus = snapshot.buses.find((b) => b.index === index);
      if (!bus) return null;
      return {
        key: `bus${index}`, label: `Bus ${index}${bus.name.trim() ? ` ${bus.name.trim()}` : ''}`, faderName: 'bus fader',
        param: formatParamId({ scope: 'bus', bus: index }), faderDb: bus.faderDb, on: bus.on,
        stats: statistics.buses[index - 1] ?? null, ceilingDbfs: thresholds.busPeakCeilingDbfs, mix: `bus.${index}`,
        contributors: () => busContributors(snapshot, statistics, index),
      };
    }
    case 'matrix': {
      const index = output.feed.index;
      const mtx = snapshot.matrices.find((m) => m.index === index);
      if (!mtx) return null;
      return {
        key: `mtx${index}`, label: `Mtx ${index}${mtx.name.trim() ? ` ${mtx.name.trim()}` : ''}`, faderName: 'matrix fader',
        param: formatParamId({ scope: 'matrix', matrix: index }), faderDb: mtx.faderDb, on: mtx.on,
        stats: statistics.matrices[index - 1] ?? null, ceilingDbfs: thresholds.busPeakCeilingDbfs, mix: null,
        contributors: () => [],
      };
    }
  }
}

function evaluateFeed(context: RuleContext, feed: Feed, outputs: readonly ProfileOutput[]): DraftSuggestion | null {
  const { stats } = feed;
  if (!stats || !feed.on || !Number.isFinite(feed.faderDb)) return null;
  const { thresholds } = context.profile;
  const first = Math.min(...outputs.map((o) => o.index));
  const id = `amp-feed:out${first}:output`;
  const wasShown = context.previousIds.has(id);
  if (!heardEnough(stats.activeMs, thresholds.minListenMs, wasShown) || stats.peakDbfs === -Infinity) return null;
  const toleranceDb = thresholds.preampToleranceDb;
  const holdDb = toleranceDb / 2;
  const shiftDb = feed.mix === null ? 0 : context.mixShiftDb(feed.mix);
  const peakDbfs = stats.peakDbfs + shiftDb;
  // Headroom left at each amplifier: its sensitivity minus the peak it receives; the smallest one governs.
  const marginsDb = outputs.map((o) => o.inputSensitivityDbu - (peakDbfs + o.dbuAtZeroDbfs));
  const marginDb = Math.min(...marginsDb);
  const governing = outputs[marginsDb.indexOf(marginDb)]!;
  const ampPeakDbu = peakDbfs + governing.dbuAtZeroDbfs;
  const hot = beyondThreshold(-marginDb, wasShown, holdDb);
  const low = !hot && beyondThreshold(marginDb - thresholds.ampFeedMaxBelowSensitivityDb, wasShown, holdDb);
  if (!hot && !low) return null;

  const wantedDb = marginDb - toleranceDb;
  const ceilingRoomDb = feed.ceilingDbfs - toleranceDb - peakDbfs;
  const moveDb = low ? Math.min(wantedDb, Math.max(0, ceilingRoomDb)) : wantedDb;
  const proposedDb = quantiseToRange(feed.faderDb + moveDb, context.snapshot.ranges.faderDb);
  const change = proposedDb === feed.faderDb ? null : proposedChange(feed.param, feed.faderDb, proposedDb);
  const outputsText = `Out ${outputs.map((o) => o.index).join('+')}`;
  const sensitivity = dbuText(governing.inputSensitivityDbu);
  const heard = `${feed.label} peaks at ${levelText(stats.peakDbfs)}${predictedText(shiftDb, peakDbfs)}, which is ${dbuText(ampPeakDbu)} at the input of ${governing.amplifier} (${outputsText})`;
  let reason: string;
  if (hot) {
    reason = change === null
      ? `${heard}, above its ${sensitivity} sensitivity, and the ${feed.faderName} is at the bottom of its range: turn the amplifier's input down.`
      : `${heard}, above its ${sensitivity} sensitivity: the amplifier clips before the desk does. First choice: turn the amplifier's input attenuator down ${amountText(change.deltaDb)}, so the desk keeps its level and headroom; or, from here, lower the ${feed.faderName} ${amountText(change.deltaDb)}.`;
  } else {
    const limited = moveDb < wantedDb ? ' as far as the feed\'s own headroom allows' : '';
    reason = change === null
      ? `${heard}, ${amountText(marginDb)} under its ${sensitivity} sensitivity, and the feed has no headroom to give: set the amplifier to a more sensitive input range.`
      : `${heard}, ${amountText(marginDb)} under its ${sensitivity} sensitivity: the amplifier's gain makes up for a weak feed and lifts the noise; raise the ${feed.faderName} ${amountText(change.deltaDb)}${limited} and turn the amplifier's input down to match.`;
  }
  return {
    id,
    rule: 'amp-feed',
    severity: hot ? 'urgent' : change === null ? 'info' : 'advice',
    confidence: listeningConfidence(stats.activeMs, thresholds.minListenMs, 0.9),
    target: { kind: 'output', index: first },
    label: `${outputsText} ${governing.amplifier}`,
    stage: 'output',
    change,
    compensation: [],
    evidence: {
      windowMs: stats.windowMs,
      activeMs: stats.activeMs,
      peakDbfs: Math.round(stats.peakDbfs * 10) / 10,
      predictedPeakDbfs: Math.round(peakDbfs * 10) / 10,
      ampInputPeakDbu: Math.round(ampPeakDbu * 10) / 10,
      inputSensitivityDbu: governing.inputSensitivityDbu,
      dbuAtZeroDbfs: governing.dbuAtZeroDbfs,
    },
    contributors: feed.contributors(),
    reason,
  };
}

export const ampFeedRule: Rule = {
  id: 'amp-feed',
  scope: 'mix',
  evaluate(context) {
    if (!context.metersFresh) return [];
    const groups = new Map<string, { feed: Feed; outputs: ProfileOutput[] }>();
    for (const output of context.profile.outputs) {
      const feed = feedOf(context, output);
      if (feed === null) continue;
      const group = groups.get(feed.key) ?? { feed, outputs: [] };
      group.outputs.push(output);
      groups.set(feed.key, group);
    }
    return [...groups.values()].flatMap(({ feed, outputs }) => evaluateFeed(context, feed, outputs) ?? []);
  },
};
