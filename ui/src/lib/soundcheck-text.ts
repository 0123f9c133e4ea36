/**
 * Soundcheck figures as the tablet shows them: the listening window the engineer picks, progress as
 * playing time over the window, and the words for statuses, outcomes and restarts. Pure.
 */
import type {
  SoundcheckChannelState, SoundcheckOutcome, SoundcheckProgress, SoundcheckRestartReason,
} from '../../../server/hub/protocol';

/** The listening window the engineer picks: playing time per channel, seconds (the bridge takes 2..30 s). */
export const MIN_WINDOW_S = 2;
export const MAX_WINDOW_S = 30;
export const DEFAULT_WINDOW_S = 8;
/** Windows offered as one-tap choices, seconds. */
export const WINDOW_PRESETS_S: readonly number[] = [2, 4, 8, 15, 30];

/** Whole seconds within 2..30; anything unreadable is the default. */
export function clampWindowSeconds(seconds: number): number {
  if (!Number.isFinite(seconds)) return DEFAULT_WINDOW_S;
  return Math.min(MAX_WINDOW_S, Math.max(MIN_WINDOW_S, Math.round(seconds)));
}

/** Where one channel's listening stands, from its state and its newest progress message. */
export interface ChannelProgress {
  /** Playing time heard in this window, ms. */
  activeMs: number;
  windowMs: number;
  /** activeMs / windowMs, 0..1: the bar (it stalls while the source rests). */
  fraction: number;
  /** The source plays now; null when no progress message says (waiting, done). */
  signalPresent: boolean | null;
  /** Input level in the newest frame, dBFS (null: silence or unknown). */
  inputDbfs: number | null;
}

export function channelProgress(channel: SoundcheckChannelState, windowMs: number, progress: SoundcheckProgress | undefined): ChannelProgress {
  const live = channel.status === 'listening' && progress !== undefined;
  const activeMs = channel.status === 'done' ? (channel.result?.activeMs ?? channel.activeMs) : live ? progress.activeMs : channel.activeMs;
  const fraction = windowMs > 0 ? Math.min(1, Math.max(0, activeMs / windowMs)) : 0;
  return {
    activeMs,
    windowMs,
    fraction,
    signalPresent: live ? progress.signalPresent : null,
    inputDbfs: live ? progress.inputDbfs : null,
  };
}

/** "3.2 s" (one decimal; whole seconds from 10 s). */
export function secondsText(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  return `${seconds >= 10 ? Math.round(seconds) : seconds.toFixed(1)} s`;
}

const STATUS: Record<SoundcheckChannelState['status'], string> = { waiting: 'Waiting', listening: 'Listening', done: 'Done' };

export function statusText(status: SoundcheckChannelState['status']): string {
  return STATUS[status] ?? status;
}

const OUTCOMES: Record<SoundcheckOutcome, string> = {
  complete: 'Heard the whole window',
  'stopped-early': 'Stopped early',
  'gave-up': 'Nothing played',
  'not-metered': 'Not metered',
};

export function outcomeText(outcome: SoundcheckOutcome): string {
  return OUTCOMES[outcome] ?? outcome;
}

const RESTARTS: Record<SoundcheckRestartReason, string> = {
  'desk-change': 'Changed at the desk',
  'headroom-write': 'Changed from a tablet',
  'console-lost': 'Console lost',
};

export function restartText(reason: SoundcheckRestartReason): string {
  return RESTARTS[reason] ?? reason;
}
