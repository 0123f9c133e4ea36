/**
 * Virtual soundcheck: a multitrack recording played into a virtual desk. Each track feeds a channel; the
 * block peaks of the PCM go through the simulator's signal flow (gain, trim, gate, EQ, compressor, fader,
 * main), so every write changes the meters as it would on a desk and can be undone. Plays in real time
 * and loops; the play position travels in the console name (the tablet's header shows it).
 */
import {
  ConsoleError, emptyCounters,
  type ConnectionState, type Console, type LinkCounters, type ParamChange,
} from '../console';
import type { MeterFrame } from '../../model/meter-frame';
import { writeParam, type ParamId, type ParamSpec } from '../../model/params';
import type { ConsoleIdentity, ConsoleSnapshot } from '../../model/stages';
import { simulatorParamSpec } from '../simulator/param-specs';
import { meterFrame } from '../simulator/signal-flow';
import { BlockPeakFeed, type BlockPeaks } from './block-peaks';
import type { ProfileChannel } from '../../profiles/schema';
import { formatClock, recordedGainsDb, recordingIdentity, recordingSnapshot } from './recording-desk';
import { RecordingError } from './recording-error';
import { openTake, type Take } from './take';
import { ConsoleEvents } from '../console-events';

export interface RecordingConsoleOptions {
  take: Take;
  /**
   * true: start() goes ready at once and a timer plays a block every frameIntervalMs (real time).
   * false: frames come only from step(), on simulated time (tests play faster than real time).
   */
  autoRun: boolean;
  /** Meter block and frame period, ms (default 50, as X32 meters). */
  frameIntervalMs?: number;
  /** Clock for frame timestamps with autoRun (default Date.now). */
  nowMs?: () => number;
  /** Receives anything a listener throws and any read error while playing (default: console.error). */
  onListenerError?: (error: unknown) => void;
}

const DEFAULT_FRAME_INTERVAL_MS = 50;
/** Blocks decoded ahead of the clock in real-time play: a second, so a slow disk read is absorbed. */
const PREFETCH_BLOCKS = 20;

/** Opens the recording at `path` (headers only) and builds its console. Rejects with a RecordingError. */
export async function createRecordingConsole(
  path: string,
  options: Omit<RecordingConsoleOptions, 'take'>,
): Promise<RecordingConsole> {
  const take = await openTake(path);
  return new RecordingConsole({ ...options, take });
}

export class RecordingConsole extends ConsoleEvents implements Console {
  readonly #take: Take;
  readonly #autoRun: boolean;
  readonly #frameIntervalMs: number;
  readonly #nowMs: () => number;
  readonly #onError: (error: unknown) => void;
  readonly #counters: LinkCounters = emptyCounters();
  readonly #identity: ConsoleIdentity;
  #snapshot: ConsoleSnapshot;
  /** The gain each track was recorded at (its level at the preamp is the recorded level less this), dB. */
  #recordedGainsDb: number[];
  #state: ConnectionState = 'idle';
  #run: AbortController | null = null;
  #feed: BlockPeakFeed;
  #queue: BlockPeaks[] = [];
  #prefetching = false;
  #framesPlayed = 0;
  #position: { positionMs: number; pass: number } = { positionMs: 0, pass: 0 };
  #readError: RecordingError | null = null;

