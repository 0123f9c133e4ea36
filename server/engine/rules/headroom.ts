/**
 * bus-headroom and main-headroom: a bus, matrix or the main mix peaking above its ceiling has no room left
 * for the loud moment of the show. The master fader comes down so peaks land a tolerance under the ceiling;
 * the reason names the channels that fill it most, where a smaller send or fader is often the better fix.
 */
import { formatParamId, type ParamId } from '../../model/params';
import type { PointStatistics } from '../../meters/statistics';
import { proposedChange } from '../channel-gain';
import { quantiseToRange } from '../../model/param-range';
import { busContributors, mainContributors } from '../contributors';
import { listeningConfidence } from '../confidence';
import { beyondThreshold, heardEnough } from '../hysteresis';
import type { MixKey } from '../../model/level-model';
import type { Rule, RuleContext } from '../rule';
import type { Contributor, RuleId, Stage, DraftSuggestion, SuggestionTarget } from '../suggestion';
import { amountText, levelText, predictedText, targetText } from '../wording';

interface MixStrip {
  rule: RuleId;
  id: string;
  target: SuggestionTarget;
  stage: Stage;
  label: string;
  /** What the fader is called in the reason: "bus fader", "matrix fader", "main fader". */
  faderName: string;
  param: ParamId;
  faderDb: number;
  on: boolean;
  stats: PointStatistics | null;
  ceilingDbfs: number;
  /** The mix the channels feed, for the predicted effect of their pending changes; null when unknown. */
  mix: MixKey | null;
  contributors: () => Contributor[];
}

function contributorsText(contributors: readonly Contributor[]): string {
  if (contributors.length === 0) return '';
  const names = contributors.map((c) => `${c.label} (${levelText(c.levelDbfs)})`).join(', ');
  return `; the largest contributors are ${names}`;
}

function evaluatePoint(context: RuleContext, point: MixStrip): DraftSuggestion | null {
  const { stats } = point;
  if (!stats || !point.on || !Number.isFinite(point.faderDb)) return null;
  const { thresholds } = context.profile;
  const wasShown = context.previousIds.has(point.id);
  if (!heardEnough(stats.activeMs, thresholds.minListenMs, wasShown)) return null;
  const toleranceDb = thresholds.preampToleranceDb;
  const shiftDb = point.mix === null ? 0 : context.mixShiftDb(point.mix);
  const peakDbfs = stats.peakDbfs + shiftDb;
  if (!beyondThreshold(peakDbfs - point.ceilingDbfs, wasShown, toleranceDb / 2)) return null;
  const proposedDb = quantiseToRange(
    point.faderDb - (peakDbfs - (point.ceilingDbfs - toleranceDb)),
    context.snapshot.ranges.faderDb,
  );
  if (proposedDb >= point.faderDb) return null;
  const change = proposedChange(point.param, point.faderDb, proposedDb);
  const contributors = point.contributors();
  return {
    id: point.id,
    rule: point.rule,
    severity: stats.peakDbfs >= thresholds.clipDbfs ? 'urgent' : 'advice',
    confidence: listeningConfidence(stats.activeMs, thresholds.minListenMs),
    target: point.target,
    label: point.label,
    stage: point.stage,
    change,
    compensation: [],
    evidence: {
      windowMs: stats.windowMs,
      activeMs: stats.activeMs,
      peakDbfs: Math.round(stats.peakDbfs * 10) / 10,
      averageDbfs: Math.round(stats.averageDbfs * 10) / 10,
      clipCount: stats.clipCount,
      peakCeilingDbfs: point.ceilingDbfs,
      predictedPeakDbfs: Math.round(peakDbfs * 10) / 10,
    },
    contributors,
    reason: `${point.label} peaks at ${levelText(stats.peakDbfs)}${predictedText(shiftDb, peakDbfs)}, above its ${targetText(point.ceilingDbfs)} ceiling: `
      + `lower the ${point.faderName} ${amountText(change.deltaDb)} to bring peaks to ${targetText(point.ceilingDbfs - toleranceDb)}${contributorsText(contributors)}.`,
  };
}

/** "Bus 1 Mon 1", "Mtx 2 Record", "Bus 3" when unnamed. */
function stripLabel(prefix: string, index: number, name: string): string {
  return name.trim() === '' ? `${prefix} ${index}` : `${prefix} ${index} ${name.trim()}`;
}

export const busHeadroomRule: Rule = {
  id: 'bus-headroom',
  scope: 'mix',
  evaluate(context) {
    if (!context.metersFresh) return [];
    const { snapshot, statistics, profile } = context;
    const ceilingDbfs = profile.thresholds.busPeakCeilingDbfs;
    const buses = snapshot.buses.map((bus): MixStrip => ({
      rule: 'bus-headroom',
      id: `bus-headroom:bus${bus.index}:bus`,
      target: { kind: 'bus', index: bus.index },
      stage: 'bus',
      label: stripLabel('Bus', bus.index, bus.name),
      faderName: 'bus fader',
      param: formatParamId({ scope: 'bus', bus: bus.index }),
      faderDb: bus.faderDb,
      on: bus.on,
      stats: statistics.buses[bus.index - 1] ?? null,
      ceilingDbfs,
      mix: `bus.${bus.index}`,
      contributors: () => busContributors(snapshot, statistics, bus.index),
    }));
    const matrices = snapshot.matrices.map((mtx): MixStrip => ({
      rule: 'bus-headroom',
      id: `bus-headroom:mtx${mtx.index}:matrix`,
      target: { kind: 'matrix', index: mtx.index },
      stage: 'matrix',
      label: stripLabel('Mtx', mtx.index, mtx.name),
      faderName: 'matrix fader',
      param: formatParamId({ scope: 'matrix', matrix: mtx.index }),
      faderDb: mtx.faderDb,
      on: mtx.on,
      stats: statistics.matrices[mtx.index - 1] ?? null,
      ceilingDbfs,
      mix: null,
      contributors: () => [],
    }));
    return [...buses, ...matrices].flatMap((point) => evaluatePoint(context, point) ?? []);
  },
};

export const mainHeadroomRule: Rule = {
  id: 'main-headroom',
  scope: 'mix',
  evaluate(context) {
    if (!context.metersFresh) return [];
    const { snapshot, statistics, profile } = context;
    const suggestion = evaluatePoint(context, {
      rule: 'main-headroom',
      id: 'main-headroom:main:main',
      target: { kind: 'main' },
      stage: 'main',
      label: snapshot.main.name.trim() === '' ? 'Main' : snapshot.main.name.trim(),
      faderName: 'main fader',
      param: formatParamId({ scope: 'main' }),
      faderDb: snapshot.main.faderDb,
      on: snapshot.main.on,
      stats: statistics.main,
      ceilingDbfs: profile.thresholds.mainPeakCeilingDbfs,
      mix: 'main',
      contributors: () => mainContributors(snapshot, statistics),
    });
    return suggestion === null ? [] : [suggestion];
  },
};
