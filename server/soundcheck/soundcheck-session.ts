/**
 * One soundcheck: channels listening together ('listen') or one after the other ('walk'). Each channel's
 * window fills with playing time only (the statistics' soundcheck window advances while the source plays);
 * when it holds `windowMs` of playing the channel is judged. Time here is meter time (frame atMs), so a
 * session driven by a stepped simulator needs no real seconds. Writes nothing.
 */
import { emptyMeterFrame, type MeterFrame } from '../model/meter-frame';
import { RollingMeterStatistics } from '../meters/rolling-meter-statistics';
import type {
  ServerMessage, SoundcheckChannelState, SoundcheckEndReason, SoundcheckMode, SoundcheckOutcome,
  SoundcheckRestartReason, SoundcheckResult, SoundcheckState,
} from '../hub/protocol';
import type { MeterStatistics } from '../meters/statistics';
import { roundDb } from '../model/db';

/** Meter time between two progress messages of one channel, ms. */
export const PROGRESS_EVERY_MS = 250;
/**
 * Extra playing time the statistics may hold beyond the window, ms: the window is judged full once it holds
 * windowMs, so nothing must be evicted before (frame lengths do not add up to the window exactly).
 */
const WINDOW_SLACK_MS = 1000;

export interface JudgeRequest {
  channel: number;
  label: string;
  outcome: SoundcheckOutcome;
  elapsedMs: number;
  statistics: MeterStatistics;
}

export interface SessionOptions {
  id: string;
  mode: SoundcheckMode;
  /** Playing time each channel listens for, ms. */
  windowMs: number;
  startedBy: string;
  startedAtIso: string;
  /** In listening order. */
  channels: readonly { channel: number; label: string }[];
  /** Readings at or above this count as clips, dBFS (the profile's). */
  clipDbfs: number;
  /** A listening channel with no playing for this long (meter time) is given up, ms. */
  silenceGiveUpMs: number;
  judge: (request: JudgeRequest) => SoundcheckResult;
  emit: (message: ServerMessage) => void;
}

interface ChannelListen {
  channel: number;
  label: string;
  status: SoundcheckChannelState['status'];
  /** Meter time the current window began (first frame after activation or restart); null before it. */
  startedAtMs: number | null;
  lastPlayingAtMs: number | null;
  lastProgressAtMs: number | null;
  lastFrameAtMs: number | null;
  activeMs: number;
  result: SoundcheckResult | null;
}

