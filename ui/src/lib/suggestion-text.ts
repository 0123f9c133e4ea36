/**
 * How suggestions read on the tablet: their order, the names of rules and parameters, the proposed
 * change as one line ("Gain 42.0 → 34.0 dB (−8.0)") and the evidence as labelled figures.
 */
import type { ProposedChange, RuleId, Severity, Stage, Suggestion, MixEffect } from '../../../server/engine/suggestion';
import { shiftText } from '../../../server/model/level-model';
import { formatDelta, formatGain, formatLevel } from './decibel-format';

const SEVERITY_RANK: Record<Severity, number> = { urgent: 0, advice: 1, info: 2 };

/**
 * Urgent first, then advice, then info; within a severity the more certain and the bigger change
 * first, then by label so the list does not shuffle between updates.
 */
export function sortSuggestions(suggestions: readonly Suggestion[]): Suggestion[] {
  return [...suggestions].sort(
    (a, b) =>
      (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3) ||
      b.confidence - a.confidence ||
      Math.abs(b.change?.deltaDb ?? 0) - Math.abs(a.change?.deltaDb ?? 0) ||
      a.label.localeCompare(b.label) ||
      a.id.localeCompare(b.id),
  );
}

/** The worse of two severities. */
export function worseSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b;
}

const RULE_TITLES: Record<RuleId, string> = {
  'preamp-target': 'Preamp target',
  clipping: 'Clipping',
  'noise-floor': 'Noise floor',
  'processor-gain': 'Processor gain',
  'bus-headroom': 'Bus headroom',
  'main-headroom': 'Main headroom',
  'amp-feed': 'Amplifier feed',
  'compression-depth': 'Compression depth',
};

export function ruleTitle(rule: RuleId): string {
  return RULE_TITLES[rule] ?? rule;
}

const STAGE_TITLES: Record<Stage, string> = {
  preamp: 'Preamp',
  eq: 'EQ',
  dynamics: 'Compressor',
  fader: 'Fader',
  bus: 'Bus',
  matrix: 'Matrix',
  main: 'Main',
  output: 'Output',
};

export function stageTitle(stage: Stage): string {
  return STAGE_TITLES[stage] ?? stage;
}

const CHANNEL_PARAM_TITLES: Record<string, string> = {
  preampGainDb: 'Gain',
  trimDb: 'Trim',
  phantom: 'Phantom +48 V',
  faderDb: 'Fader',
  on: 'Channel on',
  dynThresholdDb: 'Comp threshold',
  dynMakeupDb: 'Comp makeup',
  gateThresholdDb: 'Gate threshold',
};

/** A parameter id (see server/model/params.ts) as an engineer names it: "Gain", "Send to Bus 2", "Main fader". */
export function paramTitle(param: string): string {
  const parts = param.split('.');
  if (param === 'main.faderDb') return 'Main fader';
  if (parts[0] === 'bus' && parts[2] === 'faderDb') return `Bus ${parts[1]} fader`;
  if (parts[0] === 'mtx' && parts[2] === 'faderDb') return `Matrix ${parts[1]} fader`;
  if (parts[0] === 'ch' && parts.length === 3) return CHANNEL_PARAM_TITLES[parts[2]!] ?? parts[2]!;
  if (parts[0] === 'ch' && parts[2] === 'eq') return `EQ band ${parts[3]} gain`;
  if (parts[0] === 'ch' && parts[2] === 'send') return `Send to Bus ${parts[3]}`;
  return param;
}

/** True for on/off parameters, whose values are 0 or 1 rather than dB. */
export function isSwitchParam(param: string): boolean {
  return param.endsWith('.phantom') || param.endsWith('.on');
}

/** "Gain 42.0 → 34.0 dB (−8.0)"; switches read "Phantom +48 V off → on". */
export function formatChange(change: ProposedChange): string {
  const title = paramTitle(change.param);
  if (isSwitchParam(change.param)) {
    const word = (v: number) => (v >= 0.5 ? 'on' : 'off');
    return `${title} ${word(change.currentValue)} → ${word(change.proposedValue)}`;
  }
  // A preamp gain is an absolute setting (0..60 dB): no sign. Trims, faders and sends read with one.
  const value = change.param.endsWith('.preampGainDb') ? formatLevel : formatGain;
  return `${title} ${value(change.currentValue)} → ${value(change.proposedValue)} dB (${formatDelta(change.deltaDb)})`;
}

/** One labelled figure of a suggestion's evidence. */
export interface EvidenceFigure {
  key: string;
  label: string;
  value: string;
  /** True for the figures an engineer looks at first (peak, average, noise floor, clips, window). */
  primary: boolean;
}

const KNOWN_FIGURES: Record<string, string> = {
  peakDbfs: 'Peak',
  averageDbfs: 'Average',
  noiseFloorDbfs: 'Noise floor',
  clipCount: 'Clips',
  gainReductionDb: 'Gain reduction',
  windowMs: 'Listened',
};

/**
 * The evidence as figures with units, known ones first. Further figures are named from their key:
 * `ampInputDbu` reads "amp input" with "dBu".
 */
export function evidenceFigures(evidence: Suggestion['evidence']): EvidenceFigure[] {
  const figures: EvidenceFigure[] = [];
  const keys = Object.keys(evidence).sort((a, b) => figureOrder(a) - figureOrder(b));
  for (const key of keys) {
    const value = evidence[key];
    if (value === undefined) continue;
    const known = KNOWN_FIGURES[key];
    figures.push({ key, label: known ?? figureLabel(key), value: figureValue(key, value), primary: known !== undefined });
  }
  return figures;
}

function figureOrder(key: string): number {
  const index = Object.keys(KNOWN_FIGURES).indexOf(key);
  return index === -1 ? 100 : index;
}

function figureLabel(key: string): string {
  const words = key.replace(/(Dbfs|Dbu|Db|Ms|Count|Hz)$/, '').replace(/([A-Z])/g, ' $1').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function figureValue(key: string, value: number): string {
  if (key.endsWith('Ms')) return `${(value / 1000).toFixed(1)} s`;
  if (key.endsWith('Count')) return String(Math.round(value));
  if (key.endsWith('Dbfs')) return `${formatLevel(value)} dBFS`;
  if (key.endsWith('Dbu')) return `${formatGain(value)} dBu`;
  if (key.endsWith('Db')) return `${key.startsWith('gainReduction') ? formatLevel(value) : formatGain(value)} dB`;
  if (key.endsWith('Hz')) return `${Math.round(value)} Hz`;
  return String(Math.round(value * 10) / 10);
}

/**
 * What applying a suggestion does at the PA and in each mix, as the level model predicts it:
 * "PA ±0.0 dB · Mon 1 ±0.0 dB · Mon 3 −2.5 dB"; empty for a suggestion without a change.
 */
export function effectLine(effect: readonly MixEffect[]): string {
  return effect.map((e) => `${e.label} ${shiftText(e.deltaDb)}`).join(' · ');
}
