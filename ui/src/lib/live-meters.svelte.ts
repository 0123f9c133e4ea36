/**
 * The meters as the tablet shows them. Frames are latest-wins: only the newest one is kept and fed to
 * the ballistics; the canvases read the ballistics at display rate (not reactive, so 20 frames a second
 * cause no Svelte work), while `readout` — for text and the level ladder — changes a few times a second.
 */
import { LEVEL_BALLISTICS, MeterBallistics, REDUCTION_BALLISTICS, type PointView } from './meter-ballistics';
import { EMPTY_READOUT, readPoints, type MeterReadout } from './meter-readout';
import type { MeterFrameView } from './wire';

/** What a channel strip's meter shows: input level and both gain reductions. */
export interface ChannelMeterView {
  input: PointView;
  gateGrDb: number;
  dynGrDb: number;
}

export class LiveMeters {
  readonly #readoutIntervalMs: number;
  #frame: MeterFrameView | null = null;
  readonly #input = new MeterBallistics(LEVEL_BALLISTICS);
  readonly #gateGr = new MeterBallistics(REDUCTION_BALLISTICS);
  readonly #dynGr = new MeterBallistics(REDUCTION_BALLISTICS);
  readonly #postFader = new MeterBallistics(LEVEL_BALLISTICS);
  readonly #buses = new MeterBallistics(LEVEL_BALLISTICS);
  readonly #matrices = new MeterBallistics(LEVEL_BALLISTICS);
  readonly #main = new MeterBallistics(LEVEL_BALLISTICS);
  #readout = $state.raw<MeterReadout>(EMPTY_READOUT);
  /** Channels (0-based) that reached the clip level since the engineer last cleared them. */
  #clipLatched = $state.raw<ReadonlySet<number>>(new Set());

  /** @param readoutIntervalMs shortest time between two readouts, ms (250 = four a second). */
  constructor(readoutIntervalMs: number) {
    this.#readoutIntervalMs = readoutIntervalMs;
  }

  /** The newest frame (null before the first). */
  get frame(): MeterFrameView | null {
    return this.#frame;
  }

  /** Reactive picture of the meters, refreshed at most every readoutIntervalMs. */
  get readout(): MeterReadout {
    return this.#readout;
  }

  /** Takes the newest frame, replacing the previous one. `nowMs` is the tablet's clock. */
  push(frame: MeterFrameView, nowMs: number): void {
    this.#frame = frame;
    this.#latchClips(frame.channelInputDbfs);
    this.#input.feed(frame.channelInputDbfs, nowMs);
    this.#gateGr.feed(frame.channelGateGrDb, nowMs);
    this.#dynGr.feed(frame.channelDynGrDb, nowMs);
    this.#postFader.feed(frame.channelPostFaderDbfs, nowMs);
    this.#buses.feed(frame.busDbfs, nowMs);
    this.#matrices.feed(frame.matrixDbfs, nowMs);
    this.#main.feed(frame.mainDbfs, nowMs);
    if (nowMs - this.#readout.atMs >= this.#readoutIntervalMs) {
      this.#readout = {
        atMs: nowMs,
        channelInput: readPoints(this.#input, nowMs),
        channelGateGr: readPoints(this.#gateGr, nowMs),
        channelDynGr: readPoints(this.#dynGr, nowMs),
        channelPostFader: readPoints(this.#postFader, nowMs),
        buses: readPoints(this.#buses, nowMs),
        matrices: readPoints(this.#matrices, nowMs),
        main: readPoints(this.#main, nowMs),
      };
    }
  }

  /** True when channel `index` (0-based) clipped since the engineer last cleared it: the latch waits for a tap. */
  clipLatched(index: number): boolean {
    return this.#clipLatched.has(index);
  }

  /** The engineer saw the clip: the channel's latch goes dark until it clips again. */
  clearClip(index: number): void {
    if (!this.#clipLatched.has(index)) return;
    const next = new Set(this.#clipLatched);
    next.delete(index);
    this.#clipLatched = next;
  }

  #latchClips(levelsDbfs: readonly number[]): void {
    let next: Set<number> | null = null;
    for (let i = 0; i < levelsDbfs.length; i++) {
      if (levelsDbfs[i]! < LEVEL_BALLISTICS.clipDbfs || this.#clipLatched.has(i)) continue;
      next ??= new Set(this.#clipLatched);
      next.add(i);
    }
    if (next !== null) this.#clipLatched = next;
  }

  /** Channel meter at display time; `index` is 0-based. */
  channelView(index: number, nowMs: number): ChannelMeterView {
    return {
      input: this.#input.view(index, nowMs),
      gateGrDb: Math.max(0, this.#gateGr.view(index, nowMs).barDbfs),
      dynGrDb: Math.max(0, this.#dynGr.view(index, nowMs).barDbfs),
    };
  }

  /** Bus meter at display time; `index` is 0-based. */
  busView(index: number, nowMs: number): PointView {
    return this.#buses.view(index, nowMs);
  }

  /** Main meters (left, right) at display time. */
  mainViews(nowMs: number): PointView[] {
    return Array.from({ length: Math.max(this.#main.size, 2) }, (_, i) => this.#main.view(i, nowMs));
  }
}
