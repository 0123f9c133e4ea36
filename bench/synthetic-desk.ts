/**
 * Desks of any size for the engine bench and the soak: the simulator's 16-channel band tiled to 32, 72 or
 * 144 channels (every copy of a musician plays the same part, with its own per-channel jitter), its six
 * buses and two matrices tiled to the requested counts, and meter frames computed through the simulator's
 * signal flow. Nothing here is timed: frames are generated before a measurement starts.
 */
import { ConsoleError, emptyCounters, type Console, type ConnectionState, type LinkCounters } from '../server/consoles/console';
import { BAND_SOURCES, initialSnapshot } from '../server/consoles/simulator/band';
import { preampInputDbfs } from '../server/consoles/simulator/envelopes';
import { meterFrame } from '../server/consoles/simulator/signal-flow';
import type { MeterFrame } from '../server/model/meter-frame';
import type { ConsoleSnapshot } from '../server/model/stages';
import { Topic, type Unsubscribe } from '../server/model/topic';

/** A desk size: 32 is an X32, 72 a mid-size desk, 144 the largest inputs count a desk message may name. */
export interface DeskSize {
  channels: number;
  buses: number;
  matrices: number;
}

export const DESK_SIZES: readonly DeskSize[] = [
  { channels: 32, buses: 16, matrices: 6 },
  { channels: 72, buses: 24, matrices: 8 },
  { channels: 144, buses: 48, matrices: 12 },
];

/** The meter period of an X32 and of the simulator, ms (20 frames a second). */
export const FRAME_INTERVAL_MS = 50;

/** How often the running bridge's advisor evaluates the engine (server/main.ts), ms. */
export const EVALUATE_EVERY_MS = 500;

export function describeSize(size: DeskSize): string {
  return `${size.channels} ch + ${size.buses} bus + ${size.matrices} mtx`;
}

/** The simulator's band tiled to `size`; each channel's sends move to the next six buses per tile. */
export function syntheticSnapshot(size: DeskSize): ConsoleSnapshot {
  const base = initialSnapshot();
  const perTile = base.channels.length;
  const baseBuses = base.buses.length;
  const channels = Array.from({ length: size.channels }, (_, i) => {
    const tile = Math.floor(i / perTile);
    const source = base.channels[i % perTile]!;
    return {
      ...source,
      index: i + 1,
      name: tile === 0 ? source.name : `${source.name} ${tile + 1}`,
      headampIndex: i,
      sends: source.sends.map((send) => ({ ...send, bus: ((send.bus - 1 + baseBuses * tile) % size.buses) + 1 })),
    };
  });
  const buses = Array.from({ length: size.buses }, (_, i) => {
    const source = base.buses[i % baseBuses]!;
    return { ...source, index: i + 1, name: `${source.name} ${Math.floor(i / baseBuses) + 1}` };
  });
  const matrices = Array.from({ length: size.matrices }, (_, i) => {
    const source = base.matrices[i % base.matrices.length]!;
    return { ...source, index: i + 1, name: `${source.name} ${Math.floor(i / base.matrices.length) + 1}` };
  });
  return { ...base, channels, buses, matrices };
}

/**
 * `count` consecutive meter frames of `snapshot`, starting at frame number `firstFrame`; atMs is
 * `startAtMs` plus the frame's position in FRAME_INTERVAL_MS steps.
 */
export function syntheticFrames(snapshot: ConsoleSnapshot, seed: number, firstFrame: number, count: number, startAtMs: number): MeterFrame[] {
  const frames: MeterFrame[] = [];
  for (let n = 0; n < count; n++) {
    const frame = firstFrame + n;
    const inputs = snapshot.channels.map((_, i) =>
      preampInputDbfs(BAND_SOURCES[i % BAND_SOURCES.length]!, seed, i + 1, frame, FRAME_INTERVAL_MS));
    frames.push(meterFrame(snapshot, inputs, startAtMs + n * FRAME_INTERVAL_MS));
  }
  return frames;
}

/**
 * A Console whose meter frames come from the bench (emit), on a fixed snapshot: the bridge and the
 * advisor run unchanged while the bench decides how fast time passes. It never writes.
 */
export class FramePumpConsole implements Console {
  readonly #snapshot: ConsoleSnapshot;
  readonly #meters = new Topic<MeterFrame>((error) => { throw error; });
  readonly #states = new Topic<ConnectionState>((error) => { throw error; });
  readonly #counters: LinkCounters = emptyCounters();
  #state: ConnectionState = 'idle';

  constructor(snapshot: ConsoleSnapshot) {
    this.#snapshot = snapshot;
  }

  async start(signal: AbortSignal): Promise<void> {
    this.#setState('ready');
    signal.addEventListener('abort', () => this.#setState('idle'), { once: true });
  }

  state(): ConnectionState {
    return this.#state;
  }

  identity() {
    return this.#snapshot.identity;
  }

  snapshot(): ConsoleSnapshot {
    return this.#snapshot;
  }

  paramSpec(): undefined {
    return undefined;
  }

  async apply(): Promise<number> {
    throw new ConsoleError('not-writable', 'the bench desk takes no writes');
  }

  unknownAddresses(): readonly string[] {
    return [];
  }

  counters(): LinkCounters {
    return { ...this.#counters };
  }

  onMeters(listener: (frame: MeterFrame) => void): Unsubscribe {
    return this.#meters.listen(listener);
  }

  onDeskChange(): Unsubscribe {
    return () => undefined;
  }

  /** The snapshot never changes. */
  onChanges(): Unsubscribe {
    return () => undefined;
  }

  onState(listener: (state: ConnectionState) => void): Unsubscribe {
    return this.#states.listen(listener);
  }

  /** Hands one frame to every meter listener, as an adapter does when a meter packet arrives. */
  emit(frame: MeterFrame): void {
    this.#counters.packetsIn++;
    this.#meters.emit(frame);
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#states.emit(state);
  }
}
