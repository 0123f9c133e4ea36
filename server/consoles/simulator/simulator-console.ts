/**
 * The built-in simulator: a 16-channel band at soundcheck on a desk with X32-like ranges and grids, so the
 * bridge runs end to end without hardware. Frames are deterministic: their content depends only on the
 * seed, the frame number and the desk's settings (see envelopes.ts, signal-flow.ts, band.ts).
 */
import {
  ConsoleError, emptyCounters,
  type ConnectionState, type Console, type LinkCounters, type ParamChange,
} from '../console';
import type { MeterFrame } from '../../model/meter-frame';
import { writeParam, type ParamId, type ParamSpec } from '../../model/params';
import type { ConsoleIdentity, ConsoleSnapshot } from '../../model/stages';
import { BAND_SOURCES, initialSnapshot, SIMULATOR_IDENTITY } from './band';
import { preampInputDbfs } from './envelopes';
import { simulatorParamSpec } from './param-specs';
import { meterFrame } from './signal-flow';
import { waitUnlessAborted } from '../abortable-wait';
import { ConsoleEvents } from '../console-events';

export interface SimulatorOptions {
  /** Seed of the band's performance: the same seed and the same step sequence give identical frames. */
  seed: number;
  /**
   * true: start() connects in a few ms (idle -> connecting -> syncing -> ready) and a timer emits a frame
   * every frameIntervalMs. false: start() goes straight to 'ready' and frames come only from step().
   */
  autoRun: boolean;
  /** Length of one meter block and the frame period, ms (default 50, as X32 meters). */
  frameIntervalMs?: number;
  /** Clock for frame and desk-change timestamps with autoRun (default Date.now); manual runs use simulated time. */
  nowMs?: () => number;
  /** Delay before apply() confirms, ms (default 5 with autoRun, 0 without; 0 settles without timers). */
  applyLatencyMs?: number;
  /** Receives anything a meter, desk-change or state listener throws (default: console.error). */
  onListenerError?: (error: unknown) => void;
}

const DEFAULT_FRAME_INTERVAL_MS = 50;
const DEFAULT_AUTO_APPLY_LATENCY_MS = 5;
/** Duration of the connecting and syncing steps with autoRun, ms. */
const CONNECT_STEP_MS = 3;

export class SimulatorConsole extends ConsoleEvents implements Console {
  readonly #seed: number;
  readonly #autoRun: boolean;
  readonly #frameIntervalMs: number;
  readonly #nowMs: () => number;
  readonly #applyLatencyMs: number;
  readonly #counters: LinkCounters = emptyCounters();
  #snapshot: ConsoleSnapshot = initialSnapshot();
  #state: ConnectionState = 'idle';
  #online = true;
  /** True once the current run has finished syncing (a desk that returns goes straight back to 'ready'). */
  #synced = false;
  /** Owns every timer of the current run; aborted by the caller's signal or by a restart. */
  #run: AbortController | null = null;
  #framesGenerated = 0;

