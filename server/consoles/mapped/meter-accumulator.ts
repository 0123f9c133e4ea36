/**
 * Meter readings that arrive one strip at a time (Mackie channel pressure, Ardour /strip/meter, REAPER VU)
 * gathered into whole frames. Protocols like these send a reading when it changes, so each point holds its
 * latest reading; flush() emits a frame only when something arrived since the last one, so a console that
 * stops metering stops producing frames instead of repeating stale ones. A point never reported reads
 * -Infinity (nothing heard). Only the points a console declares appear in a frame; the rest stay empty.
 * Bus and matrix meters (Yamaha RCP mix/matrix meters) are as long as the highest strip reported.
 */
import { emptyMeterFrame, type MeterFrame } from '../../model/meter-frame';

export type MeterPoint = 'channelInput' | 'channelPostFader' | 'buses' | 'matrices' | 'main';

export class MeterAccumulator {
  readonly #points: ReadonlySet<MeterPoint>;
  readonly #channelInput: number[] = [];
  readonly #channelPostFader: number[] = [];
  readonly #buses: number[] = [];
  readonly #matrices: number[] = [];
  #mainDbfs = -Infinity;
  #dirty = false;

  /** @param points the meter points the console provides. */
  constructor(points: ReadonlySet<MeterPoint>) {
    this.#points = points;
  }

  /** Records a reading; `strip` is 1-based and ignored for the main meter. Undeclared points are ignored. */
  set(point: MeterPoint, strip: number, dbfs: number): void {
    if (!this.#points.has(point)) return;
    if (point === 'main') this.#mainDbfs = dbfs;
    else this.#held(point)[strip - 1] = dbfs;
    this.#dirty = true;
  }

  #held(point: Exclude<MeterPoint, 'main'>): number[] {
    switch (point) {
      case 'channelInput': return this.#channelInput;
      case 'channelPostFader': return this.#channelPostFader;
      case 'buses': return this.#buses;
      case 'matrices': return this.#matrices;
    }
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
    if (this.#points.has('buses')) frame.busDbfs = Array.from(this.#buses, (dbfs) => dbfs ?? -Infinity);
    if (this.#points.has('matrices')) frame.matrixDbfs = Array.from(this.#matrices, (dbfs) => dbfs ?? -Infinity);
    if (this.#points.has('main')) frame.mainDbfs = [this.#mainDbfs, this.#mainDbfs];
    return frame;
  }
}
