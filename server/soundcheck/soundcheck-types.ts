/** What a soundcheck tells tablets: its state, each channel's progress and result. Types only. */
import type { Suggestion } from '../engine/suggestion';
import type { WireLevel } from '../hub/protocol';

/** 'listen': the channels listen together; 'walk': one channel after the other (check all). */
export type SoundcheckMode = 'listen' | 'walk';

/** 'desk-change': someone changed the channel's gain/trim/phantom at the desk; 'headroom-write': a write from a tablet did; 'console-lost': meters stopped. */
export type SoundcheckRestartReason = 'desk-change' | 'headroom-write' | 'console-lost';

/**
 * 'complete': the window filled with playing time; 'stopped-early': soundcheck-next ended it; 'gave-up':
 * nothing played for a while (20 s of meter time by default); 'not-metered': the console does not meter this input.
 */
export type SoundcheckOutcome = 'complete' | 'stopped-early' | 'gave-up' | 'not-metered';

export type SoundcheckEndReason = 'finished' | 'cancelled' | 'replaced';

export interface SoundcheckProgress {
  soundcheckId: string;
  channel: number;
  /** Playing time heard so far in this window, ms (0..windowMs): the progress bar is activeMs / windowMs. */
  activeMs: number;
  windowMs: number;
  /** Meter time since the window (re)started, ms, playing or not. */
  elapsedMs: number;
  /** The source is playing now. */
  signalPresent: boolean;
  /** The channel's input level in the latest frame, dBFS (null = silence). */
  inputDbfs: WireLevel;
}

export interface SoundcheckResult {
  soundcheckId: string;
  channel: number;
  label: string;
  outcome: SoundcheckOutcome;
  /** Playing time the result is judged on, ms. */
  activeMs: number;
  windowMs: number;
  /** Input figures over the playing time heard (null = silence / not measured). */
  peakDbfs: WireLevel;
  averageDbfs: WireLevel;
  noiseFloorDbfs: WireLevel;
  clipCount: number;
  /**
   * The engine's preamp-stage suggestion for this channel (preamp-target, clipping or noise-floor) with its
   * evidence, or null when the channel is on target or too little was heard. Apply it with soundcheck-apply.
   */
  suggestion: Suggestion | null;
  /** One sentence for the engineer. */
  message: string;
}

export interface SoundcheckChannelState {
  channel: number;
  label: string;
  status: 'waiting' | 'listening' | 'done';
  /** Playing time heard in the current window, ms. */
  activeMs: number;
  result: SoundcheckResult | null;
}

export interface SoundcheckState {
  soundcheckId: string;
  mode: SoundcheckMode;
  windowMs: number;
  /** Client id of the tablet that started it. */
  startedBy: string;
  startedAtIso: string;
  running: boolean;
  /** Why it ended; null while running. */
  endReason: SoundcheckEndReason | null;
  /** In listening order. */
  channels: SoundcheckChannelState[];
}
