/**
 * Section `wifi`: what each tablet costs on venue Wi-Fi, and how much later than the desk's packet its
 * meters arrive compared with a bare relay.
 * - Traffic: bytes per second per tablet by message type (payload plus WebSocket frame header; TCP/IP
 *   headers not counted), tablets on the overview. (a) the fake X32 (32 channels, real UDP) idle while its
 *   meters stream (a band playing: levels jitter every frame), (b) the same while channel 1's fader is
 *   ridden at the desk 20 times a second, (c) a 144-channel desk (the tiled band in a bridge process).
 * - Latency: the tap sends each timestamped meter packet to the X32 adapter and, in the same turn, to a
 *   bare UDP -> WebSocket relay in its own process (relay-process.ts); the same number of tablets read
 *   each. The ratio is bridge p50 / relay p50.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { MeterView } from '../server/hub/protocol';
import { BenchTablet } from './bench-tablet';
import { BenchChild } from './child-link';
import type { DeskLink } from './desk-link';
import { pacedLoop } from './paced-loop';
import type { RelayReady } from './relay-process';
import { round3, roundSummary, summarise, type SampleSummary } from './sample-summary';
import type { SyntheticBridgeConfig, SyntheticBridgeReady } from './synthetic-bridge-process';
import { DESK_SIZES, describeSize, FRAME_INTERVAL_MS } from './synthetic-desk';
import { SEQUENCE_MODULO, sequenceFromPacket } from './x32-markers';

export interface WifiTraffic {
  scenario: string;
  desk: string;
  tablets: number;
  seconds: number;
  /** Mean over the tablets, kB/s (1 kB = 1000 bytes), by message type and in all. */
  perTabletKBps: Record<string, number>;
  totalKBps: { mean: number; max: number };
}

export interface WifiLatency {
  tablets: number;
  packets: number;
  bridgeMs: SampleSummary;
  relayMs: SampleSummary;
  /** Bridge p50 / relay p50. */
  ratioP50: number;
  ratioP99: number;
}

export interface WifiResult {
  traffic: WifiTraffic[];
  latency: WifiLatency[];
}

export interface WifiOptions {
  trafficSeconds: number;
  latencySeconds: number;
  tabletCounts: readonly number[];
}

export const WIFI_DEFAULTS: WifiOptions = { trafficSeconds: 10, latencySeconds: 10, tabletCounts: [1, 16] };

const OVERVIEW: MeterView = { kind: 'overview' };
const RELAY_SCRIPT = fileURLToPath(new URL('./relay-process.ts', import.meta.url));
const SYNTHETIC_SCRIPT = fileURLToPath(new URL('./synthetic-bridge-process.ts', import.meta.url));
/** Time for the welcome messages before counting starts, ms. */
const SETTLE_MS = 3000;
/**
 * A desk that has been playing for a while, not one whose engine is still finding its first suggestions:
 * the statistics window (8 s) fills before the first tablet connects, ms.
 */
const WARM_UP_MS = 10_000;

/** Channel 1's fader positions for the ride: -10 dB to 0 dB and back, a new grid step every change. */
function faderPosition(tick: number): number {
  const phase = (tick % 40) / 40;
  return 0.5 + 0.25 * (phase < 0.5 ? phase * 2 : 2 - phase * 2);
}

async function measureTraffic(
  wsUrl: string,
  scenario: string,
  desk: string,
  tablets: number,
  seconds: number,
  during: (ticks: number) => Promise<void>,
): Promise<WifiTraffic> {
  const connected: BenchTablet[] = [];
  try {
    for (let i = 0; i < tablets; i++) connected.push(await BenchTablet.connect(wsUrl, OVERVIEW));
    await sleep(SETTLE_MS);
    for (const tablet of connected) tablet.resetTraffic();
    const startMs = performance.now();
    await during(Math.round((seconds * 1000) / FRAME_INTERVAL_MS));
    const elapsedSeconds = (performance.now() - startMs) / 1000;
    const byType: Record<string, number> = {};
    const totals: number[] = [];
    for (const tablet of connected) {
      let total = 0;
      for (const [type, count] of tablet.traffic()) {
        byType[type] = (byType[type] ?? 0) + count.bytes;
        total += count.bytes;
      }
      totals.push(total / elapsedSeconds / 1000);
    }
    const perTabletKBps: Record<string, number> = {};
    for (const [type, bytes] of Object.entries(byType)) perTabletKBps[type] = round3(bytes / tablets / elapsedSeconds / 1000);
    return {
      scenario,
      desk,
      tablets,
      seconds: round3(elapsedSeconds),
      perTabletKBps,
      totalKBps: { mean: round3(totals.reduce((a, b) => a + b, 0) / tablets), max: round3(Math.max(...totals)) },
    };
  } finally {
    await Promise.all(connected.map((tablet) => tablet.close()));
    await sleep(300);
  }
}

