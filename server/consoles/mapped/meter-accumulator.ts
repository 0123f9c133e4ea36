/**
 * Meter readings that arrive one strip at a time (Mackie channel pressure, Ardour /strip/meter, REAPER VU)
 * gathered into whole frames. Protocols like these send a reading when it changes, so each point holds its
 * latest reading; flush() emits a frame only when something arrived since the last one, so a console that
 * stops metering stops producing frames instead of repeating stale ones. A point never reported reads
 * -Infinity (nothing heard). Only the points a console declares appear in a frame; the rest stay empty.
 */
import { emptyMeterFrame, type MeterFrame } from '../../model/meter-frame';

export type MeterPoint = 'channelInput' | 'channelPostFader' | 'main';

export class MeterAccumulator {
  readonly #points: ReadonlySet<MeterPoint>;
  readonly #channelInput: number[] = [];
  readonly #channelPostFader: number[] = [];
  #mainDbfs = -Infinity;
  #dirty = false;

  /** @param points the meter points the console provides. */
  constructor(points: ReadonlySet<MeterPoint>) {
    this.#points = points;
  }

  /** Records a reading; `channel` is 1-based and ignored for the main meter. Undeclared points are ignored. */
  set(point: MeterPoint, channel: number, dbfs: number): void {
    if (!this.#points.has(point)) return;
    if (point === 'main') this.#mainDbfs = dbfs;
    else (point === 'channelInput' ? this.#channelInput : this.#channelPostFader)[channel - 1] = dbfs;
    this.#dirty = true;
  }

  /**
   * The frame of everything held, for `channelCount` channels, when a reading arrived since the last flush;
   * null otherwise. The main meter is one reading, shown on both sides.
   */
  flush(atMs: number, channelCount: number): MeterFrame | null {
    if (!this.#dirty) return null;
    this.#dirty = false;
    const frame = emptyMeterFrame(atMs);
    const fill = (held: readonly number[]): number[] =>
      Array.from({ length: channelCount }, (_, i) => held[i] ?? -Infinity);
    if (this.#points.has('channelInput')) frame.channelInputDbfs = fill(this.#channelInput);
    if (this.#points.has('channelPostFader')) frame.channelPostFaderDbfs = fill(this.#channelPostFader);
    if (this.#points.has('main')) frame.mainDbfs = [this.#mainDbfs, this.#mainDbfs];
    return frame;
  }
}
