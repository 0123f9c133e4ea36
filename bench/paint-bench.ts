/**
 * Section 2, second half: meter packet -> bridge -> Chromium -> a painted meter bar. The tablet UI runs
 * unchanged in headless Debian Chromium; page-probe.ts notes when a frame with a loud channel arrives and
 * when that channel's meter first shows the loud bar. Every third packet period a new channel (1..16 in
 * turn) turns loud for two packets, so each channel's bar has 2.4 s to fall back before its next turn.
 * The page's clock and the bench's are both epoch-based; their offset is measured by round trips.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { isUiBuildStale, buildUi } from '../server/ui-build';
import { launchBrowser, type TestBrowser } from '../test/e2e/browser';
import { repoRoot } from '../test/support/test-bridge';
import type { DeskLink } from './desk-link';
import { installPaintProbe, type PaintProbeResults } from './page-probe';
import { pacedLoop } from './paced-loop';
import { roundSummary, round3, summarise, type SampleSummary } from './sample-summary';
import { FRAME_INTERVAL_MS } from './synthetic-desk';
import { SEQUENCE_MODULO } from './x32-markers';

export interface PaintBenchOptions {
  seconds: number;
  /** Channels taking turns to go loud. */
  channels: number;
}

export const PAINT_BENCH_DEFAULTS: PaintBenchOptions = { seconds: 20, channels: 16 };

/** A second of ordinary frames before the first trial, so the meters are live (not stale). */
const WARM_UP_PACKETS = 20;

export interface PaintResult {
  trials: number;
  /** Trials whose loud bar was found painted. */
  painted: number;
  /** Trials whose loud frame never reached the page (replaced by a newer frame on the way). */
  neverArrived: number;
  /** Trials the probe could not judge (bar already tall when the frame came) or that never showed. */
  unjudged: number;
  /** First packet of the loud level sent -> the page's WebSocket message. */
  packetToPageMs: SampleSummary;
  /** -> end of the animation-frame callback after which the canvas holds the loud bar. */
  packetToPaintMs: SampleSummary;
  /** -> start of the next animation frame: by then the compositor has the painted canvas. */
  packetToNextFrameMs: SampleSummary;
  /** Time between animation frames in the page. */
  frameIntervalMs: SampleSummary;
  /** Page clock minus bench clock (already subtracted above), and half the best round trip that measured it. */
  clockOffsetMs: number;
  clockUncertaintyMs: number;
  uiBuild: 'fresh' | 'rebuilt';
}

interface Trial {
  channel: number;
  sentMs: number;
  seqs: number[];
}

/** Builds the UI when dist/ui is missing or older than ui/, as the browser tests do. */
async function ensureUiBuild(): Promise<'fresh' | 'rebuilt'> {
  const configFile = join(repoRoot, 'vite.config.ts');
  if (!(await isUiBuildStale(join(repoRoot, 'dist', 'ui'), [join(repoRoot, 'ui'), configFile]))) return 'fresh';
  await buildUi(configFile);
  return 'rebuilt';
}

/** @throws RangeError when the run would send more packets than sequence numbers can tell apart. */
export async function runPaintBench(link: DeskLink, options: PaintBenchOptions): Promise<PaintResult> {
  const ticks = Math.round((options.seconds * 1000) / FRAME_INTERVAL_MS);
  if (ticks + WARM_UP_PACKETS >= SEQUENCE_MODULO) throw new RangeError(`${ticks} packets: sequence numbers wrap at ${SEQUENCE_MODULO}`);
  const uiBuild = await ensureUiBuild();
  const browser: TestBrowser = await launchBrowser();
  try {
    const page = await browser.newPage();
    // tsx compiles with esbuild's keepNames, which wraps named functions in __name(): give the page one.
    await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    await page.addInitScript(installPaintProbe);
    await page.goto(link.httpUrl);
    await page.locator(`[data-testid="meter-${options.channels}"]`).waitFor();
    await pacedLoop(FRAME_INTERVAL_MS, WARM_UP_PACKETS, () => void link.sendMeters(null));
    const offsetBefore = await clockOffset(() => page.evaluate(() => performance.timeOrigin + performance.now()));

    const trials: Trial[] = [];
    await pacedLoop(FRAME_INTERVAL_MS, ticks, (tick) => {
      const phase = tick % 3;
      const channel = (Math.floor(tick / 3) % options.channels) + 1;
      const sentMs = performance.timeOrigin + performance.now();
      const seq = link.sendMeters(phase === 2 ? null : channel);
      if (phase === 0) trials.push({ channel, sentMs, seqs: [seq] });
      else if (phase === 1) trials.at(-1)?.seqs.push(seq);
    });
    await sleep(2500);
    const offsetAfter = await clockOffset(() => page.evaluate(() => performance.timeOrigin + performance.now()));
    const probe = await page.evaluate(() => (window as unknown as { __paintProbe: PaintProbeResults }).__paintProbe);
    if (browser.pageErrors.length > 0) throw new Error(`the tablet page failed: ${browser.pageErrors.join('; ')}`);

    const best = offsetBefore.uncertaintyMs <= offsetAfter.uncertaintyMs ? offsetBefore : offsetAfter;
    const toBench = (pageMs: number) => pageMs - best.offsetMs;
    const toPage: number[] = [];
    const toPaint: number[] = [];
    const toNextFrame: number[] = [];
    let neverArrived = 0;
    let unjudged = 0;
    const frameStarts = probe.frameStarts.map(toBench);
    for (const trial of trials) {
      const record = probe.records.find((r) => r.channel === trial.channel && trial.seqs.includes(r.seq));
      if (!record) {
        neverArrived++;
        continue;
      }
      if (!record.armed || record.paintedMs === null) {
        unjudged++;
        continue;
      }
      const paintedMs = toBench(record.paintedMs);
      toPage.push(toBench(record.arrivalMs) - trial.sentMs);
      toPaint.push(paintedMs - trial.sentMs);
      const nextFrame = frameStarts.find((start) => start > paintedMs);
      if (nextFrame !== undefined) toNextFrame.push(nextFrame - trial.sentMs);
    }
    const intervals = frameStarts.slice(1).map((start, i) => start - frameStarts[i]!);
    return {
      trials: trials.length,
      painted: toPaint.length,
      neverArrived,
      unjudged,
      packetToPageMs: roundSummary(summarise(toPage)),
      packetToPaintMs: roundSummary(summarise(toPaint)),
      packetToNextFrameMs: roundSummary(summarise(toNextFrame)),
      frameIntervalMs: roundSummary(summarise(intervals)),
      clockOffsetMs: round3(best.offsetMs),
      clockUncertaintyMs: round3(best.uncertaintyMs),
      uiBuild,
    };
  } finally {
    await browser.close();
  }
}

/** Page clock minus bench clock, from the round trip with the smallest spread out of 15. */
async function clockOffset(readPage: () => Promise<number>): Promise<{ offsetMs: number; uncertaintyMs: number }> {
  let best = { offsetMs: 0, uncertaintyMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 15; i++) {
    const before = performance.timeOrigin + performance.now();
    const pageMs = await readPage();
    const after = performance.timeOrigin + performance.now();
    const uncertaintyMs = (after - before) / 2;
    if (uncertaintyMs < best.uncertaintyMs) best = { offsetMs: pageMs - (before + after) / 2, uncertaintyMs };
  }
  return best;
}