/** A client of the bare relay: notes when each packet's sequence number arrives. */
function relayClient(url: string): Promise<{ arrivals: { seq: number; atMs: number }[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const arrivals: { seq: number; atMs: number }[] = [];
    socket.on('message', (data: Buffer) => {
      const atMs = performance.now();
      const seq = sequenceFromPacket(new Uint8Array(data));
      if (seq !== null) arrivals.push({ seq, atMs });
    });
    socket.once('open', () => resolve({ arrivals, close: () => socket.terminate() }));
    socket.once('error', reject);
  });
}

async function measureLatency(link: DeskLink, relay: BenchChild<RelayReady>, tablets: number, seconds: number): Promise<WifiLatency> {
  const ticks = Math.round((seconds * 1000) / FRAME_INTERVAL_MS);
  if (ticks >= SEQUENCE_MODULO) throw new RangeError(`${ticks} packets: sequence numbers wrap at ${SEQUENCE_MODULO}`);
  const bridgeTablets: BenchTablet[] = [];
  const relayClients: Awaited<ReturnType<typeof relayClient>>[] = [];
  try {
    for (let i = 0; i < tablets; i++) {
      bridgeTablets.push(await BenchTablet.connect(link.wsUrl, OVERVIEW));
      relayClients.push(await relayClient(`ws://127.0.0.1:${relay.ready.wsPort}`));
    }
    link.tap.mirrorTo(relay.ready.udpPort);
    await sleep(1000);
    const startMs = performance.now();
    const sent = new Set<number>();
    await pacedLoop(FRAME_INTERVAL_MS, ticks, () => {
      sent.add(link.sendMeters(null));
    });
    await sleep(300);
    const latencies = (arrivals: readonly { seq: number; atMs: number }[]): number[] =>
      arrivals.flatMap((arrival) => {
        const sentAtMs = link.sentAtMs(arrival.seq);
        return arrival.atMs >= startMs && sentAtMs !== undefined && sent.has(arrival.seq) ? [arrival.atMs - sentAtMs] : [];
      });
    const bridgeMs = roundSummary(summarise(bridgeTablets.flatMap((tablet) => latencies(tablet.arrivals))));
    const relayMs = roundSummary(summarise(relayClients.flatMap((client) => latencies(client.arrivals))));
    return { tablets, packets: ticks, bridgeMs, relayMs, ratioP50: round3(bridgeMs.p50 / relayMs.p50), ratioP99: round3(bridgeMs.p99 / relayMs.p99) };
  } finally {
    link.tap.mirrorTo(null);
    relayClients.forEach((client) => client.close());
    await Promise.all(bridgeTablets.map((tablet) => tablet.close()));
    await sleep(300);
  }
}

export async function runWifiBench(link: DeskLink, options: WifiOptions, log: (line: string) => void): Promise<WifiResult> {
  const traffic: WifiTraffic[] = [];
  const latency: WifiLatency[] = [];
  const x32 = 'X32 fake, 32 ch + 16 bus + 6 mtx';
  link.tap.passDeskMeters(true);
  try {
    log('wifi: the X32 band plays for 10 s before the first tablet connects');
    await sleep(WARM_UP_MS);
    for (const tablets of options.tabletCounts) {
      log(`wifi: (a) idle desk, band playing, ${tablets} tablet(s)`);
      traffic.push(await measureTraffic(link.wsUrl, 'idle desk, band playing', x32, tablets, options.trafficSeconds, (ticks) => sleep(ticks * FRAME_INTERVAL_MS)));
      log(`wifi: (b) one fader ridden at 20 Hz, ${tablets} tablet(s)`);
      traffic.push(await measureTraffic(link.wsUrl, 'one fader ridden at 20 Hz', x32, tablets, options.trafficSeconds, (ticks) =>
        pacedLoop(FRAME_INTERVAL_MS, ticks, (tick) => link.fake.setFromDesk('/ch/01/mix/fader', faderPosition(tick)))));
    }
  } finally {
    link.tap.passDeskMeters(false);
  }
  const size = DESK_SIZES[2]!;
  const big = await BenchChild.start<SyntheticBridgeReady>(SYNTHETIC_SCRIPT, { size } satisfies SyntheticBridgeConfig, 60_000);
  try {
    await sleep(WARM_UP_MS);
    for (const tablets of options.tabletCounts) {
      log(`wifi: (c) ${size.channels}-channel desk, ${tablets} tablet(s)`);
      traffic.push(await measureTraffic(`ws://127.0.0.1:${big.ready.port}/ws`, 'band playing', describeSize(size), tablets, options.trafficSeconds, (ticks) => sleep(ticks * FRAME_INTERVAL_MS)));
    }
  } finally {
    await big.stop();
  }
  const relay = await BenchChild.start<RelayReady>(RELAY_SCRIPT, {}, 30_000);
  try {
    for (const tablets of options.tabletCounts) {
      log(`wifi: latency beside the bare relay, ${tablets} tablet(s)`);
      latency.push(await measureLatency(link, relay, tablets, options.latencySeconds));
    }
  } finally {
    await relay.stop();
  }
  return { traffic, latency };
}
