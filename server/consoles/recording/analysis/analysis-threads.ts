/**
 * A take's tracks split over threads, one per core: the main thread reads the first share, a worker
 * (node:worker_threads) each of the others, each reading only its own tracks' channels. Every track is
 * analysed whole by one thread, so the figures are the ones a single thread gives.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RecordingError, type RecordingErrorCode } from '../recording-error';
import type { Take } from '../take';
import { analyseTracks, type TrackFiguresState, type TrackPassOptions } from './analyse-tracks';
import { TakeHistogram } from './take-histogram';
import type { TrackFigures } from './track-analyser';

/**
 * Samples (frames x tracks) a thread should have to be worth starting: a worker costs about 0.25 CPU
 * seconds to start (its own V8 and TypeScript loader), what one thread takes for some 40 million samples
 * (measured on a 2-core Xeon VM); 32 tracks at 48 kHz pass this after about a minute.
 */
const MIN_SAMPLES_PER_THREAD = 100_000_000;

/** What a worker is given (workerData). */
export interface AnalysisWorkerData {
  take: Take;
  tracks: number[];
  clipDbfs: number;
  readMs: number;
}

/** What a worker says back. */
export type AnalysisWorkerMessage =
  | { kind: 'progress'; fraction: number }
  | { kind: 'done'; figures: TrackFiguresState[] }
  | { kind: 'failed'; code: RecordingErrorCode | null; message: string };

/** Threads worth using for `take` on this machine: one per core, fewer for a short or narrow take, at least 1. */
export function analysisThreads(take: Take): number {
  const bySize = Math.floor((take.frames * take.tracks.length) / MIN_SAMPLES_PER_THREAD);
  return Math.max(1, Math.min(availableParallelism(), take.tracks.length, bySize));
}

/** Tracks 0..count-1 in `parts` contiguous shares of (nearly) equal size; none empty. */
export function splitTracks(count: number, parts: number): number[][] {
  const n = Math.max(1, Math.min(parts, count));
  return Array.from({ length: n }, (_, i) => {
    const from = Math.floor((i * count) / n);
    const to = Math.floor(((i + 1) * count) / n);
    return Array.from({ length: to - from }, (_, k) => from + k);
  });
}

export function figuresState(figures: TrackFigures): TrackFiguresState {
  return { ...figures, histogram: figures.histogram.state() };
}

function figuresFromState(state: TrackFiguresState): TrackFigures {
  return { ...state, histogram: new TakeHistogram(state.histogram) };
}

/**
 * Every track's figures (take.tracks order), read by `threads` threads.
 * Rejects with a RecordingError when a file cannot be read or decoded, whichever thread found it.
 */
export async function analyseTracksInThreads(take: Take, threads: number, options: Omit<TrackPassOptions, 'signal'>): Promise<TrackFigures[]> {
  const shares = splitTracks(take.tracks.length, threads);
  const fractions = shares.map(() => 0);
  const progress = (share: number) => (fraction: number) => {
    fractions[share] = fraction;
    options.onProgress(fractions.reduce((sum, f, i) => sum + f * shares[i]!.length, 0) / take.tracks.length);
  };
  const stop = new AbortController();
  const workers = shares.slice(1).map((tracks, i) => startWorker({ take, tracks, clipDbfs: options.clipDbfs, readMs: options.readMs }, progress(i + 1)));
  try {
    const results = await Promise.all([
      analyseTracks(take, shares[0]!, { ...options, onProgress: progress(0), signal: stop.signal }),
      ...workers.map((w) => w.figures),
    ]);
    return results.flat();
  } finally {
    stop.abort();
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/**
 * Built, this module is inside dist/headroom.js and the worker is its own bundle beside it
 * (dist/analysis-worker.js, scripts/build.ts). From source the entry is TypeScript: the worker starts in
 * plain JavaScript and loads it through tsx's API (tsx is a development dependency, there only then).
 */
const RUNNING_BUILT = import.meta.url.endsWith('.js');

function newWorker(data: AnalysisWorkerData): Worker {
  if (RUNNING_BUILT) return new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: data });
  const entry = new URL('./analysis-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(boot, { eval: true, workerData: data });
}

function startWorker(data: AnalysisWorkerData, onProgress: (fraction: number) => void): { worker: Worker; figures: Promise<TrackFigures[]> } {
  const worker = newWorker(data);
  const figures = new Promise<TrackFigures[]>((resolve, reject) => {
    worker.on('message', (message: AnalysisWorkerMessage) => {
      if (message.kind === 'progress') onProgress(message.fraction);
      else if (message.kind === 'done') resolve(message.figures.map(figuresFromState));
      else reject(message.code === null ? new Error(message.message) : new RecordingError(message.code, message.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`an analysis thread stopped (exit code ${code}) before it finished`)));
  });
  return { worker, figures };
}
