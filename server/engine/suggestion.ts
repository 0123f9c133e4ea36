/** A suggestion the engine makes: one change (or one warning) for one stage, with its evidence. */
import type { MixKey } from '../model/level-model';
import type { ParamId } from '../model/params';
import type { OtherDeskMove } from './other-desks';

export type RuleId =
  | 'preamp-target' | 'clipping' | 'noise-floor' | 'processor-gain'
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
  /** Extra changes that keep downstream levels where they were (thresholds, fader, sends): see model/compensate.ts. */
  compensation: ProposedChange[];
  evidence: Evidence;
  /** For bus-, main-headroom and amp-feed: the loudest feeds, loudest first (absent elsewhere). */
  contributors?: Contributor[];
  /** One sentence an engineer understands. */
  reason: string;
  /** The mixes this suggestion means to move (its master faders); empty for a channel fix, which keeps them. */
  purpose: MixKey[];
  /**
   * What applying it does at the PA and in each mix the change reaches, predicted by the level model (dB,
   * rounded to 0.1; ±Infinity for a mute or unmute). Empty for a suggestion without a change.
   */
  effect: MixEffect[];
  /**
   * The largest level move outside the purpose, dB (0 when every other level stays within 0.1 dB): where a
   * compensation cannot be made, what the engineer must confirm.
   */
  residualDb: number;
  /**
   * Fingerprint of the change set (every parameter, its current and proposed value): an apply carries the
   * version the engineer saw, so the bridge writes what was shown or says what moved. Equal sets, equal versions.
   */
  version: string;
  /**
   * For a mix suggestion judged as the mix will be once pending channel fixes land: the ids of those channel
   * suggestions (empty when no pending fix moves its mix).
   */
  dependsOn: string[];
  /** "After Ch 1 Kick's gain fix (Main LR -2.1 dB) this becomes -3.1 dB.", or null when dependsOn is empty. */
  dependencyNote: string | null;
  /**
   * On a desk sharing a stage box, a preamp gain (or 48 V) the box carries to other desks: what each of them
   * does (its trim against it) and how far its mixes still move. Absent on a single desk.
   */
  otherDesks?: OtherDeskMove[];
}

/** A mix's predicted level change under a suggestion. */
export interface MixEffect {
  mix: MixKey;
  /** "PA", "Mon 1". */
  label: string;
  deltaDb: number;
  /** True when moving this mix is the suggestion's purpose. */
  purpose: boolean;
}

/** A suggestion as a rule makes it, before the engine adds the level model's prediction of its effect. */
export type DraftSuggestion = Omit<Suggestion, 'purpose' | 'effect' | 'residualDb' | 'version' | 'dependsOn' | 'dependencyNote'>;
