/**
 * Section `wifi`: what each tablet costs on venue Wi-Fi, and how much later than the desk's packet its
 * meters arrive compared with a bare relay.
 * - Traffic: bytes per second per tablet by message type (payload plus WebSocket frame header; TCP/IP
 *   headers not counted), tablets on the overview. (a) the fake X32 (32 channels, real UDP) idle while its
 *   meters stream (a band playing: levels jitter every frame), (b) the same while channel 1's fader is
 *   ridden at the desk 20 times a second, (c) a 144-channel desk (the tiled band in a bridge process).
 * - Latency: the same timestamped meter packets, paced at the desk's rate, go from the tap either to the
 *   X32 adapter or to a bare UDP -> WebSocket relay in its own process (relay-process.ts); as many clients
 *   read the relay as tablets read the bridge. Runs alternate (bridge, relay; then relay, bridge...), so a
 *   busy spell of the shared machine lands on both, and the two never compete for a core or for the
 *   bench's event loop. Clients only note arrival times; frames are read after each run. Each round's ratio
 *   is bridge p50 / relay p50; the figure is the median of the rounds' ratios.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import type { MeterView } from '../server/hub/protocol';
import { BenchTablet, MeterStreamReader } from './bench-tablet';
import { BenchChild } from './child-link';
import type { DeskLink } from './desk-link';
import { pacedLoop } from './paced-loop';
import { RecordingClient } from './recording-client';
import type { InjectRoute } from './udp-tap';
import type { RelayReady } from './relay-process';
import { percentile, round3, roundSummary, summarise, type SampleSummary } from './sample-summary';
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
  /** Rounds measured, each one bridge run and one relay run of `packetsPerRun` packets. */
  rounds: number;
  packetsPerRun: number;
  /** Packet sent -> message at a client, over every run of that side, every client and packet. */
  bridgeMs: SampleSummary;
  relayMs: SampleSummary;
  /** Each round's bridge p50 / relay p50. */
  roundRatiosP50: number[];
  /** Median of the rounds' ratios (the figure the goal is judged on). */
  ratioP50: number;
  /** Bridge p99 / relay p99 over all runs. */
  ratioP99: number;
  /** 1-minute load average before and after these rounds. */
  loadAverage: { before: number; after: number };
}

export interface WifiResult {
  traffic: WifiTraffic[];
  latency: WifiLatency[];
}

export interface WifiOptions {
  trafficSeconds: number;
  /** Latency rounds per tablet count (after one round that warms both sides up and is not counted); odd, so the median is one round's. */
  latencyRounds: number;
  /** Length of each bridge or relay run, s. */
  latencyRunSeconds: number;
  tabletCounts: readonly number[];
}

export const WIFI_DEFAULTS: WifiOptions = { trafficSeconds: 10, latencyRounds: 11, latencyRunSeconds: 2, tabletCounts: [1, 16] };

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

/** Time after a run's last packet for its last frames to arrive, and for the bridge's other messages to settle, ms. */
const RUN_GAP_MS = 300;

type Side = 'bridge' | 'relay';

function loadAverage1m(): number {
  return Math.round(os.loadavg()[0]! * 100) / 100;
}

/** The clients of one side and how their recorded messages become (sequence, arrival) pairs. */
interface SideClients {
  clients: RecordingClient[];
  /** Reads what every client recorded since the last call; returns the meter arrivals, one list per client. */
  drain(): { seq: number; atMs: number }[][];
}

async function bridgeSide(wsUrl: string, tablets: number): Promise<SideClients> {
  const clients: RecordingClient[] = [];
  for (let i = 0; i < tablets; i++) clients.push(await RecordingClient.connect(wsUrl, JSON.stringify({ type: 'meters-view', view: OVERVIEW })));
  // One reader per tablet for the whole measurement: it keeps the layout the bridge announced.
  const readers = clients.map(() => new MeterStreamReader());
  return {
    clients,
    drain: () =>
      clients.map((client, i) => {
        const reader = readers[i]!;
        for (const message of client.received.splice(0)) reader.read(message.data, message.isBinary, message.atMs);
        return reader.arrivals.splice(0);
      }),
  };
}