  constructor(options: SimulatorOptions) {
    // The simulator's changes come one at a time from apply() and deskChange(): a microtask is its tick (and
    // leaves no timer behind for fake-timer tests).
    super(options.onListenerError ?? ((error: unknown) => console.error('simulator: a listener threw', error)), queueMicrotask);
    this.#seed = options.seed;
    this.#autoRun = options.autoRun;
    this.#frameIntervalMs = options.frameIntervalMs ?? DEFAULT_FRAME_INTERVAL_MS;
    if (!(this.#frameIntervalMs > 0)) throw new RangeError('SimulatorConsole: frameIntervalMs must be > 0');
    this.#nowMs = options.nowMs ?? Date.now;
    this.#applyLatencyMs = options.applyLatencyMs ?? (options.autoRun ? DEFAULT_AUTO_APPLY_LATENCY_MS : 0);
  }

  /**
   * Starts a run (a second start() replaces the previous run). With autoRun the state moves to 'ready'
   * within a few ms and frames follow every frameIntervalMs; aborting `signal` clears every timer, rejects
   * pending applies with 'not-ready' and returns to 'idle'.
   */
  async start(signal: AbortSignal): Promise<void> {
    this.#stopRun();
    if (signal.aborted) return;
    const run = new AbortController();
    this.#run = run;
    const onAbort = (): void => {
      if (this.#run === run) this.#stopRun();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    run.signal.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), { once: true });
    if (this.#autoRun) {
      void this.#connect(run.signal);
    } else {
      this.#synced = true;
      this.#setState(this.#online ? 'ready' : 'lost');
    }
  }

  state(): ConnectionState {
    return this.#state;
  }

  identity(): ConsoleIdentity {
    return SIMULATOR_IDENTITY;
  }

  snapshot(): ConsoleSnapshot {
    return this.#snapshot;
  }

  paramSpec(param: ParamId): ParamSpec | undefined {
    return simulatorParamSpec(this.#snapshot, param);
  }

  /**
   * Sets a parameter after applyLatencyMs and resolves with the value on the desk's grid. Rejects with
   * 'unknown-param' for ids this desk lacks, 'not-writable' for NaN, 'not-ready' unless the state is 'ready'
   * (also when the desk drops or the run stops before the write lands). Does not emit onDeskChange: a desk
   * does not echo a client's own writes.
   */
  async apply(change: ParamChange): Promise<number> {
    const spec = this.paramSpec(change.param);
    if (!spec) throw new ConsoleError('unknown-param', `The simulator has no parameter ${change.param}.`);
    if (Number.isNaN(change.value)) throw new ConsoleError('not-writable', `${spec.label}: NaN is not a value.`);
    const run = this.#run;
    if (this.#state !== 'ready' || !run) throw new ConsoleError('not-ready', `${spec.label}: the desk is ${this.#state}.`);
    const value = spec.quantise(change.value);
    this.#counters.packetsOut++;
    if (this.#applyLatencyMs > 0) {
      const landed = await waitUnlessAborted(this.#applyLatencyMs, run.signal);
      if (!landed || this.#state !== 'ready') {
        throw new ConsoleError('not-ready', `${spec.label}: the desk went away before confirming.`);
      }
    }
    this.#snapshot = writeParam(this.#snapshot, change.param, value);
    this.changeFeed.touch();
    return value;
  }

  unknownAddresses(): readonly string[] {
    return [];
  }

  counters(): LinkCounters {
    return { ...this.#counters };
  }

  /**
   * Generates `frames` (an integer >= 1) meter frames synchronously, simulated time advancing
   * frameIntervalMs each, and emits them unless the desk is offline (the band plays on; nobody hears it).
   * Works in any state, so tests and accelerated runs need no timers. Returns the last frame generated.
   * atMs: without autoRun the simulated clock at the end of the block (frame n, from 0, at (n + 1) *
   * frameIntervalMs); with autoRun the options' clock.
   */
  step(frames: number): MeterFrame {
    if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`step: frames must be an integer >= 1, got ${frames}`);
    let frame: MeterFrame | null = null;
    for (let i = 0; i < frames; i++) frame = this.#nextFrame();
    return frame!;
  }

  /**
   * An engineer at the desk sets `param` to `value` (snapped to the desk's grid): the snapshot changes and
   * onDeskChange fires (unless the desk is offline, when nobody hears it). Throws ConsoleError
   * 'unknown-param' for ids this desk lacks.
   */
  deskChange(param: ParamId, value: number): void {
    const spec = this.paramSpec(param);
    if (!spec) throw new ConsoleError('unknown-param', `The simulator has no parameter ${param}.`);
    if (Number.isNaN(value)) throw new ConsoleError('not-writable', `${spec.label}: NaN is not a value.`);
    const quantised = spec.quantise(value);
    this.#snapshot = writeParam(this.#snapshot, param, quantised);
    this.changeFeed.touch();
    if (this.#online) this.deskChangeTopic.emit({ param, value: quantised, atMs: this.#clockMs() });
  }

  /**
   * The desk vanishes (false: a running console goes 'lost', frames stop, apply rejects 'not-ready') or
   * returns (true: 'lost' goes back to 'ready', counted in counters().reconnects).
   */
  setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    if (!online) {
      if (this.#state !== 'idle') this.#setState('lost');
      return;
    }
    if (this.#state === 'lost') {
      this.#counters.reconnects++;
      this.#setState(this.#synced ? 'ready' : 'connecting');
    }
  }

  async #connect(signal: AbortSignal): Promise<void> {
    this.#setState('connecting');
    if (!(await waitUnlessAborted(CONNECT_STEP_MS, signal))) return;
    if (this.#online) this.#setState('syncing');
    if (!(await waitUnlessAborted(CONNECT_STEP_MS, signal))) return;
    this.#synced = true;
    this.#setState(this.#online ? 'ready' : 'lost');
    const timer = setInterval(() => this.#nextFrame(), this.#frameIntervalMs);
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  }

  #stopRun(): void {
    const run = this.#run;
    if (!run) return;
    this.#run = null;
    this.#synced = false;
    run.abort();
    this.#setState('idle');
  }

  #nextFrame(): MeterFrame {
    const index = this.#framesGenerated++;
    const inputs = BAND_SOURCES.map((source, i) => preampInputDbfs(source, this.#seed, i + 1, index, this.#frameIntervalMs));
    const frame = meterFrame(this.#snapshot, inputs, this.#clockMs());
    if (this.#online) {
      this.#counters.packetsIn++;
      this.meterTopic.emit(frame);
    }
    return frame;
  }

  /** Now: the options' clock with autoRun, else simulated time (frames generated x frame interval). */
  #clockMs(): number {
    return this.#autoRun ? this.#nowMs() : this.#framesGenerated * this.#frameIntervalMs;
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.stateTopic.emit(state);
  }
}
