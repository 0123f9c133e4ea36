/**
 * Entry of an analysis worker thread (started by analysis-threads.ts): analyses its share of the tracks and
 * posts their figures, progress on the way, or the error that stopped it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RecordingError } from '../recording-error';
import type { AnalysisWorkerData, AnalysisWorkerMessage } from './analysis-threads';
import { figuresState } from './analysis-threads';
import { analyseTracks } from './analyse-tracks';

async function run(port: NonNullable<typeof parentPort>, data: AnalysisWorkerData): Promise<void> {
  const post = (message: AnalysisWorkerMessage) => port.postMessage(message);
  try {
    const figures = await analyseTracks(data.take, data.tracks, {
      clipDbfs: data.clipDbfs,
      readMs: data.readMs,
      onProgress: (fraction) => post({ kind: 'progress', fraction }),
      signal: new AbortController().signal,
    });
    post({ kind: 'done', figures: figures.map(figuresState) });
  } catch (error) {
    post(error instanceof RecordingError
      ? { kind: 'failed', code: error.code, message: error.message }
      : { kind: 'failed', code: null, message: error instanceof Error ? error.message : String(error) });
  }
}

if (parentPort !== null) await run(parentPort, workerData as AnalysisWorkerData);
