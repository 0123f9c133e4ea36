/**
 * What the preamp stage needs, shared by the rules that change it (clipping, noise-floor, preamp-target):
 * the gain change that puts a channel on target, and the suggestion that carries it, its reason and the
 * compensation that keeps the PA and every monitor mix where they were (the fader the other way, pre-fader
 * sends against it, thresholds with it: model/compensate.ts).
 */
import { roundDb } from '../model/db';
import { heardChangeDb, hiddenPeakDb } from '../model/level-model';
import { parseParamId } from '../model/params';
import { channelAt, type ChannelState } from '../model/stages';
import type { PointStatistics } from '../meters/statistics';
import { gainControls, planGainChange, type GainPlan } from './channel-gain';
import { compensationFor } from './change-set';
import type { LevelTargets } from '../profiles/schema';
import type { RuleContext } from './rule';
import type { Evidence, ProposedChange, RuleId, Severity, DraftSuggestion } from './suggestion';
import { amountText, channelLabel, keepsMixText, levelText, settingText } from './wording';

/** How a channel's wanted gain change was set. */
export type GainAim = 'average' | 'ceiling' | 'peaks';

export interface GainNeed {
  /** Change of input gain that puts the channel on target, dB (negative = less gain). */
  wantedDb: number;
  aim: GainAim;
  /** Peak minus average, dB, with the hidden level added back. */
  crestDb: number;
  /** Level the meter could not show because the input clipped, dB (0 without clips). */
  hiddenPeakDb: number;
}

/**
 * The gain change that puts a channel on target. Steady sources aim at the average target unless that
 * would push peaks past the ceiling (then the ceiling wins); percussive sources (crest factor above
 * `percussiveCrestDb`) aim their peaks at the ceiling, since their average says little about headroom.
 * A clipped window counts the hidden level back in: all of it on the peaks, half on the average.
 */
export function gainToTarget(stats: PointStatistics, targets: LevelTargets, percussiveCrestDb: number): GainNeed {
  const playingFrames = stats.windowMs > 0 ? (stats.activeMs * stats.frames) / stats.windowMs : 0;
  const hiddenDb = hiddenPeakDb(stats.clipCount, playingFrames);
  const peakDbfs = stats.peakDbfs + hiddenDb;
  const averageDbfs = stats.averageDbfs + hiddenDb / 2;
  const crestDb = peakDbfs - averageDbfs;
  const toCeilingDb = targets.peakCeilingDbfs - peakDbfs;
  if (crestDb > percussiveCrestDb) return { wantedDb: toCeilingDb, aim: 'peaks', crestDb, hiddenPeakDb: hiddenDb };
  const toAverageDb = targets.averageDbfs - averageDbfs;
  return toCeilingDb < toAverageDb
    ? { wantedDb: toCeilingDb, aim: 'ceiling', crestDb, hiddenPeakDb: hiddenDb }
    : { wantedDb: toAverageDb, aim: 'average', crestDb, hiddenPeakDb: hiddenDb };
}

/** "lower the preamp gain 8.5 dB", "raise the preamp gain 2.0 dB and the trim 2.0 dB to its maximum +18.0 dB". */
export function gainActionText(plan: GainPlan, wantedDb: number): string {
  const verb = wantedDb < 0 ? 'lower' : 'raise';
  const parts = plan.changes.map((change, i) => {
    const name = change.param.endsWith('trimDb') ? 'trim' : 'preamp gain';
    const reachesEnd = plan.limit !== null && i === plan.changes.length - 1;
    const end = reachesEnd ? ` to its ${wantedDb < 0 ? 'minimum' : 'maximum'} ${settingText(change.proposedValue)}` : '';
    return `${i === 0 ? `${verb} the ` : 'the '}${name} ${amountText(change.deltaDb)}${end}`;
  });
  return parts.join(' and ');
}

/** " (the trim range ends at +18.0 dB: 3.0 dB short)" when the range ran out, else "". */
function shortfallText(plan: GainPlan): string {
  if (plan.limit === null) return '';
  return ` (the ${plan.limit.control.name} range ends at ${settingText(plan.limit.atDb)}: ${amountText(plan.shortfallDb)} short)`;
}

/** "the preamp gain (+60.0 dB) and the trim (+18.0 dB) are at the end of their ranges". */
function controlsAtEndText(channel: ChannelState): string {
  const controls = gainControls(channel).map((c) => `the ${c.name} (${settingText(c.currentDb)})`);
  return controls.length === 1
    ? `${controls[0]} is at the end of its range`
    : `${controls.join(' and ')} are at the end of their ranges`;
}

