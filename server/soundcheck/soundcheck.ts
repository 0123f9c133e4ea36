/**
 * The soundcheck service: at most one soundcheck runs at a time (a new one replaces it; there is one band
 * on one stage). It feeds the running session the console's meter frames and restarts a channel's window
 * when that channel's input stage (gain, trim, phantom) changes at the desk or from a tablet, or when the
 * console drops. It keeps the last few sessions so their results can still be applied. Writes nothing.
 */
import type { SuggestFn } from '../advisor/advisor';
import type { Console, ConnectionState, DeskChange } from '../consoles/console';
import { channelLabel, settingText } from '../engine/wording';
import type { ServerMessage, SoundcheckMode, SoundcheckRestartReason, SoundcheckResult, SoundcheckState } from '../hub/protocol';
import { parseParamId } from '../model/params';
import type { VenueProfile } from '../profiles/schema';
import { judgeChannel } from './soundcheck-result';
import { SoundcheckSession, type JudgeRequest } from './soundcheck-session';

export type SoundcheckErrorCode = 'unknown-soundcheck' | 'unknown-channel' | 'not-running' | 'no-result';

export class SoundcheckError extends Error {
  readonly code: SoundcheckErrorCode;
  constructor(code: SoundcheckErrorCode, message: string) {
    super(message);
    this.name = 'SoundcheckError';
    this.code = code;
  }
}

export interface SoundcheckOptions {
  console: Console;
  suggest: SuggestFn;
  /** The venue profile in force (targets and thresholds the engine judges with). */
  profile: () => VenueProfile;
  broadcast: (message: ServerMessage) => void;
  nowMs: () => number;
  newId: () => string;
  /** A listening channel with no playing for this long (meter time) gets its result anyway, ms. */
  silenceGiveUpMs: number;
  onError: (error: unknown) => void;
}

/** Default listening window: playing time per channel, ms. */
export const DEFAULT_SOUNDCHECK_WINDOW_MS = 8000;
/** Default time without playing after which a channel is given up, ms. */
export const DEFAULT_SILENCE_GIVE_UP_MS = 20_000;
/** Finished sessions kept for soundcheck-apply. */
const SESSIONS_KEPT = 20;
/** Channel parameters that sit before the input meter: changing one makes what was heard obsolete. */
const INPUT_STAGE_PARAMS: ReadonlySet<string> = new Set(['preampGainDb', 'trimDb', 'phantom']);

export class Soundcheck {
  readonly #options: SoundcheckOptions;
  /** Oldest first; the last one is the current (running or most recent) session. */
  readonly #sessions: SoundcheckSession[] = [];
  #consoleState: ConnectionState;

  constructor(options: SoundcheckOptions) {
    this.#options = options;
    this.#consoleState = options.console.state();
  }

