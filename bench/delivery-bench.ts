/**
 * Sections 2 and 3: meter packet -> X32 adapter -> bridge -> WebSocket tablet, on loopback. The tap sends
 * a packet every 50 ms (the X32's meter rate); each tablet notes when the frame carrying that packet's
 * sequence number arrives. Scenarios: 1, 4 and 16 tablets; 16 with one more that stops reading; the same
 * while someone rides a fader at the desk (every desk change makes the bridge broadcast a fresh ~50 KB
 * snapshot, up to ten a second, to every tablet, the frozen one included).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchTablet } from './bench-tablet';
import type { ProcessSample } from './child-link';
import type { DeskLink } from './desk-link';
import { pacedLoop } from './paced-loop';
import { roundSummary, round3, summarise, type SampleSummary } from './sample-summary';
import { FRAME_INTERVAL_MS } from './synthetic-desk';
import { SEQUENCE_MODULO } from './x32-markers';

export interface Scenario {
  name: string;
  tablets: number;
  /** Extra tablets that stop reading as the run starts. */
  stalled: number;
  /** Someone moves channel 1's fader at the desk all through the run (20 changes a second). */
  faderRide: boolean;
  seconds: number;
  /** Time between meter packets, ms (50 = the X32's rate). */
  packetIntervalMs: number;
}

export interface BridgeMemory {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

export interface ScenarioResult extends Scenario {
  packetsSent: number;
  /** Packet sent -> frame arrived, over every reading tablet and every frame. */
  latencyMs: SampleSummary;
  /** Per reading tablet: frames received / packets sent, %, lowest and mean. */
  deliveredPct: { min: number; mean: number };
  /** The bridge process after a full GC, before and after the run. */
  bridgeBefore: BridgeMemory;
  bridgeAfter: BridgeMemory;
  /** The bridge's CPU over the run, % of one core. */
  bridgeCpuPct: number;
  /** Largest TCP buffer the bridge held for one tablet, sampled every second, KB (the frozen tablet's). */
  largestSocketBufferKb: number[];
  /** Tablets the bridge still had at the end of the run (fewer than connected: it dropped the frozen one). */
  tabletsAtEnd: number;
}

export const DELIVERY_SCENARIOS: readonly Scenario[] = [
  { name: '1 tablet, 10 packets/s', tablets: 1, stalled: 0, faderRide: false, seconds: 20, packetIntervalMs: 100 },
  { name: '1 tablet', tablets: 1, stalled: 0, faderRide: false, seconds: 10, packetIntervalMs: FRAME_INTERVAL_MS },
  { name: '4 tablets', tablets: 4, stalled: 0, faderRide: false, seconds: 6, packetIntervalMs: FRAME_INTERVAL_MS },
  { name: '16 tablets', tablets: 16, stalled: 0, faderRide: false, seconds: 10, packetIntervalMs: FRAME_INTERVAL_MS },
  { name: '16 tablets + 1 stalled', tablets: 16, stalled: 1, faderRide: false, seconds: 10, packetIntervalMs: FRAME_INTERVAL_MS },
  { name: '16 tablets, fader ride', tablets: 16, stalled: 0, faderRide: true, seconds: 8, packetIntervalMs: FRAME_INTERVAL_MS },
  { name: '16 tablets + 1 stalled, fader ride', tablets: 16, stalled: 1, faderRide: true, seconds: 15, packetIntervalMs: FRAME_INTERVAL_MS },
];

/** Channel 1's fader positions for the ride: -10 dB to 0 dB and back, a new grid step every change. */
function faderPosition(tick: number): number {
  const phase = (tick % 40) / 40;
  return 0.5 + 0.25 * (phase < 0.5 ? phase * 2 : 2 - phase * 2);
}

/** @throws RangeError when the run would send more packets than sequence numbers can tell apart. */
export async function runScenario(link: DeskLink, scenario: Scenario): Promise<ScenarioResult> {
  const ticks = Math.round((scenario.seconds * 1000) / scenario.packetIntervalMs);
  if (ticks >= SEQUENCE_MODULO) throw new RangeError(`${scenario.name}: ${ticks} packets, sequence numbers wrap at ${SEQUENCE_MODULO}`);
  const reading: BenchTablet[] = [];
  const frozen: BenchTablet[] = [];
  try {
    for (let i = 0; i < scenario.tablets; i++) reading.push(await BenchTablet.connect(link.wsUrl));
    for (let i = 0; i < scenario.stalled; i++) frozen.push(await BenchTablet.connect(link.wsUrl));
    // Let the welcome messages (hello, status, snapshot, suggestions...) arrive before measuring.
    await sleep(500);
    const before = await link.bridge.sample(true);
    for (const tablet of frozen) tablet.stall();
    const startMs = performance.now();
    const sent = new Set<number>();
    const ticksPerSample = Math.round(1000 / scenario.packetIntervalMs);
    const samples: Promise<ProcessSample>[] = [];
    await pacedLoop(scenario.packetIntervalMs, ticks, (tick) => {
      sent.add(link.sendMeters(null));
      if (scenario.faderRide) link.fake.setFromDesk('/ch/01/mix/fader', faderPosition(tick));
      if (tick % ticksPerSample === ticksPerSample - 1) samples.push(link.bridge.sample(false));
    });
    await sleep(300);
    const during = await Promise.all(samples);
    const after = await link.bridge.sample(true);
    const latencies: number[] = [];
    const delivered: number[] = [];
    for (const tablet of reading) {
      let count = 0;
      for (const arrival of tablet.arrivals) {
        const sentAtMs = link.sentAtMs(arrival.seq);
        if (arrival.atMs < startMs || sentAtMs === undefined || !sent.has(arrival.seq)) continue;
        latencies.push(arrival.atMs - sentAtMs);
        count++;
      }
      delivered.push((count / ticks) * 100);
    }
    return {
      ...scenario,
      packetsSent: ticks,
      latencyMs: roundSummary(summarise(latencies)),
      deliveredPct: {
        min: round3(Math.min(...delivered)),
        mean: round3(delivered.reduce((sum, pct) => sum + pct, 0) / delivered.length),
      },
      bridgeBefore: memoryOf(before),
      bridgeAfter: memoryOf(after),
      bridgeCpuPct: round3(((after.cpuMs - before.cpuMs) / (after.atMs - before.atMs)) * 100),
      largestSocketBufferKb: during.map((sample) => round3((sample.socketBufferedBytes[0] ?? 0) / 1024)),
      tabletsAtEnd: Number(after.detail.tablets),
    };
  } finally {
    await Promise.all([...reading, ...frozen].map((tablet) => tablet.close()));
    // The bridge notices the closes on its next turn; give it that turn before the next scenario.
    await sleep(300);
  }
}

function memoryOf(sample: ProcessSample): BridgeMemory {
  return { rssMb: sample.rssMb, heapUsedMb: sample.heapUsedMb, externalMb: sample.externalMb };
}
