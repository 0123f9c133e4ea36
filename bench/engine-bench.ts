/**
 * Section 1: what the meter statistics and the rule engine cost, for desks of 32, 72 and 144 channels.
 * The statistics take every frame (20 a second); the advisor runs the engine every 500 ms, so one frame in
 * ten also pays for an evaluation. Flat-out runs use pre-generated frames and report CPU time per frame
 * (and wall time, which on a shared machine includes waiting for a core); the CPU share runs the same
 * loop at the real 20 Hz for a few seconds and reads process.cpuUsage().
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Advisor } from '../server/advisor/advisor';
import { suggest } from '../server/engine/suggest';
import type { MeterFrame } from '../server/model/meter-frame';
import { DEFAULT_WINDOWS_MS, RollingMeterStatistics } from '../server/meters/rolling-meter-statistics';
import { defaultProfile } from '../server/profiles/default-profile';
import { cpuMsSince, measure, type Cost } from './cpu-clock';
import { collectGarbage } from './gc-control';
import { pacedLoop } from './paced-loop';
import { roundSummary, round3, summarise, type SampleSummary } from './sample-summary';
import { describeSize, EVALUATE_EVERY_MS, FRAME_INTERVAL_MS, FramePumpConsole, syntheticFrames, syntheticSnapshot, type DeskSize } from './synthetic-desk';

const FRAMES_PER_EVALUATION = EVALUATE_EVERY_MS / FRAME_INTERVAL_MS;
/** The engine's listening window in the running bridge, ms. */
const ENGINE_WINDOW_MS = 8000;

export interface EngineBenchOptions {
  /** Frames pushed before measuring: fills the 30 s noise window and warms the JIT. */
  warmupFrames: number;
  /** Frames in each flat-out run. */
  measuredFrames: number;
  /** Evaluations in the engine-only run. */
  evaluations: number;
  /** Length of the paced 20 Hz run, s. */
  realtimeSeconds: number;
}

export const ENGINE_BENCH_DEFAULTS: EngineBenchOptions = {
  warmupFrames: 600,
  measuredFrames: 1200,
  evaluations: 100,
  realtimeSeconds: 16,
};

/** Per-call cost of one kind of work: CPU time (the cost) and wall time (cost plus waiting for a core). */
export interface CostSummary {
  cpuMs: SampleSummary;
  wallMs: SampleSummary;
  /** Calls per second of CPU time. */
  perCpuSecond: number;
}

export interface EngineSizeResult {
  desk: string;
  channels: number;
  /** Meter points per frame (inputs, gate and dynamics reduction, post-fader, buses, matrices, main L/R). */
  meterPoints: number;
  /** RollingMeterStatistics.push of one frame. */
  statistics: CostSummary;
  /** One advisor evaluation: statistics(8000 ms) + suggest() + the advisor's own bookkeeping. */
  engine: CostSummary;
  /** Push every frame and evaluate on every tenth, as the bridge does (the tenth frame sets p99 and max). */
  combined: CostSummary;
  /** Suggestions the engine held at the end (it was judging, not idling). */
  suggestions: number;
  realtime: RealtimeShare;
}

export interface RealtimeShare {
  /** Paced time with the work (as much again is spent in the idle rounds), s. */
  seconds: number;
  /** CPU of the whole process (user + system, all threads) over the paced rounds with the work, median, % of one core. */
  processCpuPct: number;
  /** The same paced loop doing nothing (timer wake-ups only), median of its rounds, % of one core. */
  idleLoopCpuPct: number;
  /**
   * What the statistics and the engine add: the median over rounds of (work round - idle round). The rounds
   * alternate, so a busy or an idle spell of a shared machine lands on both sides of a difference.
   */
  workCpuPct: number;
  /** The per-frame CPU times summed over the wall time: the same share seen from inside the loop. */
  measuredWorkCpuPct: number;
}

export interface EngineBenchResult {
  evaluateEveryMs: number;
  frameIntervalMs: number;
  sizes: EngineSizeResult[];
}

/**
 * Paced rounds with the work, each beside a paced round doing nothing. Eight rounds of 2 s: with four, three
 * runs at rest on the shared VM gave 1.97, 2.19 and 2.65 % for the same code.
 */
const REALTIME_ROUNDS = 8;

export async function runEngineBench(sizes: readonly DeskSize[], options: EngineBenchOptions, log: (line: string) => void): Promise<EngineBenchResult> {
  const results: EngineSizeResult[] = [];
  for (const size of sizes) {
    log(`engine: ${describeSize(size)}`);
    results.push(await benchSize(size, options));
  }
  return { evaluateEveryMs: EVALUATE_EVERY_MS, frameIntervalMs: FRAME_INTERVAL_MS, sizes: results };
}