  constructor(options: RecordingConsoleOptions) {
    const onError = options.onListenerError ?? ((error: unknown) => console.error('recording: a listener threw', error));
    // Changes come one at a time (a write, a new channel plan): a microtask is the tick.
    super(onError, queueMicrotask);
    this.#onError = onError;
    this.#take = options.take;
    this.#autoRun = options.autoRun;
    this.#frameIntervalMs = options.frameIntervalMs ?? DEFAULT_FRAME_INTERVAL_MS;
    if (!(this.#frameIntervalMs > 0)) throw new RangeError('RecordingConsole: frameIntervalMs must be > 0');
    this.#nowMs = options.nowMs ?? Date.now;
    this.#identity = recordingIdentity(this.#take);
    this.#snapshot = recordingSnapshot(this.#take, []);
    this.#recordedGainsDb = recordedGainsDb(this.#take, []);
    this.#feed = new BlockPeakFeed(this.#take, this.#frameIntervalMs);
  }

  /**
   * Sets the desk up from a venue profile's channel plan: each channel's recorded-at gain (its expected
   * gain), source type, and name where the recording has none. Replaces the desk: call before start().
   */
  adoptChannelPlan(plan: readonly ProfileChannel[]): void {
    this.#snapshot = recordingSnapshot(this.#take, plan);
    this.changeFeed.touch();
    this.#recordedGainsDb = recordedGainsDb(this.#take, plan);
  }

  /** Starts playing from the top (a second start() restarts); aborting `signal` stops and closes the files. */
  async start(signal: AbortSignal): Promise<void> {
    await this.#stopRun();
    if (signal.aborted) return;
    const run = new AbortController();
    this.#run = run;
    signal.addEventListener('abort', () => {
      if (this.#run === run) void this.#stopRun();
    }, { once: true });
    this.#setState('ready');
    if (!this.#autoRun) return;
    // The first blocks are decoded before the clock starts, so the first tick has one to play.
    await this.#prefetch(run.signal);
    if (run.signal.aborted) return;
    const timer = setInterval(() => this.#tick(run.signal), this.#frameIntervalMs);
    run.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  }

  state(): ConnectionState {
    return this.#state;
  }

  /** The take's identity, its name followed by the play position ("Show 1 · 0:12 / 3:25"). */
  identity(): ConsoleIdentity {
    const durationMs = (this.#take.frames / this.#take.sampleRateHz) * 1000;
    const name = `${this.#take.name} · ${formatClock(this.#position.positionMs)} / ${formatClock(durationMs)}`;
    const notes = this.#readError ? [...(this.#identity.notes ?? []), `Playback stopped: ${this.#readError.message}`] : this.#identity.notes;
    return { ...this.#identity, name, ...(notes ? { notes } : {}) };
  }

  /** Where playback is: the start of the last block played within the take, ms, and the pass (from 1; 0 before). */
  position(): { positionMs: number; pass: number } {
    return this.#position;
  }

  snapshot(): ConsoleSnapshot {
    return this.#snapshot;
  }

  paramSpec(param: ParamId): ParamSpec | undefined {
    return simulatorParamSpec(this.#snapshot, param);
  }

  /**
   * Sets a parameter of the virtual desk and resolves with the value on its grid. Rejects with
   * 'unknown-param', 'not-writable' (NaN) or 'not-ready' (not playing).
   */
  async apply(change: ParamChange): Promise<number> {
    const spec = this.paramSpec(change.param);
    if (!spec) throw new ConsoleError('unknown-param', `This recording desk has no parameter ${change.param}.`);
    if (Number.isNaN(change.value)) throw new ConsoleError('not-writable', `${spec.label}: NaN is not a value.`);
    if (this.#state !== 'ready') throw new ConsoleError('not-ready', `${spec.label}: the recording is ${this.#state}.`);
    const value = spec.quantise(change.value);
    this.#counters.packetsOut++;
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

  /** A recording has no one at a desk: this never fires. */

  /**
   * Plays `frames` blocks (an integer >= 1) as fast as they decode, on simulated time (frame n, from 0,
   * at (n + 1) x frameIntervalMs), emitting each. For tests and accelerated runs; resolves with the last.
   * Rejects with a RecordingError when a file cannot be read.
   */
  async step(frames: number): Promise<MeterFrame> {
    if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`step: frames must be an integer >= 1, got ${frames}`);
    let frame: MeterFrame | null = null;
    for (let i = 0; i < frames; i++) frame = this.#play(await this.#feed.next());
    return frame!;
  }

  #play(block: BlockPeaks): MeterFrame {
    this.#framesPlayed++;
    this.#position = { positionMs: block.positionMs, pass: block.pass };
    // The recording is the converter's output at the gain of the night: what reached the preamp is that less the gain.
    const preampIn = block.peaksDbfs.map((dbfs, t) => dbfs - this.#recordedGainsDb[t]!);
    const atMs = this.#autoRun ? this.#nowMs() : this.#framesPlayed * this.#frameIntervalMs;
    const frame = meterFrame(this.#snapshot, preampIn, atMs);
    this.#counters.packetsIn++;
    this.meterTopic.emit(frame);
    return frame;
  }

  #tick(signal: AbortSignal): void {
    const block = this.#queue.shift();
    if (block) this.#play(block);
    else if (this.#readError === null) this.#counters.timeouts++;
    void this.#prefetch(signal);
  }

  /** Keeps PREFETCH_BLOCKS decoded ahead of the clock; a read error stops playback ('lost') and is reported. */
  #prefetch(signal: AbortSignal): Promise<void> {
    if (this.#prefetching || this.#readError !== null || signal.aborted) return Promise.resolve();
    this.#prefetching = true;
    const feed = this.#feed;
    return (async () => {
      try {
        while (this.#queue.length < PREFETCH_BLOCKS) {
          const block = await feed.next();
          if (signal.aborted) return;
          this.#queue.push(block);
        }
      } catch (error) {
        // A stop closes the files under a read in flight: that is not a read error.
        if (signal.aborted) return;
        this.#readError = error instanceof RecordingError ? error : new RecordingError('unreadable', String(error));
        this.#onError(this.#readError);
        this.#setState('lost');
      } finally {
        this.#prefetching = false;
      }
    })();
  }

  async #stopRun(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    this.#run = null;
    run.abort();
    this.#queue = [];
    await this.#feed.close();
    this.#feed = new BlockPeakFeed(this.#take, this.#frameIntervalMs);
    this.#setState('idle');
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.stateTopic.emit(state);
  }
}
