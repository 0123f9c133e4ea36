/** A suggestion the engine makes: one change (or one warning) for one stage, with its evidence. */
import type { ParamId } from '../model/params';

export type RuleId =
  | 'preamp-target' | 'clipping' | 'noise-floor' | 'processor-gain' | 'fader-unity'
  | 'bus-headroom' | 'main-headroom' | 'amp-feed' | 'compression-depth';

export type Stage = 'preamp' | 'eq' | 'dynamics' | 'fader' | 'bus' | 'matrix' | 'main' | 'output';

export type Severity = 'urgent' | 'advice' | 'info';

export type SuggestionTarget =
  | { kind: 'channel'; index: number }
  | { kind: 'bus'; index: number }
  | { kind: 'matrix'; index: number }
  | { kind: 'main' }
  | { kind: 'output'; index: number };

/** The change a suggestion proposes; absent for warnings that need a human (e.g. "check the cable"). */
export interface ProposedChange {
  param: ParamId;
  currentValue: number;
  proposedValue: number;
  deltaDb: number;
}

/** Measured figures behind a suggestion. Levels dBFS, lengths ms. */
export interface Evidence {
  windowMs: number;
  peakDbfs?: number;
  averageDbfs?: number;
  noiseFloorDbfs?: number;
  clipCount?: number;
  gainReductionDb?: number;
  /** Any further named figures, units in the key (e.g. ampInputDbu). */
  [figure: string]: number | undefined;
}

/** A channel that feeds a bus or the main, with its average contribution there (dBFS). */
export interface Contributor {
  target: SuggestionTarget;
  /** "Ch 13 Vox 1". */
  label: string;
  levelDbfs: number;
}

export interface Suggestion {
  /** Stable across evaluations: `${rule}:${target}:${stage}`. */
  id: string;
  rule: RuleId;
  severity: Severity;
  /** 0..1: how sure the engine is (short windows and few active frames lower it). */
  confidence: number;
  target: SuggestionTarget;
  /** "Ch 3 Kick", "Bus 1 Mon 1", "Main LR". */
  label: string;
  stage: Stage;
  change: ProposedChange | null;
  /** Extra changes that keep downstream stages where they were (gate/comp thresholds, pre-fader sends). */
  compensation: ProposedChange[];
  evidence: Evidence;
  /** For bus-, main-headroom and amp-feed: the loudest feeds, loudest first (absent elsewhere). */
  contributors?: Contributor[];
  /** One sentence an engineer understands. */
  reason: string;
}
