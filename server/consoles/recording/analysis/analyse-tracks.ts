/**
 * One pass over some of a take's tracks, block by block, each into its TrackAnalyser: the work one analysis
 * thread does (the main thread, or a worker given its share). Figures depend only on a track's own samples
 * and the blocks they are cut into, so a track gives the same figures whichever thread reads it.
 */
import { trackFullScales, type Take } from '../take';
import { TakeReader } from '../take-reader';
import type { TakeHistogramState } from './take-histogram';
import { TrackAnalyser, type TrackFigures } from './track-analyser';

/** The meter block, ms: an X32's meter period. */
export const BLOCK_MS = 50;

export interface TrackPassOptions {
  /** A block reading at or above this counts as a clip on the meter (the profile's), dBFS. */
  clipDbfs: number;
  /** Samples read per call (a multiple of the meter block is used). */
  readMs: number;
  /** Called after each read with the share of the take read, 0..1. */
  onProgress: (fraction: number) => void;
  /** Stops the pass between reads (another thread failed): the promise then resolves with what was read. */
  signal: AbortSignal;
}

/** TrackFigures as plain data (the histogram's contents instead of the object): what crosses threads. */
export type TrackFiguresState = Omit<TrackFigures, 'histogram'> & { histogram: TakeHistogramState };

export function blockFramesOf(take: Take): number {
  return Math.max(1, Math.round((take.sampleRateHz * BLOCK_MS) / 1000));
}

/**
 * Reads the tracks `tracks` (indices into take.tracks) through the whole take; their figures, in that order.
 * Rejects with a RecordingError when a file cannot be read or decoded.
 */
export async function analyseTracks(take: Take, tracks: readonly number[], options: TrackPassOptions): Promise<TrackFigures[]> {
  const blockFrames = blockFramesOf(take);
  const blocksPerRead = Math.max(1, Math.round(options.readMs / BLOCK_MS));
  const totalBlocks = Math.ceil(take.frames / blockFrames);
  const fullScales = trackFullScales(take);
  const analysers = tracks.map((t) => new TrackAnalyser(fullScales[t]!, totalBlocks, BLOCK_MS, options.clipDbfs));
  const reader = new TakeReader(take, blockFrames * blocksPerRead, tracks);
  try {
    while (!options.signal.aborted) {
      const chunk = await reader.read(blockFrames * blocksPerRead);
      const frames = chunk[0]?.length ?? 0;
      if (frames === 0) break;
      for (let t = 0; t < chunk.length; t++) {
        const samples = chunk[t]!;
        for (let at = 0; at < frames; at += blockFrames) analysers[t]!.push(samples.subarray(at, Math.min(at + blockFrames, frames)));
      }
      options.onProgress(reader.position / take.frames);
    }
  } finally {
    await reader.close();
  }
  return analysers.map((a) => a.figures());
}
