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
        channelInput: readPoints(this.#input),
        channelGateGr: readPoints(this.#gateGr),
        channelDynGr: readPoints(this.#dynGr),
        channelPostFader: readPoints(this.#postFader),
        buses: readPoints(this.#buses),
        matrices: readPoints(this.#matrices),
        main: readPoints(this.#main),
      };
    }
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
