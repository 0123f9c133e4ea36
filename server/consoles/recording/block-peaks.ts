/**
 * A recording as a desk meters it: the peak of each track over each meter block (50 ms on an X32), in
 * dBFS. One pass after another: the take loops.
 */
import { linearToDbfs } from '../../model/db';
import { trackFullScales, type Take } from './take';
import { TakeReader } from './take-reader';

export interface BlockPeaks {
  /**
   * Block peak per track (take.tracks order), dBFS: 0 when a sample sits at full scale (a clip, as on a
   * desk's meter, though an integer's top code is a hair under 1.0), -Infinity for digital silence.
   */
  peaksDbfs: number[];
  /** Start of the block within the take, ms. */
  positionMs: number;
  /** Which pass over the take this block belongs to, from 1. */
  pass: number;
}

/**
 * Largest sample magnitude of a block (NaN samples are passed over). Four running maxima, one per lane:
 * a single one makes every sample wait on the comparison before it, and this loop reads every sample of
 * every analysis.
 */
export function peakOf(samples: Float32Array): number {
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  const whole = samples.length - (samples.length % 4);
  for (let i = 0; i < whole; i += 4) {
    const m0 = Math.abs(samples[i]!);
    const m1 = Math.abs(samples[i + 1]!);
    const m2 = Math.abs(samples[i + 2]!);
    const m3 = Math.abs(samples[i + 3]!);
    if (m0 > p0) p0 = m0;
    if (m1 > p1) p1 = m1;
    if (m2 > p2) p2 = m2;
    if (m3 > p3) p3 = m3;
  }
  for (let i = whole; i < samples.length; i++) {
    const m = Math.abs(samples[i]!);
    if (m > p0) p0 = m;
  }
  if (p1 > p0) p0 = p1;
  if (p2 > p0) p0 = p2;
  if (p3 > p0) p0 = p3;
  return p0;
}

export class BlockPeakFeed {
  readonly take: Take;
  readonly blockFrames: number;
  readonly #fullScales: number[];
  #reader: TakeReader | null = null;
  #pass = 0;

  /** @param blockMs the meter block, ms (rounded to whole samples at the take's rate). */
  constructor(take: Take, blockMs: number) {
    this.take = take;
    this.blockFrames = Math.max(1, Math.round((take.sampleRateHz * blockMs) / 1000));
    this.#fullScales = trackFullScales(take);
  }

  /**
   * The next block, starting the take over after its end (the last block of a pass may be short).
   * Rejects with a RecordingError when a file cannot be read.
   */
  async next(): Promise<BlockPeaks> {
    if (this.#reader === null || this.#reader.position >= this.take.frames) {
      await this.#reader?.close();
      this.#reader = new TakeReader(this.take, this.blockFrames);
      this.#pass++;
    }
    const startFrame = this.#reader.position;
    const block = await this.#reader.read(this.blockFrames);
    return {
      peaksDbfs: block.map((samples, t) => {
        const peak = peakOf(samples);
        return peak >= this.#fullScales[t]! ? 0 : linearToDbfs(peak);
      }),
      positionMs: (startFrame / this.take.sampleRateHz) * 1000,
      pass: this.#pass,
    };
  }

  async close(): Promise<void> {
    await this.#reader?.close();
    this.#reader = null;
  }
}