async function relaySide(wsUrl: string, clientCount: number): Promise<SideClients> {
  const clients: RecordingClient[] = [];
  for (let i = 0; i < clientCount; i++) clients.push(await RecordingClient.connect(wsUrl, null));
  return {
    clients,
    drain: () =>
      clients.map((client) =>
        client.received.splice(0).flatMap((message) => {
          const seq = sequenceFromPacket(new Uint8Array(message.data));
          return seq === null ? [] : [{ seq, atMs: message.atMs }];
        })),
  };
}

/** One run: `ticks` packets at the desk's rate to one side; the latencies its clients saw, ms. */
async function latencyRun(link: DeskLink, side: SideClients, ticks: number): Promise<number[]> {
  side.drain();
  const startMs = performance.now();
  const sent = new Set<number>();
  await pacedLoop(FRAME_INTERVAL_MS, ticks, () => {
    sent.add(link.sendMeters(null));
  });
  await sleep(RUN_GAP_MS);
  return side.drain().flatMap((arrivals) =>
    arrivals.flatMap((arrival) => {
      const sentAtMs = link.sentAtMs(arrival.seq);
      return arrival.atMs >= startMs && sentAtMs !== undefined && sent.has(arrival.seq) ? [arrival.atMs - sentAtMs] : [];
    }));
}

async function measureLatency(link: DeskLink, relay: BenchChild<RelayReady>, tablets: number, options: WifiOptions): Promise<WifiLatency> {
  const ticks = Math.round((options.latencyRunSeconds * 1000) / FRAME_INTERVAL_MS);
  if (ticks >= SEQUENCE_MODULO) throw new RangeError(`${ticks} packets a run: sequence numbers wrap at ${SEQUENCE_MODULO}`);
  const loadBefore = loadAverage1m();
  const sides: Partial<Record<Side, SideClients>> = {};
  const routes: Record<Side, InjectRoute> = {
    bridge: { to: 'adapter' },
    relay: { to: 'relay', port: relay.ready.udpPort },
  };
  try {
    sides.bridge = await bridgeSide(link.wsUrl, tablets);
    sides.relay = await relaySide(`ws://127.0.0.1:${relay.ready.wsPort}`, tablets);
    await sleep(1000);
    const pooled: Record<Side, number[]> = { bridge: [], relay: [] };
    const roundRatiosP50: number[] = [];
    // Round 0 warms both processes up and is not counted; then the order alternates every round.
    for (let round = 0; round <= options.latencyRounds; round++) {
      const order: Side[] = round % 2 === 0 ? ['bridge', 'relay'] : ['relay', 'bridge'];
      const p50: Partial<Record<Side, number>> = {};
      for (const side of order) {
        link.tap.routeInjected(routes[side]);
        const latencies = await latencyRun(link, sides[side]!, ticks);
        if (round === 0) continue;
        pooled[side].push(...latencies);
        p50[side] = summarise(latencies).p50;
      }
      if (round > 0) roundRatiosP50.push(round3(p50.bridge! / p50.relay!));
    }
    const bridgeMs = roundSummary(summarise(pooled.bridge));
    const relayMs = roundSummary(summarise(pooled.relay));
    return {
      tablets,
      rounds: options.latencyRounds,
      packetsPerRun: ticks,
      bridgeMs,
      relayMs,
      roundRatiosP50,
      ratioP50: round3(percentile([...roundRatiosP50].sort((a, b) => a - b), 0.5)),
      ratioP99: round3(bridgeMs.p99 / relayMs.p99),
      loadAverage: { before: loadBefore, after: loadAverage1m() },
    };
  } finally {
    link.tap.routeInjected(routes.bridge);
    await Promise.all(Object.values(sides).flatMap((side) => side.clients.map((client) => client.close())));
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
      latency.push(await measureLatency(link, relay, tablets, options));
    }
  } finally {
    await relay.stop();
  }
  return { traffic, latency };
}