  /** Listens to the console's meters, desk changes and state; aborting `signal` stops listening. */
  start(signal: AbortSignal): void {
    const desk = this.#options.console;
    const stops = [
      desk.onMeters((frame) => this.#current()?.push(frame)),
      desk.onDeskChange((change) => this.#onDeskChange(change)),
      desk.onState((state) => this.#onState(state)),
    ];
    signal.addEventListener('abort', () => stops.forEach((stop) => stop()), { once: true });
  }

  /**
   * Listens to `channels` together ('listen') or one after the other ('walk'); null channels = every
   * channel of the console. Replaces a running soundcheck.
   * @throws SoundcheckError unknown-channel.
   */
  begin(client: string, mode: SoundcheckMode, channels: readonly number[] | null, windowMs: number): SoundcheckState {
    const snapshot = this.#options.console.snapshot();
    const wanted = channels ?? snapshot.channels.map((c) => c.index);
    const picked = wanted.map((index) => {
      const channel = snapshot.channels.find((c) => c.index === index);
      if (!channel) throw new SoundcheckError('unknown-channel', `This console has no channel ${index}.`);
      return { channel: index, label: channelLabel(channel) };
    });
    if (picked.length === 0) throw new SoundcheckError('unknown-channel', 'This console has no channels to check.');
    const id = this.#options.newId();
    this.#current()?.end('replaced', `Replaced by soundcheck ${id}.`);
    const session = new SoundcheckSession({
      id,
      mode,
      windowMs,
      startedBy: client,
      startedAtIso: new Date(this.#options.nowMs()).toISOString(),
      channels: picked,
      clipDbfs: this.#options.profile().thresholds.clipDbfs,
      silenceGiveUpMs: this.#options.silenceGiveUpMs,
      judge: (request) => this.#judge(id, windowMs, request),
      emit: this.#options.broadcast,
    });
    this.#sessions.push(session);
    if (this.#sessions.length > SESSIONS_KEPT) this.#sessions.shift();
    const state = session.state();
    this.#options.broadcast({ type: 'soundcheck', state });
    return state;
  }

  /** @throws SoundcheckError unknown-soundcheck, not-running. */
  next(soundcheckId: string): void {
    this.#running(soundcheckId).next();
  }

  /** Ends the running soundcheck (`soundcheckId` null: whichever runs). @throws SoundcheckError unknown-soundcheck, not-running. */
  cancel(soundcheckId: string | null, client: string): void {
    const session = soundcheckId === null ? this.#current() : this.#find(soundcheckId);
    if (!session || !session.running) throw new SoundcheckError('not-running', 'No soundcheck is running.');
    session.end('cancelled', `Cancelled from tablet ${client}.`);
  }

  /** A channel's result. @throws SoundcheckError unknown-soundcheck, no-result. */
  result(soundcheckId: string, channel: number): SoundcheckResult {
    const result = this.#find(soundcheckId).result(channel);
    if (!result) throw new SoundcheckError('no-result', `Soundcheck ${soundcheckId} has no result for channel ${channel} (yet).`);
    return result;
  }

  /** The running or most recent soundcheck; null before the first. */
  state(): SoundcheckState | null {
    return this.#current()?.state() ?? null;
  }

  /** A write went through the safety path: a listening channel whose input stage it changed listens again. */
  noteWrite(param: string): void {
    const label = this.#options.console.paramSpec(param)?.label ?? param;
    this.#restartFor(param, 'headroom-write', `${label} was changed from a tablet`);
  }

  #onDeskChange(change: DeskChange): void {
    const spec = this.#options.console.paramSpec(change.param);
    const value = spec?.unit === 'switch' ? (change.value >= 0.5 ? 'on' : 'off') : settingText(change.value);
    this.#restartFor(change.param, 'desk-change', `${spec?.label ?? change.param} changed at the desk to ${value}`);
  }

  #onState(state: ConnectionState): void {
    const was = this.#consoleState;
    this.#consoleState = state;
    const session = this.#current();
    if (was !== 'ready' || state === 'ready' || !session?.running) return;
    for (const channel of session.listening()) {
      session.restart(channel, 'console-lost', null, `The console is ${state}: listening again from the start once its meters are back.`);
    }
  }

  #restartFor(param: string, reason: SoundcheckRestartReason, what: string): void {
    const ref = parseParamId(param);
    const session = this.#current();
    if (ref?.scope !== 'channel' || !INPUT_STAGE_PARAMS.has(ref.param) || !session?.running) return;
    session.restart(ref.channel, reason, param, `${what}: listening again from the start.`);
  }

  #judge(soundcheckId: string, windowMs: number, request: JudgeRequest): SoundcheckResult {
    const input = {
      soundcheckId,
      windowMs,
      ...request,
      snapshot: this.#options.console.snapshot(),
      profile: this.#options.profile(),
      suggest: this.#options.suggest,
    };
    try {
      return judgeChannel(input);
    } catch (error) {
      this.#options.onError(error);
      return {
        ...judgeChannel({ ...input, suggest: () => [] }),
        message: `${request.label}: the engine could not judge this channel (${(error as Error).message ?? String(error)}).`,
      };
    }
  }

  #current(): SoundcheckSession | undefined {
    return this.#sessions.at(-1);
  }

  #find(soundcheckId: string): SoundcheckSession {
    const session = this.#sessions.find((s) => s.id === soundcheckId);
    if (!session) throw new SoundcheckError('unknown-soundcheck', `No soundcheck ${soundcheckId} (only the last ${SESSIONS_KEPT} are kept).`);
    return session;
  }

  #running(soundcheckId: string): SoundcheckSession {
    const session = this.#find(soundcheckId);
    if (!session.running) throw new SoundcheckError('not-running', `Soundcheck ${soundcheckId} is no longer running.`);
    return session;
  }
}
