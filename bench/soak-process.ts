/**
 * Child process: a real bridge (startTestBridge) on a FramePumpConsole, fed an hour of meter frames
 * (72,000 at 20 a second of desk time) as fast as it takes them, with the advisor evaluated every ten
 * frames (every 500 ms of desk time). Frames go through everything a live frame goes through: the
 * advisor's statistics, the soundcheck listener, the hub's per-tablet latest-wins to the tablets the
 * parent connected. Memory is sampled along the way.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { startTestBridge } from '../test/support/test-bridge';
import { sendReady, serveParent } from './child-link';
import { cpuMsSince } from './cpu-clock';
import { collectGarbage, memoryMb, type MemoryMb } from './gc-control';
import { sampleProcess, trackSockets } from './process-sample';
import { EVALUATE_EVERY_MS, FRAME_INTERVAL_MS, FramePumpConsole, syntheticFrames, syntheticSnapshot, type DeskSize } from './synthetic-desk';

export interface SoakProcessConfig {
  size: DeskSize;
  frames: number;
  /** Distinct frames generated (a minute of the band), replayed with advancing times. */
  distinctFrames: number;
  /** Frames pumped between two turns of the event loop. */
  batch: number;
  /** Memory samples taken along the way. */
  samples: number;
}

/** Memory after a full GC at one point of the soak: a leak shows as heapUsedMb climbing from point to point. */
export interface SoakProcessReady {
  type: 'ready';
  port: number;
}

export interface SoakPoint extends MemoryMb {
  framesDone: number;
  deskMinutes: number;
}

export interface SoakReport {
  frames: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** Desk time covered per second of wall time. */
  acceleration: number;
  evaluations: number;
  suggestions: number;
  /** When the child had loaded its modules, before the bridge started. */
  loaded: MemoryMb;
  /** After the bridge started and the tablets connected, after a full GC. */
  start: MemoryMb;
  points: SoakPoint[];
  /** At the end as it is, and after a full GC. */
  end: MemoryMb;
  endAfterGc: MemoryMb;
}

const loaded = memoryMb();
const config = JSON.parse(process.argv[2] ?? '{}') as SoakProcessConfig;
const snapshot = syntheticSnapshot(config.size);
const frames = syntheticFrames(snapshot, 11, 0, config.distinctFrames, 0);
const desk = new FramePumpConsole(snapshot);
const bridge = await startTestBridge({ console: desk, evaluateEveryMs: EVALUATE_EVERY_MS });
const sockets = trackSockets(bridge.bridge.hub.server);

async function soak(): Promise<SoakReport> {
  collectGarbage();
  const start = memoryMb();
  const points: SoakPoint[] = [];
  const sampleEvery = Math.max(1, Math.floor(config.frames / config.samples));
  const framesPerEvaluation = EVALUATE_EVERY_MS / FRAME_INTERVAL_MS;
  const startAtMs = Date.now();
  const wallStart = performance.now();
  const cpuBefore = process.cpuUsage();
  let evaluations = 0;
  for (let done = 0; done < config.frames;) {
    for (let end = Math.min(config.frames, done + config.batch); done < end; done++) {
      const frame = frames[done % frames.length]!;
      desk.emit({ ...frame, atMs: startAtMs + done * FRAME_INTERVAL_MS });
      if (done % framesPerEvaluation === framesPerEvaluation - 1) {
        bridge.advisor.evaluate();
        evaluations++;
      }
      if ((done + 1) % sampleEvery === 0) {
        collectGarbage();
        points.push({ framesDone: done + 1, deskMinutes: ((done + 1) * FRAME_INTERVAL_MS) / 60_000, ...memoryMb() });
      }
    }
    await yieldToLoop();
  }
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const end = memoryMb();
  collectGarbage();
  return {
    frames: config.frames,
    wallSeconds,
    cpuSeconds: cpuMsSince(cpuBefore) / 1000,
    acceleration: (config.frames * FRAME_INTERVAL_MS) / 1000 / wallSeconds,
    evaluations,
    suggestions: bridge.advisor.suggestions().length,
    loaded,
    start,
    points,
    end,
    endAfterGc: memoryMb(),
  };
}

serveParent(
  async (request) => {
    if (request.type === 'sample') return sampleProcess(sockets, request.collectGarbage === true, { tablets: bridge.bridge.hub.clientCount() });
    if (request.type === 'soak') return soak();
    throw new Error(`unknown request ${request.type}`);
  },
  () => bridge.close(),
);
sendReady({ type: 'ready', port: bridge.port } satisfies SoakProcessReady);
