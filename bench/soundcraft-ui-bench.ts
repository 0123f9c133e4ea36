/**
 * Soundcraft Ui adapter costs (section "soundcraft-ui"): CPU time to turn one Ui24R VU text frame
 * (`3:::VU2^` + 408 base64 characters: 24 inputs, 10 aux, 4 FX, master) into a meter frame, measured with
 * process.cpuUsage so a busy machine's waiting is not counted; and start to ready against the fake Ui24R
 * over loopback (two WebSockets, the whole state dump, the default 500 ms quiet is not waited for because
 * every modelled value arrives).
 */
import { createUiConsole } from '../server/consoles/soundcraft-ui/ui-console';
import { UI_LAYOUTS } from '../server/consoles/soundcraft-ui/ui-keys';
import { uiMeterFrame } from '../server/consoles/soundcraft-ui/ui-meter-frame';
import { parseUiFrame } from '../server/consoles/soundcraft-ui/ui-message';
import { decodeUiVu } from '../server/consoles/soundcraft-ui/ui-vu-frame';
import { startFakeUi } from '../test/fakes/fake-soundcraft-ui';
import { summarise, type SampleSummary } from './sample-summary';

export interface UiBenchResult {
  /** CPU microseconds (user + system) per VU frame, per batch of `batch` frames. */
  frameCpuUs: SampleSummary;
  batch: number;
  /** Start to ready against the fake, per run (wall clock). */
  syncMs: SampleSummary;
  framesPerSync: number;
}

/** A Ui24R VU frame in the layout of soundcraft-ui-connection's vu.utils.ts. */
function ui24VuText(): string {
  const bytes = [24, 2, 6, 4, 10, 2, 2, 0];
  for (let i = 0; i < 24; i++) bytes.push(150 + i, 148 + i, 140 + i, 0, 0, 0xf7);
  for (let i = 0; i < 2; i++) bytes.push(0, 0, 0, 0, 0, 0xf7);
  for (let i = 0; i < 10; i++) bytes.push(0, 0, 0, 0, 0, 0, 0xf7);
  for (let i = 0; i < 10; i++) bytes.push(120, 119, 0, 0, 0xf7);
  bytes.push(200, 190, 0, 0, 0xf7, 201, 191, 0, 0, 0xf7);
  for (let i = 0; i < 2; i++) bytes.push(0, 0, 0, 0, 0, 0xf7);
  return `3:::VU2^${Buffer.from(bytes).toString('base64')}`;
}

export async function runUiBench(options: { batches: number; batch: number; syncs: number }): Promise<UiBenchResult> {
  const text = ui24VuText();
  const frameCpuUs: number[] = [];
  for (let b = 0; b < options.batches; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < options.batch; i++) {
      const [line] = parseUiFrame(text).lines;
      const vu = line?.kind === 'vu' ? decodeUiVu(line.base64) : null;
      if (!vu?.ok || !uiMeterFrame(vu.frame, UI_LAYOUTS.ui24, i).ok) throw new Error('bench VU frame did not decode');
    }
    const used = process.cpuUsage(start);
    frameCpuUs.push((used.user + used.system) / options.batch);
  }
  const syncMs: number[] = [];
  let framesPerSync = 0;
  for (let run = 0; run < options.syncs; run++) {
    const fake = await startFakeUi({ model: 'ui24', seed: run + 1 });
    const controller = new AbortController();
    const desk = createUiConsole({ host: '127.0.0.1', port: fake.port });
    const ready = new Promise<void>((resolve) => desk.onState((state) => state === 'ready' && resolve()));
    const start = performance.now();
    await desk.start(controller.signal);
    await ready;
    syncMs.push(performance.now() - start);
    framesPerSync = desk.counters().packetsIn;
    controller.abort();
    await fake.stop();
  }
  return { frameCpuUs: summarise(frameCpuUs), batch: options.batch, syncMs: summarise(syncMs), framesPerSync };
}

export function renderUiBench(result: UiBenchResult, loadNote: string): string {
  const { frameCpuUs, syncMs } = result;
  return [
    `### Soundcraft Ui adapter (${loadNote})`,
    '',
    '| measure | p50 | p99 | max |',
    '| --- | --- | --- | --- |',
    `| VU text frame -> meter frame (Ui24R), CPU µs | ${frameCpuUs.p50.toFixed(1)} | ${frameCpuUs.p99.toFixed(1)} | ${frameCpuUs.max.toFixed(1)} |`,
    `| start to ready against the fake Ui24R (about ${result.framesPerSync} frames in), ms | ${syncMs.p50.toFixed(0)} | ${syncMs.p99.toFixed(0)} | ${syncMs.max.toFixed(0)} |`,
  ].join('\n');
}
