/**
 * One pass over a take, block by block: every track's samples for the next block, with tracks that have
 * ended reading as silence until the longest one ends, and split segments joined seamlessly. A pass may
 * read some of the tracks only (one analysis thread's share): files holding none of them are not opened,
 * and in the others only their channels are decoded.
 */
import { openAudioFile, type FrameReader } from './audio-file';
import type { Take, TakeSource } from './take';

class SourceStream {
  readonly #source: TakeSource;
  readonly #wantedChannels: ReadonlySet<number>;
  #segment = 0;
  #reader: FrameReader | null = null;
  #done = false;

  constructor(source: TakeSource, wantedChannels: ReadonlySet<number>) {
    this.#source = source;
    this.#wantedChannels = wantedChannels;
  }

  /** Fills `out[c][0..frames)` with the next frames (channels whose entry is null are skipped); zeros once the source has ended. */
  async fill(out: readonly (Float32Array | null)[], frames: number): Promise<void> {
    let filled = 0;
    while (filled < frames && !this.#done) {
      this.#reader ??= await openAudioFile(this.#source.files[this.#segment]!.path, this.#wantedChannels);
      const got = await this.#reader.read(frames - filled);
      if (got[0] === undefined || got[0].length === 0) {
        await this.#reader.close();
        this.#reader = null;
        this.#segment++;
        this.#done = this.#segment >= this.#source.files.length;
        continue;
      }
      for (let c = 0; c < out.length; c++) out[c]?.set(got[c]!, filled);
      filled += got[0].length;
    }
    for (const channel of out) channel?.fill(0, filled, frames);
  }

  async close(): Promise<void> {
    await this.#reader?.close();
    this.#reader = null;
    this.#done = true;
  }
}

/** Every track of a take, in take.tracks order: what a TakeReader reads unless told otherwise. */
export function allTracks(take: Take): number[] {
  return take.tracks.map((_, t) => t);
}

export class TakeReader {
  readonly take: Take;
  /** Per source, its stream, or null when it holds none of the tracks read. */
  readonly #streams: (SourceStream | null)[];
  /** Per source, one array per channel (null for channels not read): the block being assembled. */
  readonly #buffers: (Float32Array | null)[][];
  readonly #tracks: readonly number[];
  readonly #blockFrames: number;
  #frame = 0;

  /**
   * @param blockFrames the largest block read() will be asked for.
   * @param tracks the tracks to read, as indices into take.tracks (all of them by default).
   */
  constructor(take: Take, blockFrames: number, tracks: readonly number[] = allTracks(take)) {
    this.take = take;
    this.#blockFrames = blockFrames;
    this.#tracks = tracks;
    const wanted = take.sources.map(() => new Set<number>());
    for (const t of tracks) wanted[take.tracks[t]!.source]!.add(take.tracks[t]!.channel);
    this.#streams = take.sources.map((s, i) => (wanted[i]!.size > 0 ? new SourceStream(s, wanted[i]!) : null));
    this.#buffers = take.sources.map((s, i) => Array.from({ length: s.channels }, (_, c) => (wanted[i]!.has(c) ? new Float32Array(blockFrames) : null)));
  }

  /** Frames read so far. */
  get position(): number {
    return this.#frame;
  }

  /**
   * The next block: one array per track read (in the order they were given), `frames` long except at the
   * end of the take (shorter; length 0 once it has ended). The arrays are overwritten by the next call.
   * Rejects with a RecordingError when a file cannot be read or decoded.
   */
  async read(frames: number): Promise<Float32Array[]> {
    const wanted = Math.max(0, Math.min(frames, this.#blockFrames, this.take.frames - this.#frame));
    for (let s = 0; s < this.#streams.length; s++) {
      const stream = this.#streams[s];
      if (stream === null || stream === undefined) continue;
      const buffers = this.#buffers[s]!.map((b) => b?.subarray(0, wanted) ?? null);
      await stream.fill(buffers, wanted);
    }
    this.#frame += wanted;
    return this.#tracks.map((t) => {
      const track = this.take.tracks[t]!;
      return this.#buffers[track.source]![track.channel]!.subarray(0, wanted);
    });
  }

  async close(): Promise<void> {
    for (const stream of this.#streams) await stream?.close();
  }
}