async function benchSize(size: DeskSize, options: EngineBenchOptions): Promise<EngineSizeResult> {
  const snapshot = syntheticSnapshot(size);
  const realtimeFrames = Math.ceil((options.realtimeSeconds * 1000) / FRAME_INTERVAL_MS);
  const frames = syntheticFrames(snapshot, 7, 0, options.warmupFrames + 2 * options.measuredFrames + realtimeFrames, 0);
  // As the bridge keeps them: frames are folded in when the advisor reads (every tenth frame).
  const statistics = new RollingMeterStatistics({ windowsMs: DEFAULT_WINDOWS_MS });
  // The same stream folded frame by frame, for the cost of folding one frame.
  const eachFrame = new RollingMeterStatistics({ windowsMs: DEFAULT_WINDOWS_MS, pendingFrames: 1 });
  let clockMs = 0;
  const errors: unknown[] = [];
  const advisor = new Advisor({
    console: new FramePumpConsole(snapshot),
    statistics,
    suggest,
    profile: defaultProfile(),
    windowMs: ENGINE_WINDOW_MS,
    evaluateEveryMs: EVALUATE_EVERY_MS,
    nowMs: () => clockMs,
    onError: (error) => errors.push(error),
  });
  let next = 0;
  const step = (frame: MeterFrame, index: number): void => {
    statistics.push(frame);
    clockMs = frame.atMs;
    if (index % FRAMES_PER_EVALUATION === FRAMES_PER_EVALUATION - 1) advisor.evaluate();
  };

  for (; next < options.warmupFrames; next++) {
    step(frames[next]!, next);
    eachFrame.push(frames[next]!);
  }
  collectGarbage();

  const pushCosts: Cost[] = [];
  for (let end = next + options.measuredFrames; next < end; next++) {
    const frame = frames[next]!;
    pushCosts.push(measure(() => eachFrame.push(frame)));
    statistics.push(frame);
  }
  clockMs = frames[next - 1]!.atMs;
  // Fold what the bridge's statistics took meanwhile, so the first evaluation measured folds nothing.
  statistics.pointStatistics({ area: 'main' }, ENGINE_WINDOW_MS);

  const engineCosts: Cost[] = [];
  for (let i = 0; i < options.evaluations; i++) engineCosts.push(measure(() => advisor.evaluate()));

  const combinedCosts: Cost[] = [];
  for (let end = next + options.measuredFrames; next < end; next++) {
    const frame = frames[next]!;
    const index = next;
    combinedCosts.push(measure(() => step(frame, index)));
  }

  // Collect the flat-out runs' garbage and let the collector's helper threads finish before the CPU reading starts.
  collectGarbage();
  await sleep(200);
  let pacedCpuMs = 0;
  let pacedWallMs = 0;
  const workPcts: number[] = [];
  const idlePcts: number[] = [];
  const differences: number[] = [];
  const roundSeconds = options.realtimeSeconds / REALTIME_ROUNDS;
  const idleRound = async () => (await pacedCpu(roundSeconds, () => undefined)).cpuPct;
  const workRound = async () => {
    const paced = await pacedCpu(roundSeconds, () => {
      const frame = frames[next]!;
      const index = next;
      next++;
      pacedCpuMs += measure(() => step(frame, index)).cpuMs;
    });
    pacedWallMs += paced.wallMs;
    return paced.cpuPct;
  };
  for (let round = 0; round < REALTIME_ROUNDS; round++) {
    // Idle first in every other round, so neither side always follows the other.
    const idleFirst = round % 2 === 1;
    let idlePct = idleFirst ? await idleRound() : NaN;
    const workPct = await workRound();
    if (!idleFirst) idlePct = await idleRound();
    workPcts.push(workPct);
    idlePcts.push(idlePct);
    differences.push(workPct - idlePct);
  }
  if (errors.length > 0) throw new AggregateError(errors, `the engine failed ${errors.length} times on ${describeSize(size)}`);

  const first = frames[0]!;
  const meterPoints = first.channelInputDbfs.length + first.channelGateGrDb.length + first.channelDynGrDb.length
    + first.channelPostFaderDbfs.length + first.busDbfs.length + first.matrixDbfs.length + first.mainDbfs.length;
  return {
    desk: describeSize(size),
    channels: size.channels,
    meterPoints,
    statistics: summariseCosts(pushCosts),
    engine: summariseCosts(engineCosts),
    combined: summariseCosts(combinedCosts),
    suggestions: advisor.suggestions().length,
    realtime: {
      seconds: options.realtimeSeconds,
      processCpuPct: round3(median(workPcts)),
      idleLoopCpuPct: round3(median(idlePcts)),
      workCpuPct: round3(Math.max(0, median(differences))),
      measuredWorkCpuPct: round3((pacedCpuMs / pacedWallMs) * 100),
    },
  };
}

function summariseCosts(costs: readonly Cost[]): CostSummary {
  const cpuTotalMs = costs.reduce((sum, cost) => sum + cost.cpuMs, 0);
  return {
    cpuMs: roundSummary(summarise(costs.map((cost) => cost.cpuMs))),
    wallMs: roundSummary(summarise(costs.map((cost) => cost.wallMs))),
    perCpuSecond: cpuTotalMs > 0 ? Math.round((costs.length / cpuTotalMs) * 1000) : Number.POSITIVE_INFINITY,
  };
}

/** Calls `work` every FRAME_INTERVAL_MS for `seconds`; returns the process's CPU time over the wall time, % of one core. */
async function pacedCpu(seconds: number, work: () => void): Promise<{ cpuPct: number; wallMs: number }> {
  const ticks = Math.ceil((seconds * 1000) / FRAME_INTERVAL_MS);
  const startMs = performance.now();
  const cpuBefore = process.cpuUsage();
  await pacedLoop(FRAME_INTERVAL_MS, ticks + 1, (tick) => {
    if (tick < ticks) work();
  });
  const cpuMs = cpuMsSince(cpuBefore);
  const wallMs = performance.now() - startMs;
  return { cpuPct: (cpuMs / wallMs) * 100, wallMs };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
