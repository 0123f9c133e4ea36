/**
 * One pass over a take, block by block: every track's samples for the next block, with tracks that have
 * ended reading as silence until the longest one ends, and split segments joined seamlessly.
 */
import { openAudioFile, type FrameReader } from './audio-file';
import type { Take, TakeSource } from './take';

class SourceStream {
  readonly #source: TakeSource;
  #segment = 0;
  #reader: FrameReader | null = null;
  #done = false;

  constructor(source: TakeSource) {
    this.#source = source;
  }

  /** Fills `out[c][0..frames)` with the next frames; zeros once the source has ended. */
  async fill(out: Float32Array[], frames: number): Promise<void> {
    let filled = 0;
    while (filled < frames && !this.#done) {
      this.#reader ??= await openAudioFile(this.#source.files[this.#segment]!.path);
      const got = await this.#reader.read(frames - filled);
      if (got[0] === undefined || got[0].length === 0) {
        await this.#reader.close();
        this.#reader = null;
        this.#segment++;
        this.#done = this.#segment >= this.#source.files.length;
        continue;
      }
      for (let c = 0; c < out.length; c++) out[c]!.set(got[c]!, filled);
      filled += got[0].length;
    }
    for (const channel of out) channel.fill(0, filled, frames);
  }

  async close(): Promise<void> {
    await this.#reader?.close();
    this.#reader = null;
    this.#done = true;
  }
}

export class TakeReader {
  readonly take: Take;
  readonly #streams: SourceStream[];
  /** Per source, one array per channel: the block being assembled. */
  readonly #buffers: Float32Array[][];
  readonly #blockFrames: number;
  #frame = 0;

  /** @param blockFrames the largest block read() will be asked for. */
  constructor(take: Take, blockFrames: number) {
    this.take = take;
    this.#blockFrames = blockFrames;
    this.#streams = take.sources.map((s) => new SourceStream(s));
    this.#buffers = take.sources.map((s) => Array.from({ length: s.channels }, () => new Float32Array(blockFrames)));
  }

  /** Frames read so far. */
  get position(): number {
    return this.#frame;
  }

  /**
   * The next block: one array per track (take.tracks order), `frames` long except at the end of the take
   * (shorter; length 0 once it has ended). The arrays are overwritten by the next call.
   * Rejects with a RecordingError when a file cannot be read or decoded.
   */
  async read(frames: number): Promise<Float32Array[]> {
    const wanted = Math.max(0, Math.min(frames, this.#blockFrames, this.take.frames - this.#frame));
    for (let s = 0; s < this.#streams.length; s++) {
      const buffers = this.#buffers[s]!.map((b) => b.subarray(0, wanted));
      await this.#streams[s]!.fill(buffers, wanted);
    }
    this.#frame += wanted;
    return this.take.tracks.map((t) => this.#buffers[t.source]![t.channel]!.subarray(0, wanted));
  }

  async close(): Promise<void> {
    for (const stream of this.#streams) await stream.close();
  }
}
