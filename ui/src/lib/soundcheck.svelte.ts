/**
 * The soundcheck as this tablet sees it: the bridge's whole state (rebuilt from every 'soundcheck'
 * message), live progress per listening channel, the latest restart of each channel with its reason,
 * and the controls (Listen, Check all, Next, Cancel), which need the engineer role. Every tablet sees
 * the same soundcheck: there is one band on one stage.
 */
import type {
  ServerMessage, SoundcheckProgress, SoundcheckRestartReason, SoundcheckState,
} from '../../../server/hub/protocol';
import type { BridgeLink, Clock, MessageSink } from './bridge-connection.svelte';
import { PendingRequests } from './pending-requests.svelte';
import { clampWindowSeconds, DEFAULT_WINDOW_S } from './soundcheck-text';
import { soundcheckResultFromWire, soundcheckStateFromWire } from './wire';

export interface ChannelRestart {
  reason: SoundcheckRestartReason;
  /** The bridge's sentence: "Ch 2 Snare trim changed at the desk to +1.5 dB: listening again from the start." */
  message: string;
}

type Control = 'listen' | 'check-all' | 'next' | 'cancel';

const CONTROL_TITLES: Record<Control, string> = { listen: 'Listen', 'check-all': 'Check all', next: 'Next', cancel: 'Cancel' };
const CONTROL_TIMEOUT_MS = 15_000;

export class Soundcheck implements MessageSink {
  readonly #link: BridgeLink;
  readonly #controls: PendingRequests<Control>;
  #state = $state.raw<SoundcheckState | null>(null);
  #progress = $state.raw<ReadonlyMap<number, SoundcheckProgress>>(new Map());
  #restarts = $state.raw<ReadonlyMap<number, ChannelRestart>>(new Map());
  #endMessage = $state<string | null>(null);
  /** This tablet's choice of channels and window, kept while the engineer looks at other views. */
  #picked = $state.raw<readonly number[]>([]);
  #windowS = $state(DEFAULT_WINDOW_S);

  constructor(link: BridgeLink, clock: Clock) {
    this.#link = link;
    this.#controls = new PendingRequests(clock, CONTROL_TIMEOUT_MS, (control) =>
      link.notify('error', `Soundcheck ${CONTROL_TITLES[control]}: no answer from the bridge.`),
    );
  }

  /** The running or most recent soundcheck, null before the first. Results carry numbers (-Infinity for silence). */
  get state(): SoundcheckState | null {
    return this.#state;
  }

  get running(): boolean {
    return this.#state?.running ?? false;
  }

  /** The bridge's words when the soundcheck ended ("Soundcheck finished: ..."), null while it runs. */
  get endMessage(): string | null {
    return this.#endMessage;
  }

  /** True while a control waits for the bridge's answer. */
  get busy(): boolean {
    return this.#controls.some(() => true);
  }

  /** Channels picked on this tablet for the next Listen, ascending. */
  get picked(): readonly number[] {
    return this.#picked;
  }

  togglePick(channel: number): void {
    this.#picked = this.#picked.includes(channel) ? this.#picked.filter((c) => c !== channel) : [...this.#picked, channel].sort((a, b) => a - b);
  }

  clearPicks(): void {
    this.#picked = [];
  }

  /** The listening window picked on this tablet, whole seconds (2..30). */
  get windowS(): number {
    return this.#windowS;
  }

  setWindow(seconds: number): void {
    this.#windowS = clampWindowSeconds(seconds);
  }

  progressOf(channel: number): SoundcheckProgress | undefined {
    return this.#progress.get(channel);
  }

  restartOf(channel: number): ChannelRestart | null {
    return this.#restarts.get(channel) ?? null;
  }

  /** Listens to these channels together for `windowMs` of playing time each. */
  listen(channels: readonly number[], windowMs: number): void {
    this.#control('listen', (requestId) => ({ type: 'soundcheck-start', requestId, channels: [...channels], windowMs }));
  }

  /** Walks every channel of the desk, one after the other. */
  checkAll(windowMs: number): void {
    this.#control('check-all', (requestId) => ({ type: 'soundcheck-check-all', requestId, windowMs }));
  }

  /** Judges what was heard so far; a walk moves on to the next channel. */
  next(): void {
    const id = this.#state?.soundcheckId;
    if (id !== undefined) this.#control('next', (requestId) => ({ type: 'soundcheck-next', requestId, soundcheckId: id }));
  }

  cancel(): void {
    const id = this.#state?.soundcheckId;
    if (id !== undefined) this.#control('cancel', (requestId) => ({ type: 'soundcheck-cancel', requestId, soundcheckId: id }));
  }

  receive(message: ServerMessage): boolean {
    switch (message.type) {
      case 'soundcheck':
        this.#receiveState(soundcheckStateFromWire(message.state));
        return false;
      case 'soundcheck-progress':
        if (message.progress.soundcheckId === this.#state?.soundcheckId) {
          this.#progress = new Map(this.#progress).set(message.progress.channel, message.progress);
        }
        return false;
      case 'soundcheck-restarted':
        if (message.soundcheckId === this.#state?.soundcheckId) {
          this.#restarts = new Map(this.#restarts).set(message.channel, { reason: message.reason, message: message.message });
          this.#link.notify('info', message.message);
        }
        return false;
      case 'soundcheck-result': {
        const result = soundcheckResultFromWire(message.result);
        const state = this.#state;
        if (state?.soundcheckId === result.soundcheckId) {
          this.#state = {
            ...state,
            channels: state.channels.map((c) => (c.channel === result.channel ? { ...c, status: 'done', activeMs: result.activeMs, result } : c)),
          };
        }
        return false;
      }
      case 'soundcheck-ended':
        if (message.soundcheckId === this.#state?.soundcheckId) {
          this.#endMessage = message.message;
          if (message.reason !== 'replaced') this.#link.notify('info', message.message);
        }
        return false;
      case 'accepted':
        return this.#controls.take(message.requestId) !== undefined;
      case 'error': {
        const control = this.#controls.take(message.requestId);
        if (control === undefined) return false;
        this.#link.notify('error', `Soundcheck ${CONTROL_TITLES[control]}: ${message.message}`);
        return true;
      }
      default:
        return false;
    }
  }

  dropped(): void {
    this.#controls.clear();
  }

  #receiveState(state: SoundcheckState): void {
    if (state.soundcheckId !== this.#state?.soundcheckId) {
      this.#progress = new Map();
      this.#restarts = new Map();
      this.#endMessage = null;
    }
    this.#state = state;
  }

  #control(control: Control, build: (requestId: string) => Parameters<BridgeLink['send']>[0]): void {
    const blocked = this.#link.actBlockedBy;
    if (blocked !== null) {
      this.#link.notify('error', `Soundcheck ${CONTROL_TITLES[control]}: ${blocked} Nothing was sent.`);
      return;
    }
    const requestId = this.#link.newRequestId();
    if (this.#link.send(build(requestId))) this.#controls.add(requestId, control);
  }
}
