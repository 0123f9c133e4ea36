/**
 * Yamaha RCP adapter costs (section "yamaha"): CPU time to split and parse RCP lines (a 120-channel DM7 meter
 * line, and a NOTIFY fader line), and a full sync against the fake Yamaha over loopback per family with the
 * adapter's default timing (one get per name and parameter, 8 in flight), as wall and process CPU time.
 */
import { createYamahaConsole } from '../server/consoles/yamaha/yamaha-console';
import { RcpLineSplitter } from '../server/consoles/yamaha/rcp-line-codec';
import { startFakeYamaha, type FakeFamily } from '../test/fakes/fake-yamaha';
import { cpuMsSince } from './cpu-clock';
import { summarise, type SampleSummary } from './sample-summary';

export interface YamahaBenchResult {
  /** CPU µs per line, per batch. */
  meterLineUs: SampleSummary;
  notifyLineUs: SampleSummary;
  batch: number;
  syncs: { family: FakeFamily; gets: number; wallMs: SampleSummary; cpuMs: SampleSummary }[];
}

const METER_LINE = Buffer.from(`NOTIFY mtr MIXER:Current/InCh/PreHPF mtr ${Array.from({ length: 120 }, (_, i) => (60 + (i % 60)).toString(16)).join(' ')}\n`);
const NOTIFY_LINE = Buffer.from('NOTIFY set MIXER:Current/InCh/Fader/Level 12 0 -1250\n');

function cpuUsPerLine(chunk: Buffer, batches: number, batch: number): SampleSummary {
  const splitter = new RcpLineSplitter();
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const before = process.cpuUsage();
    for (let i = 0; i < batch; i++) {
      const [parsed] = splitter.feed(chunk);
      if (parsed?.kind !== 'message') throw new Error('bench line did not parse');
    }
    samples.push((cpuMsSince(before) * 1000) / batch);
  }
  return summarise(samples);
}

export async function runYamahaBench(options: { batches: number; batch: number; syncs: number }): Promise<YamahaBenchResult> {
  const syncs: YamahaBenchResult['syncs'] = [];
  for (const family of ['tf', 'cl', 'dm7', 'rivage'] as const) {
    const wallMs: number[] = [];
    const cpuMs: number[] = [];
    let gets = 0;
    for (let run = 0; run < options.syncs; run++) {
      const fake = await startFakeYamaha({ family });
      const controller = new AbortController();
      const desk = await createYamahaConsole({ map: family, host: '127.0.0.1', port: fake.port });
      const ready = new Promise<void>((resolve) => desk.onState((state) => state === 'ready' && resolve()));
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      await desk.start(controller.signal);
      await ready;
      wallMs.push(performance.now() - start);
      cpuMs.push(cpuMsSince(cpuBefore));
      gets = fake.received.filter((line) => line.startsWith('get ')).length;
      controller.abort();
      await fake.stop();
    }
    syncs.push({ family, gets, wallMs: summarise(wallMs), cpuMs: summarise(cpuMs) });
  }
  return {
    meterLineUs: cpuUsPerLine(METER_LINE, options.batches, options.batch),
    notifyLineUs: cpuUsPerLine(NOTIFY_LINE, options.batches, options.batch),
    batch: options.batch,
    syncs,
  };
}

export function renderYamahaBench(result: YamahaBenchResult, loadNote: string): string {
  const row = (label: string, s: SampleSummary, digits: number): string => `| ${label} | ${s.p50.toFixed(digits)} | ${s.p99.toFixed(digits)} | ${s.max.toFixed(digits)} |`;
  return [
    `### Yamaha RCP adapter (${loadNote})`,
    '',
    '| measure | p50 | p99 | max |',
    '| --- | --- | --- | --- |',
    row('120-channel meter line -> codes, CPU µs', result.meterLineUs, 2),
    row('NOTIFY fader line -> value, CPU µs', result.notifyLineUs, 2),
    ...result.syncs.flatMap((s) => [
      row(`${s.family}: full sync against the fake (${s.gets} gets), wall ms`, s.wallMs, 0),
      row(`${s.family}: same sync, CPU ms (bridge and fake share the process)`, s.cpuMs, 0),
    ]),
  ].join('\n');
}
