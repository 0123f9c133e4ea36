/**
 * WING adapter costs (section "wing"): decoding one meter datagram into a frame (40 channels, 16 buses,
 * 4 mains, 8 matrices: 748 int16 values), and a full sync against the fake WING over loopback with the
 * adapter's default timing (every value read once: 3216 OSC reads, 16 in flight).
 */
import { createWingConsole } from '../server/consoles/wing/wing-console';
import { decodeMeterPacket } from '../server/consoles/wing/native-meters';
import { WING_METER_VALUES, wingMeterFrame } from '../server/consoles/wing/wing-meter-frame';
import { startFakeWing } from '../test/fakes/fake-wing';
import { summarise, type SampleSummary } from './sample-summary';

export interface WingBenchResult {
  /** Microseconds to decode one datagram and build its frame, per batch of `batch` datagrams. */
  decodeUs: SampleSummary;
  batch: number;
  /** Start to ready against the fake, per run. */
  syncMs: SampleSummary;
  readsPerSync: number;
}

function meterDatagram(): Uint8Array {
  const bytes = Buffer.alloc(4 + WING_METER_VALUES * 2);
  bytes.writeUInt32BE(0x57494e47, 0);
  for (let i = 0; i < WING_METER_VALUES; i++) bytes.writeInt16BE(-20 * 256 + (i % 97), 4 + i * 2);
  return bytes;
}

export async function runWingBench(options: { batches: number; batch: number; syncs: number }): Promise<WingBenchResult> {
  const datagram = meterDatagram();
  const decodeUs: number[] = [];
  for (let b = 0; b < options.batches; b++) {
    const start = performance.now();
    for (let i = 0; i < options.batch; i++) {
      const decoded = decodeMeterPacket(datagram);
      if (!decoded.ok || wingMeterFrame(decoded.valuesDb, i) === null) throw new Error('bench datagram did not decode');
    }
    decodeUs.push(((performance.now() - start) * 1000) / options.batch);
  }
  const syncMs: number[] = [];
  let readsPerSync = 0;
  for (let run = 0; run < options.syncs; run++) {
    const fake = await startFakeWing({ seed: run + 1 });
    const controller = new AbortController();
    const desk = createWingConsole({ host: '127.0.0.1', port: fake.port, nativePort: fake.nativePort });
    const ready = new Promise<void>((resolve) => desk.onState((state) => state === 'ready' && resolve()));
    const start = performance.now();
    await desk.start(controller.signal);
    await ready;
    syncMs.push(performance.now() - start);
    readsPerSync = desk.counters().packetsOut;
    controller.abort();
    await fake.stop();
  }
  return { decodeUs: summarise(decodeUs), batch: options.batch, syncMs: summarise(syncMs), readsPerSync };
}

export function renderWingBench(result: WingBenchResult, loadNote: string): string {
  const { decodeUs, syncMs } = result;
  return [
    `### WING adapter (${loadNote})`,
    '',
    '| measure | p50 | p99 | max |',
    '| --- | --- | --- | --- |',
    `| meter datagram -> frame (748 values), µs | ${decodeUs.p50.toFixed(1)} | ${decodeUs.p99.toFixed(1)} | ${decodeUs.max.toFixed(1)} |`,
    `| full sync against the fake (${result.readsPerSync} packets out), ms | ${syncMs.p50.toFixed(0)} | ${syncMs.p99.toFixed(0)} | ${syncMs.max.toFixed(0)} |`,
  ].join('\n');
}