export class SoundcheckSession {
  readonly id: string;
  readonly #options: SessionOptions;
  readonly #statistics: RollingMeterStatistics;
  readonly #channels: ChannelListen[];
  #endReason: SoundcheckEndReason | null = null;

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.#options = options;
    this.#statistics = new RollingMeterStatistics({
      windowsMs: [options.windowMs],
      soundcheckActiveMs: options.windowMs + WINDOW_SLACK_MS,
      clipDbfs: options.clipDbfs,
    });
    this.#channels = options.channels.map(({ channel, label }) => ({
      channel,
      label,
      status: 'waiting',
      startedAtMs: null,
      lastPlayingAtMs: null,
      lastProgressAtMs: null,
      lastFrameAtMs: null,
      activeMs: 0,
      result: null,
    }));
    const first = options.mode === 'walk' ? this.#channels.slice(0, 1) : this.#channels;
    for (const listen of first) this.#activate(listen);
  }

  get running(): boolean {
    return this.#endReason === null;
  }

  /** Channels listening now. */
  listening(): number[] {
    return this.#channels.filter((c) => c.status === 'listening').map((c) => c.channel);
  }

  result(channel: number): SoundcheckResult | null {
    return this.#channels.find((c) => c.channel === channel)?.result ?? null;
  }

  state(): SoundcheckState {
    const o = this.#options;
    return {
      soundcheckId: this.id,
      mode: o.mode,
      windowMs: o.windowMs,
      startedBy: o.startedBy,
      startedAtIso: o.startedAtIso,
      running: this.running,
      endReason: this.#endReason,
      channels: this.#channels.map((c) => ({ channel: c.channel, label: c.label, status: c.status, activeMs: c.activeMs, result: c.result })),
    };
  }

  /** Feeds one meter frame: advances every listening channel, judges those whose window is full. */
  push(frame: MeterFrame): void {
    if (!this.running) return;
    // A channel is judged on its input and gain reduction alone (judgeChannel), and the session reads its
    // figures every frame: folding the post-fader, bus, matrix and main meters too more than doubled that
    // work on a 144-channel desk for figures nobody reads.
    this.#statistics.push({ ...emptyMeterFrame(frame.atMs), channelInputDbfs: frame.channelInputDbfs, channelDynGrDb: frame.channelDynGrDb });
    for (const listen of this.#channels) {
      if (listen.status === 'listening') this.#advance(listen, frame);
    }
    this.#endIfDone();
  }

  /**
   * Starts `channel`'s window again from zero when it is listening, and says why to every tablet.
   * @returns whether the channel was listening.
   */
  restart(channel: number, reason: SoundcheckRestartReason, param: string | null, message: string): boolean {
    const listen = this.#channels.find((c) => c.channel === channel && c.status === 'listening');
    if (!listen || !this.running) return false;
    this.#resetWindow(listen);
    this.#options.emit({ type: 'soundcheck-restarted', soundcheckId: this.id, channel, reason, param, message });
    this.#emitProgress(listen, null, false);
    return true;
  }

  /** Judges the listening channel(s) now on what was heard; a walk moves on to the next channel. */
  next(): void {
    if (!this.running) return;
    for (const listen of this.#channels.filter((c) => c.status === 'listening')) this.#finish(listen, 'stopped-early');
    this.#endIfDone();
  }

  /** Stops listening for good (cancelled, or replaced by a new soundcheck); results so far stay. */
  end(reason: SoundcheckEndReason, message: string): void {
    if (!this.running) return;
    for (const listen of this.#channels) if (listen.status === 'listening') listen.status = 'waiting';
    this.#endReason = reason;
    this.#statistics.reset();
    this.#options.emit({ type: 'soundcheck-ended', soundcheckId: this.id, reason, message });
    this.#emitState();
  }

  #activate(listen: ChannelListen): void {
    listen.status = 'listening';
    this.#resetWindow(listen);
  }

  #resetWindow(listen: ChannelListen): void {
    this.#statistics.reset({ area: 'channelInput', index: listen.channel });
    this.#statistics.reset({ area: 'channelDynGr', index: listen.channel });
    listen.startedAtMs = null;
    listen.lastPlayingAtMs = null;
    listen.lastProgressAtMs = null;
    listen.activeMs = 0;
  }

  #advance(listen: ChannelListen, frame: MeterFrame): void {
    const atMs = frame.atMs;
    listen.lastFrameAtMs = atMs;
    listen.startedAtMs ??= atMs;
    listen.lastPlayingAtMs ??= atMs;
    const stats = this.#statistics.pointStatistics({ area: 'channelInput', index: listen.channel }, 'soundcheck');
    if (stats === null) {
      this.#finish(listen, 'not-metered');
      return;
    }
    if (stats.activeMs > listen.activeMs) listen.lastPlayingAtMs = atMs;
    listen.activeMs = stats.activeMs;
    if (listen.activeMs >= this.#options.windowMs) {
      this.#finish(listen, 'complete');
    } else if (atMs - listen.lastPlayingAtMs >= this.#options.silenceGiveUpMs) {
      this.#finish(listen, 'gave-up');
    } else if (listen.lastProgressAtMs === null || atMs - listen.lastProgressAtMs >= PROGRESS_EVERY_MS) {
      listen.lastProgressAtMs = atMs;
      this.#emitProgress(listen, frame.channelInputDbfs[listen.channel - 1] ?? -Infinity, stats.signalPresent);
    }
  }

  #finish(listen: ChannelListen, outcome: SoundcheckOutcome): void {
    const elapsedMs = listen.startedAtMs === null || listen.lastFrameAtMs === null ? 0 : listen.lastFrameAtMs - listen.startedAtMs;
    listen.status = 'done';
    listen.result = this.#options.judge({
      channel: listen.channel,
      label: listen.label,
      outcome,
      elapsedMs,
      statistics: this.#statistics.soundcheck(),
    });
    listen.activeMs = listen.result.activeMs;
    this.#options.emit({ type: 'soundcheck-result', result: listen.result });
    if (this.#options.mode === 'walk') {
      const waiting = this.#channels.find((c) => c.status === 'waiting');
      if (waiting) this.#activate(waiting);
    }
    this.#emitState();
  }

  #endIfDone(): void {
    if (this.running && this.#channels.every((c) => c.status === 'done')) {
      this.#endReason = 'finished';
      // The results hold what was heard; the readings themselves are no longer needed.
      this.#statistics.reset();
      this.#options.emit({ type: 'soundcheck-ended', soundcheckId: this.id, reason: 'finished', message: 'Soundcheck finished: every channel has its result.' });
      this.#emitState();
    }
  }

  #emitProgress(listen: ChannelListen, inputDbfs: number | null, signalPresent: boolean): void {
    this.#options.emit({
      type: 'soundcheck-progress',
      progress: {
        soundcheckId: this.id,
        channel: listen.channel,
        activeMs: Math.round(Math.min(listen.activeMs, this.#options.windowMs)),
        windowMs: this.#options.windowMs,
        elapsedMs: listen.startedAtMs === null || listen.lastFrameAtMs === null ? 0 : listen.lastFrameAtMs - listen.startedAtMs,
        signalPresent,
        inputDbfs: inputDbfs === null || !Number.isFinite(inputDbfs) ? null : roundDb(inputDbfs),
      },
    });
  }

  #emitState(): void {
    this.#options.emit({ type: 'soundcheck', state: this.state() });
  }
}
