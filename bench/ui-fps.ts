/**
 * `npx tsx bench/ui-fps.ts`: the frame rate of the tablet's overview with 32 channels (an X32's inputs,
 * 16 buses, 6 matrices) while meters arrive at 20 frames a second, with Chromium's main thread slowed
 * down 4x (CDP Emulation.setCPUThrottlingRate), as a mid-range tablet would run it. The goal is 60 fps.
 * Frames are counted with requestAnimationFrame over a few seconds, after a warm-up. Also measured without
 * throttling, for comparison. Then a short traced run at the first rate measures the CPU time the page's
 * threads spend per frame (trace events' thread time): unlike frames per second, that figure hardly moves
 * when other jobs load the machine. Writes bench/results/ui-fps.json (machine and load noted) and one line
 * on stdout. Not a test: the figure depends on the machine and on what else runs on it.
 *
 * Options: --seconds N (measurement per rate, default 5), --rates 4,1 (CPU slow-down factors, default 4,1).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { buildUi, isUiBuildStale } from '../server/ui-build';
import { launchBrowser } from '../test/e2e/browser';
import { repoRoot, startTestBridge } from '../test/support/test-bridge';
import { describeMachine } from './machine';
import { pacedLoop } from './paced-loop';
import { runSection } from './results-file';
import { round3, roundSummary, summarise, type SampleSummary } from './sample-summary';
import { describeSize, EVALUATE_EVERY_MS, FRAME_INTERVAL_MS, FramePumpConsole, syntheticFrames, syntheticSnapshot, type DeskSize } from './synthetic-desk';

const DESK: DeskSize = { channels: 32, buses: 16, matrices: 6 };
/** Meters run this long before counting, so the page has settled (first layout, canvases sized, JIT warm), ms. */
const WARM_UP_MS = 2000;
const GOAL_FPS = 60;
/** Length of the traced run, ms. */
const TRACE_MS = 3000;

interface FpsRun {
  /** CPU slow-down factor given to Chromium (1 = none). */
  cpuThrottlingRate: number;
  /** Animation frames per second over the measurement. */
  fps: number;
  /** Frame rate of the median frame: 1000 / the median time between animation frames. */
  medianFps: number;
  frames: number;
  measuredMs: number;
  /** Time between animation frames, ms. */
  frameIntervalMs: SampleSummary;
  /** Frames that took longer than two display refreshes (over 33.4 ms): visible stutter. */
  longFrames: number;
  /** Meter frames the bench sent to the bridge during the measurement. */
  meterFramesSent: number;
}

/** CPU time of the page's threads per animation frame, ms (from a Chromium trace). */
interface FrameCpu {
  cpuThrottlingRate: number;
  frames: number;
  /** The renderer's main thread: script, style, layout, paint, the layer update. */
  mainThreadMs: number;
  /** Of which the meters' animation-frame callbacks. */
  animationFrameMs: number;
  /** Of which handing the layers (the meter canvases) to the compositor. */
  updateLayersMs: number;
  compositorThreadMs: number;
}

interface UiFpsResult {
  desk: string;
  frameCpu: FrameCpu;
  viewport: { width: number; height: number };
  goalFps: number;
  runs: FpsRun[];
  uiBuild: 'fresh' | 'rebuilt';
}

/** Counts animation frames in the page for `durationMs`; resolves with their start times (page clock, ms). */
function countFrames(page: Page, durationMs: number): Promise<number[]> {
  return page.evaluate(
    (ms) =>
      new Promise<number[]>((resolve) => {
        const starts: number[] = [];
        const first = performance.now();
        const tick = (now: number) => {
          starts.push(now);
          if (now - first < ms) requestAnimationFrame(tick);
          else resolve(starts);
        };
        requestAnimationFrame(tick);
      }),
    durationMs,
  );
}

/** Traces the page for `run`'s duration and sums each thread's CPU time (trace thread time) per frame. */
async function traceFrameCpu(cdp: CDPSession, rate: number, run: () => Promise<void>): Promise<FrameCpu> {
  const events: { ph: string; name: string; pid: number; tid: number; tdur?: number; args?: { name?: string } }[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as typeof events)));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,cc', transferMode: 'ReportEvents' });
  await run();
  await cdp.send('Tracing.end');
  await complete;
  const threads = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? '']));
  const cpuMs = (thread: string, name: string) =>
    events.filter((e) => e.ph === 'X' && e.name === name && threads.get(`${e.pid}:${e.tid}`) === thread).reduce((sum, e) => sum + (e.tdur ?? 0) / 1000, 0);
  const frames = Math.max(1, events.filter((e) => e.ph === 'X' && e.name === 'ProxyMain::BeginMainFrame').length);
  return {
    cpuThrottlingRate: rate,
    frames,
    mainThreadMs: round3(cpuMs('CrRendererMain', 'ThreadControllerImpl::RunTask') / frames),
    animationFrameMs: round3(cpuMs('CrRendererMain', 'FireAnimationFrame') / frames),
    updateLayersMs: round3(cpuMs('CrRendererMain', 'LayerTreeHost::DoUpdateLayers') / frames),
    compositorThreadMs: round3(cpuMs('Compositor', 'ThreadControllerImpl::RunTask') / frames),
  };
}

