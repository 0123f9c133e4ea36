/**
 * Meter coverage: for every area of the desk that exists but sends no meters (a MIDI desk, an X32 without
 * post-fader banks, channels beyond the metered range), one 'info' note saying what the engine could not
 * judge there. The engine never invents a level for a stage it cannot see. Notes hang on the main target
 * (the console as a whole), one per stage, under the rule whose judgement is missing.
 */
import type { MeterStatistics, PointStatistics } from '../../meters/statistics';
import type { MeterCapabilities } from '../../model/stages';
import type { Rule, RuleContext } from '../rule';
import type { RuleId, Stage, DraftSuggestion } from '../suggestion';
import { durationText } from '../wording';

interface Area {
  rule: RuleId;
  stage: Stage;
  capability: keyof MeterCapabilities;
  /** "input", "compressor gain-reduction", ... */
  meterName: string;
  /** Strip prefix for partial coverage: "Ch", "Bus", "Mtx". */
  prefix: string;
  /** What goes unjudged, e.g. "channel levels (preamp, clipping, noise floor, fader)". */
  unjudged: string;
  /** Indices (1-based) of the strips the desk has in this area. */
  indices: (context: RuleContext) => number[];
  points: (statistics: MeterStatistics) => readonly (PointStatistics | null)[];
}

const AREAS: readonly Area[] = [
  {
    rule: 'preamp-target', stage: 'preamp', capability: 'channelInput', meterName: 'input', prefix: 'Ch',
    unjudged: 'channel levels are not judged (preamp, clipping, noise floor, fader)',
    indices: (c) => c.snapshot.channels.map((ch) => ch.index), points: (s) => s.channelInput,
  },
  {
    rule: 'compression-depth', stage: 'dynamics', capability: 'dynamicsReduction', meterName: 'compressor gain-reduction',
    prefix: 'Ch', unjudged: 'compression is estimated from the input level and the settings',
    indices: (c) => c.snapshot.channels.filter((ch) => ch.dynOn).map((ch) => ch.index), points: (s) => s.channelDynGrDb,
  },
  {
    rule: 'processor-gain', stage: 'eq', capability: 'channelPostFader', meterName: 'post-fader', prefix: 'Ch',
    unjudged: 'EQ gain is judged from the settings alone',
    indices: (c) => c.snapshot.channels.map((ch) => ch.index), points: (s) => s.channelPostFader,
  },
  {
    rule: 'bus-headroom', stage: 'bus', capability: 'buses', meterName: 'bus', prefix: 'Bus',
    unjudged: 'bus headroom and the amp feeds they drive are not judged',
    indices: (c) => c.snapshot.buses.map((b) => b.index), points: (s) => s.buses,
  },
  {
    rule: 'bus-headroom', stage: 'matrix', capability: 'matrices', meterName: 'matrix', prefix: 'Mtx',
    unjudged: 'matrix headroom and the amp feeds they drive are not judged',
    indices: (c) => c.snapshot.matrices.map((m) => m.index), points: (s) => s.matrices,
  },
];

/** "Ch 17-32", "Ch 3, 5", "Bus 2". */
function rangesText(prefix: string, indices: readonly number[]): string {
  const runs: string[] = [];
  let start = indices[0]!;
  let previous = start;
  for (const index of [...indices.slice(1), Number.NaN]) {
    if (index === previous + 1) {
      previous = index;
      continue;
    }
    runs.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = index;
    previous = index;
  }
  return `${prefix} ${runs.join(', ')}`;
}

function note(rule: RuleId, stage: Stage, windowMs: number, reason: string): DraftSuggestion {
  return {
    id: `${rule}:main:${stage}`,
    rule,
    severity: 'info',
    confidence: 1,
    target: { kind: 'main' },
    label: 'Console',
    stage,
    change: null,
    compensation: [],
    evidence: { windowMs },
    reason,
  };
}

function areaNote(context: RuleContext, area: Area): DraftSuggestion | null {
  const indices = area.indices(context);
  if (indices.length === 0) return null;
  const points = area.points(context.statistics);
  const capable = context.snapshot.meters[area.capability];
  const missing = capable ? indices.filter((i) => !points[i - 1]) : indices;
  if (missing.length === 0) return null;
  const windowMs = context.statistics.windowMs;
  if (missing.length === indices.length) {
    return note(area.rule, area.stage, windowMs, `No ${area.meterName} meters from this console: ${area.unjudged}.`);
  }
  return note(area.rule, area.stage, windowMs, `No ${area.meterName} meters for ${rangesText(area.prefix, missing)}: ${area.unjudged} for those.`);
}

function mainNote(context: RuleContext): DraftSuggestion | null {
  if (context.snapshot.meters.main && context.statistics.main !== null) return null;
  return note('main-headroom', 'main', context.statistics.windowMs, 'No main meters from this console: main headroom and the amp feeds it drives are not judged.');
}

function staleNote(context: RuleContext): DraftSuggestion | null {
  if (context.metersFresh) return null;
  const { lastFrameAtMs } = context.statistics;
  const reason = lastFrameAtMs === null
    ? 'No meter frames from the console yet: levels are not judged.'
    : `The meters stopped ${durationText(context.nowMs - lastFrameAtMs)} ago: levels are not judged until they return.`;
  return note('preamp-target', 'preamp', context.statistics.windowMs, reason);
}

export const meterCoverageRule: Rule = {
  id: 'meter-coverage',
  scope: 'channel',
  evaluate(context) {
    const notes = [staleNote(context), ...AREAS.map((area) => areaNote(context, area)), mainNote(context)];
    return notes.filter((n): n is DraftSuggestion => n !== null);
  },
};