/** The figures every preamp-stage suggestion carries. */
export function inputEvidence(stats: PointStatistics, extra: Record<string, number>): Evidence {
  return {
    windowMs: stats.windowMs,
    activeMs: stats.activeMs,
    peakDbfs: roundDb(stats.peakDbfs),
    averageDbfs: roundDb(stats.averageDbfs),
    noiseFloorDbfs: roundDb(stats.lowDbfs),
    clipCount: stats.clipCount,
    ...extra,
  };
}

export interface PreampProposal {
  rule: RuleId;
  severity: Severity;
  confidence: number;
  channel: ChannelState;
  stats: PointStatistics;
  wantedDb: number;
  /** What was heard, e.g. "Ch 1 Kick peaks at -0.2 dBFS, averaging -9.5 dBFS". */
  heardText: string;
  /** Why this amount, e.g. "to reach -18 dBFS average / -6 dBFS peak". */
  goalText: string;
  evidence: Evidence;
}

/** The suggestion for a change of a channel's input gain, with overflow into the trim and compensation. */
export function preampSuggestion(context: RuleContext, p: PreampProposal): DraftSuggestion {
  const plan = planGainChange(p.channel, p.wantedDb);
  let reason: string;
  if (plan.changes.length === 0) {
    const direction = p.wantedDb < 0 ? 'less' : 'more';
    reason = plan.limit === null
      ? `${p.heardText}: it needs ${amountText(p.wantedDb)} ${direction} gain but the console exposes no preamp gain or trim for it; adjust at the source.`
      : `${p.heardText}: it needs ${amountText(p.wantedDb)} ${direction} gain but ${controlsAtEndText(p.channel)}; ${p.wantedDb < 0 ? 'use a pad or a quieter source' : 'check the source, cable and mic choice'}.`;
  } else {
    reason = `${p.heardText}: ${gainActionText(plan, p.wantedDb)} ${p.goalText}${shortfallText(plan)}.`;
  }
  const [change = null, ...overflow] = plan.changes;
  const moveOf = (param: 'preampGainDb' | 'trimDb') => plan.changes.find((c) => c.param.endsWith(`.${param}`))?.deltaDb ?? 0;
  const heardDeltaDb = heardChangeDb(context.statistics, p.channel, moveOf('preampGainDb'), moveOf('trimDb'));
  const kept = compensationFor(context.snapshot, context.statistics, plan.changes);
  if (change !== null) {
    const [own, siblings] = ownAndSiblings(context, p.channel, kept.compensation);
    reason += keepsMixText(own, kept.limits, siblings);
  }
  return {
    id: `${p.rule}:ch${p.channel.index}:preamp`,
    rule: p.rule,
    severity: p.severity,
    confidence: p.confidence,
    target: { kind: 'channel', index: p.channel.index },
    label: channelLabel(p.channel),
    stage: 'preamp',
    change,
    compensation: change === null ? [] : [...overflow, ...kept.compensation],
    evidence: { ...p.evidence, wantedDeltaDb: roundDb(p.wantedDb), heardChangeDb: roundDb(change === null ? 0 : heardDeltaDb, 2) },
    reason,
  };
}

/** "Ch 1 Kick peaks at -0.2 dBFS, averaging -9.5 dBFS". */
export function heardText(channel: ChannelState, stats: PointStatistics): string {
  return `${channelLabel(channel)} peaks at ${levelText(stats.peakDbfs)}, averaging ${levelText(stats.averageDbfs)}`;
}

/**
 * The compensation on `channel` itself, and the labels of the other channels it moves: a preamp gain moves
 * every channel on its headamp (an input split to two channels), and the reason names those rather than
 * counting their faders and sends as this channel's.
 */
function ownAndSiblings(context: RuleContext, channel: ChannelState, compensation: readonly ProposedChange[]): [ProposedChange[], string[]] {
  const own: ProposedChange[] = [];
  const siblings: string[] = [];
  for (const c of compensation) {
    const ref = parseParamId(c.param);
    const index = ref !== null && 'channel' in ref ? ref.channel : channel.index;
    if (index === channel.index) {
      own.push(c);
      continue;
    }
    const sibling = channelAt(context.snapshot.channels, index);
    const label = sibling ? channelLabel(sibling) : `Ch ${index}`;
    if (!siblings.includes(label)) siblings.push(label);
  }
  return [own, siblings];
}