async function ensureUiBuild(): Promise<'fresh' | 'rebuilt'> {
  const configFile = join(repoRoot, 'vite.config.ts');
  if (!(await isUiBuildStale(join(repoRoot, 'dist', 'ui'), [join(repoRoot, 'ui'), configFile]))) return 'fresh';
  await buildUi(configFile);
  return 'rebuilt';
}

async function runUiFpsBench(seconds: number, rates: readonly number[]): Promise<UiFpsResult> {
  const uiBuild = await ensureUiBuild();
  const snapshot = syntheticSnapshot(DESK);
  const desk = new FramePumpConsole(snapshot);
  const bridge = await startTestBridge({ console: desk, evaluateEveryMs: EVALUATE_EVERY_MS });
  const browser = await launchBrowser();
  // Meter frames computed up front (nothing heavy in the paced loop), replayed round and round.
  const frames = syntheticFrames(snapshot, 1, 0, 200, 0);
  let sent = 0;
  const pump = (ticks: number) =>
    pacedLoop(FRAME_INTERVAL_MS, ticks, () => {
      desk.emit({ ...frames[sent % frames.length]!, atMs: Date.now() });
      sent++;
    });
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    // tsx compiles with esbuild's keepNames, which wraps named functions in __name(): give the page one.
    await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    await page.goto(bridge.url);
    await page.locator(`[data-testid="strip-${DESK.channels}"]`).waitFor();
    await page.locator('[data-testid="connection-state"][data-state="ready"]').waitFor();
    const runs: FpsRun[] = [];
    for (const rate of rates) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await pump(WARM_UP_MS / FRAME_INTERVAL_MS);
      const before = sent;
      const [starts] = await Promise.all([countFrames(page, seconds * 1000), pump((seconds * 1000) / FRAME_INTERVAL_MS)]);
      const intervals = starts.slice(1).map((start, i) => start - starts[i]!);
      const measuredMs = starts.at(-1)! - starts[0]!;
      runs.push({
        cpuThrottlingRate: rate,
        fps: round3(((starts.length - 1) * 1000) / measuredMs),
        medianFps: round3(1000 / summarise(intervals).p50),
        frames: starts.length - 1,
        measuredMs: round3(measuredMs),
        frameIntervalMs: roundSummary(summarise(intervals)),
        longFrames: intervals.filter((ms) => ms > 33.4).length,
        meterFramesSent: sent - before,
      });
    }
    const traceRate = rates[0] ?? 1;
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: traceRate });
    const frameCpu = await traceFrameCpu(cdp, traceRate, async () => {
      await pump(TRACE_MS / FRAME_INTERVAL_MS);
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    if (browser.pageErrors.length > 0) throw new Error(`the tablet page failed: ${browser.pageErrors.join('; ')}`);
    return { desk: describeSize(DESK), frameCpu, viewport: page.viewportSize() ?? { width: 0, height: 0 }, goalFps: GOAL_FPS, runs, uiBuild };
  } finally {
    await browser.close();
    await bridge.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, rates: { type: 'string', default: '4,1' } } });
  const seconds = Number(values.seconds);
  const rates = values.rates.split(',').map(Number);
  if (!(seconds > 0) || rates.some((rate) => !(rate >= 1))) throw new Error('--seconds must be > 0 and --rates a list of numbers >= 1');
  const file = await runSection('ui-fps', describeMachine(), () => runUiFpsBench(seconds, rates));
  const runs = file.results.runs
    .map((run) => `${run.fps.toFixed(1)} fps (median frame ${run.medianFps.toFixed(1)} fps) at ${run.cpuThrottlingRate}x CPU throttling (frame p50 ${run.frameIntervalMs.p50.toFixed(1)} ms, p99 ${run.frameIntervalMs.p99.toFixed(1)} ms, ${run.longFrames} long)`)
    .join('; ');
  process.stdout.write(
    `ui-fps: overview with ${file.results.desk}, ${file.results.viewport.width}x${file.results.viewport.height}: ${runs}; goal ${GOAL_FPS} fps; ` +
      `page CPU per frame at ${file.results.frameCpu.cpuThrottlingRate}x: main thread ${file.results.frameCpu.mainThreadMs.toFixed(2)} ms ` +
      `(animation frame ${file.results.frameCpu.animationFrameMs.toFixed(2)}, layer update ${file.results.frameCpu.updateLayersMs.toFixed(2)}), ` +
      `compositor ${file.results.frameCpu.compositorThreadMs.toFixed(2)} ms; ${file.machine.cores} cores, load ${file.loadAverage.before} -> ${file.loadAverage.after}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`ui-fps: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
