/**
 * A fake Behringer WING on real sockets, speaking the documented wire formats: OSC over UDP (get replies,
 * writes, `/*S` change pushes, `/?` identity) and the native protocol over TCP (meter requests), with meter
 * datagrams streamed over UDP, and the "WING?" discovery on UDP next to the native port. Written from the documents, independently of the adapter's tables: it is the
 * other side of the wire. Sources are cited beside each format:
 *   [RP]  Patrick-Gilles Maillot, "WING Remote Protocols" (OSC and native chapters)
 *   [CMP] bitfocus companion-module-behringer-wing (src/commands/channel.ts, src/handlers/*.ts)
 *   [LW]  libwing (request_meter, keep_alive_meters), [DM] DigiMixer WingMeterMessage / WingMeterRequest
 */
import dgram from 'node:dgram';
import net from 'node:net';
import osc from 'osc';
import { powerSumDb, seededRandom } from './fake-x-desk';

type Param =
  | { kind: 'f'; min: number; max: number; step: number; value: number }
  | { kind: 'i'; min: number; max: number; value: number }
  | { kind: 's'; value: string };

export interface FakeWingOptions {
  /** OSC UDP port (default 0). The native TCP port is then `port - 1`, as on a WING (2223 / 2222). */
  port?: number;
  /** Model field of the `/?` reply: "wing-compact", "wing-rack", "ngc-full" (default "wing-compact"). */
  model?: string;
  seed?: number;
  /** Source level of every channel, dBFS before gain (default -50). */
  defaultSourceDbfs?: number;
  /** A meter stream stops this long after its last request or renewal (default 5000 ms, per [LW]). */
  meterLapseMs?: number;
  /** Addresses this desk does not have (an older firmware): it answers them with an error on `/*`. */
  without?: RegExp;
}

export interface FakeWing {
  port: number;
  nativePort: number;
  /** Current values by address (numbers in their unit, names as text). */
  value(address: string): number | string | undefined;
  setFromDesk(address: string, value: number | string): void;
  setSilent(silent: boolean): void;
  setSourceLevel(channel: number, dbfs: number): void;
  activeMeterStreams(): number;
  /** Closes every native (TCP) connection and forgets their meter streams, as a desk reboot of that service would. */
  dropNativeClients(): void;
  /** OSC messages received per address (for tests that count renewals and reads). */
  received(address: string): number;
  stop(): Promise<void>;
}

export const FAKE_WING_CHANNEL_NAMES: readonly string[] = [
  'Kick', 'Snare', 'Hi-Hat', 'Tom 1', 'Tom 2', 'OH L', 'OH R', 'Bass DI',
  'Gtr L', 'Gtr R', 'Keys L', 'Keys R', 'Vox Lead', 'Vox BV1', 'Vox BV2', 'Playback',
  'Sax', 'Trumpet', 'Trombone', 'Perc', 'Shaker', 'Choir L', 'Choir R', 'Host Mic',
  '', '', '', '', '', '', '', '', '', '', '', '', '', '', 'USB L', 'USB R',
];

/** The source each channel plays: local 1..8, AES50-A 1..16 (a stage box), StageConnect 1..8, A 17..30, USB. */
export function fakeWingSourceOf(channel: number): { group: string; input: number } {
  if (channel <= 8) return { group: 'LCL', input: channel };
  if (channel <= 16) return { group: 'A', input: channel - 8 };
  if (channel <= 24) return { group: 'SC', input: channel - 16 };
  if (channel <= 38) return { group: 'A', input: channel - 8 };
  return { group: 'USB', input: channel - 38 };
}

export function fakeWingGainDb(channel: number): number {
  return 20 + (channel % 8) * 2.5;
}

const numbers = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);
const FADER = (value: number): Param => ({ kind: 'f', min: -144, max: 10, step: 0.1, value });
const SWITCH = (value: number): Param => ({ kind: 'i', min: 0, max: 1, value });
const TEXT = (value: string): Param => ({ kind: 's', value });
const DB = (min: number, max: number, step: number, value: number): Param => ({ kind: 'f', min, max, step, value });
/** The desk's own gain range in this fake: wider than what Headroom writes. */
const GAIN_MIN_DB = -3;
const GAIN_MAX_DB = 60;

function initialParams(): Map<string, Param> {
  const params = new Map<string, Param>();
  const set = (address: string, param: Param): void => void params.set(address, param);
  for (const ch of numbers(40)) {
    const path = `/ch/${ch}`;
    const name = FAKE_WING_CHANNEL_NAMES[ch - 1] ?? '';
    const source = fakeWingSourceOf(ch);
    // [CMP] channel.ts: name, in/conn/grp|in, in/set/trim, flt/lc|lcf, fdr, mute, main/N/on, send/N/on|lvl|mode.
    set(`${path}/name`, TEXT(name));
    set(`${path}/in/conn/grp`, TEXT(source.group));
    set(`${path}/in/conn/in`, { kind: 'i', min: 1, max: 64, value: source.input });
    set(`${path}/in/set/trim`, DB(-18, 18, 0.5, 0));
    set(`${path}/flt/lc`, SWITCH(ch === 1 || ch === 8 ? 0 : 1));
    set(`${path}/flt/lcf`, DB(20, 2000, 1, ch === 13 ? 120 : 80));
    set(`${path}/eq/on`, SWITCH(1));
    for (const band of numbers(4)) {
      set(`${path}/eq/${band}g`, DB(-15, 15, 0.1, ch === 1 && band === 1 ? 3 : 0));
      set(`${path}/eq/${band}f`, DB(20, 20000, 1, [120, 500, 2000, 8000][band - 1] ?? 1000));
      set(`${path}/eq/${band}q`, DB(0.44, 10, 0.01, 2));
    }
    set(`${path}/dyn/on`, SWITCH(ch === 1 || ch === 2 || ch === 8 || ch >= 13 ? 1 : 0));
    set(`${path}/dyn/thr`, DB(-60, 0, 0.5, -20));
    set(`${path}/dyn/ratio`, DB(1.1, 100, 0.1, 3));
    set(`${path}/dyn/gain`, DB(0, 24, 0.5, ch === 8 ? 3 : 0));
    set(`${path}/gate/on`, SWITCH(ch === 4 || ch === 5 ? 1 : 0));
    set(`${path}/gate/thr`, DB(-80, 0, 0.5, -40));
    set(`${path}/fdr`, FADER(name === '' ? -144 : ch <= 7 ? -5 : 0));
    set(`${path}/mute`, SWITCH(0));
    set(`${path}/main/1/on`, SWITCH(name === '' ? 0 : 1));
    for (const bus of numbers(16)) {
      const monitor = bus <= 4 && ch >= 13 && ch <= 15;
      set(`${path}/send/${bus}/on`, SWITCH(1));
      set(`${path}/send/${bus}/lvl`, FADER(monitor ? -3 : -144));
      set(`${path}/send/${bus}/mode`, TEXT(bus <= 8 ? 'PRE' : 'POST'));
    }
    if (source.group !== 'USB') {
      // [RP] via the WING OSC adapters: a source's gain `g` (dB) and phantom `vph` at /io/in/<grp>/<in>.
      set(`/io/in/${source.group}/${source.input}/g`, DB(GAIN_MIN_DB, GAIN_MAX_DB, 0.5, fakeWingGainDb(ch)));
      set(`/io/in/${source.group}/${source.input}/vph`, SWITCH(ch === 6 || ch === 7 || ch === 11 ? 1 : 0));
    }
  }
  const buses = ['Mon 1', 'Mon 2', 'Mon 3', 'Mon 4', 'Drum Fill', 'Side L', 'IEM L', 'IEM R'];
  for (const bus of numbers(16)) {
    set(`/bus/${bus}/name`, TEXT(buses[bus - 1] ?? ''));
    set(`/bus/${bus}/fdr`, FADER(0));
    set(`/bus/${bus}/mute`, SWITCH(0));
  }
  for (const main of numbers(4)) {
    set(`/main/${main}/name`, TEXT(main === 1 ? 'Main LR' : ''));
    set(`/main/${main}/fdr`, FADER(main === 1 ? 0 : -144));
    set(`/main/${main}/mute`, SWITCH(0));
  }
  for (const mtx of numbers(8)) {
    set(`/mtx/${mtx}/name`, TEXT(mtx === 1 ? 'Fill L' : mtx === 2 ? 'Fill R' : ''));
    set(`/mtx/${mtx}/fdr`, FADER(mtx <= 2 ? -6 : -144));
    set(`/mtx/${mtx}/mute`, SWITCH(0));
  }
  // Local outs 1/2 play Main 1, 3..6 buses 1..4, 7/8 matrices 1/2.
  for (const out of numbers(8)) {
    const [group, index] = out <= 2 ? ['MAIN', 1] : out <= 6 ? ['BUS', out - 2] : ['MTX', out - 6];
    set(`/io/out/LCL/${out}/grp`, TEXT(group as string));
    set(`/io/out/LCL/${out}/in`, { kind: 'i', min: 1, max: 64, value: index as number });
  }
  return params;
}

function normalised(param: Param): number {
  if (param.kind === 's') return 0;
  return Math.fround((param.value - param.min) / (param.max - param.min));
}

function displayText(param: Param): string {
  if (param.kind === 's') return param.value;
  if (param.kind === 'i') return String(param.value);
  return param.value <= -144 ? '-oo' : param.value.toFixed(1);
}

/** [RP] get reply: `,sff` text, normalised, value (floats); `,sfi` text, normalised, int; `,s` text. */
function replyArgs(param: Param): Array<{ type: string; value: unknown }> {
  if (param.kind === 's') return [{ type: 's', value: param.value }];
  return [
    { type: 's', value: displayText(param) },
    { type: 'f', value: normalised(param) },
    { type: param.kind, value: param.value },
  ];
}

/** Applies a write; false when the argument does not fit the parameter. */
function write(param: Param, type: string, value: unknown): boolean {
  if (param.kind === 's') {
    if (type !== 's' || typeof value !== 'string') return false;
    param.value = value.slice(0, 16);
    return true;
  }
  if ((type !== 'f' && type !== 'i') || typeof value !== 'number' || !Number.isFinite(value)) return false;
  const clamped = Math.min(param.max, Math.max(param.min, value));
  if (param.kind === 'i') param.value = Math.round(clamped);
  else param.value = Math.round((clamped - param.min) / param.step) * param.step + param.min;
  if (param.kind === 'f') param.value = Math.round(param.value * 1000) / 1000;
  return true;
}

interface Client {
  address: string;
  port: number;
  subscribedUntil: number;
}

interface MeterStream {
  address: string;
  udpPort: number;
  reportId: number;
  /** Collection byte and 0-based index of each strip, in request order. */
  strips: Array<[number, number]>;
  until: number;
}

const SUBSCRIPTION_MS = 10_000;
const METER_PERIOD_MS = 50;

export async function startFakeWing(options: FakeWingOptions = {}): Promise<FakeWing> {
  const params = initialParams();
  for (const address of [...params.keys()]) {
    if (options.without?.test(address)) params.delete(address);
  }
  const random = seededRandom(options.seed ?? 1);
  const sources = new Map<number, number>();
  const clients = new Map<string, Client>();
  const streams = new Map<string, MeterStream>();
  const counts = new Map<string, number>();
  const lapseMs = options.meterLapseMs ?? 5000;
  const model = options.model ?? 'wing-compact';
  let silent = false;

  const { udp, tcp, discovery } = await bindPorts(options.port ?? 0);
  udp.on('error', () => undefined);
  discovery.on('error', () => undefined);
  discovery.on('message', (bytes, from) => {
    // [RP]/[LW] Discovery.md: "WING?" on UDP 2222 -> "WING,ip,name,model,serial,firmware".
    if (!silent && bytes.toString('ascii') === 'WING?') {
      discovery.send(Buffer.from(`WING,127.0.0.1,WING-FAKE,${model},S1234567,3.0.5-0-gfake:release`, 'ascii'), from.port, from.address);
    }
  });
  const meterOut = dgram.createSocket('udp4');
  meterOut.on('error', () => undefined);

  const send = (client: { address: string; port: number }, address: string, args: Array<{ type: string; value: unknown }>): void => {
    if (silent) return;
    udp.send(osc.writePacket({ address, args }, { metadata: true }), client.port, client.address);
  };

  const push = (address: string, except: Client | null): void => {
    const param = params.get(address);
    if (!param) return;
    const now = Date.now();
    for (const client of clients.values()) {
      // [CMP] gain handler: a `/*S` push carries the normalised float only.
      if (client !== except && client.subscribedUntil > now) send(client, address, [{ type: 'f', value: normalised(param) }]);
    }
  };

  udp.on('message', (bytes, from) => {
    if (silent) return;
    let packet: ReturnType<typeof osc.readPacket>;
    try {
      packet = osc.readPacket(new Uint8Array(bytes), { metadata: true, unpackSingleArgs: false });
    } catch {
      return;
    }
    if (!('address' in packet)) return;
    const key = `${from.address}:${from.port}`;
    let client = clients.get(key);
    if (!client) {
      client = { address: from.address, port: from.port, subscribedUntil: 0 };
      clients.set(key, client);
    }
    const { address, args } = packet;
    counts.set(address, (counts.get(address) ?? 0) + 1);
    if (address === '/?') {
      // [RP] `/?` -> "WING,ip,name,model,serial,firmware" (the UDP discovery text).
      send(client, '/?', [{ type: 's', value: `WING,127.0.0.1,WING-FAKE,${model},S1234567,3.0.5-0-gfake:release` }]);
      return;
    }
    if (address === '/*S' || address === '/*s') {
      // [CMP] connection-handler: `/*S` subscribes this client to change pushes, renewed before 10 s.
      client.subscribedUntil = Date.now() + SUBSCRIPTION_MS;
      return;
    }
    const param = params.get(address);
    if (!param) {
      // [RP] errors come back on `/*` with a text.
      send(client, '/*', [{ type: 's', value: `unknown address ${address}` }]);
      return;
    }
    if (args.length === 0) {
      send(client, address, replyArgs(param));
      return;
    }
    const [arg] = args;
    if (args.length !== 1 || !arg || !write(param, arg.type, arg.value)) return;
    push(address, client);
  });

  const nativeClients = new Set<net.Socket>();
  tcp.on('connection', (socket) => {
    nativeClients.add(socket);
    socket.on('close', () => nativeClients.delete(socket));
    socket.on('error', () => undefined);
    const parser = nativeParser((stream) => {
      const peer = socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
      const key = `${peer}:${stream.reportId}`;
      const existing = streams.get(key);
      if (stream.udpPort === null || stream.strips === null) {
        // [LW] keep_alive_meters / [CMP] renew: the report id alone extends a stream.
        if (existing) existing.until = Date.now() + lapseMs;
        return;
      }
      streams.set(key, { address: peer, udpPort: stream.udpPort, reportId: stream.reportId, strips: stream.strips, until: Date.now() + lapseMs });
    });
    socket.on('data', (bytes) => {
      if (!silent) parser(bytes);
    });
  });

  const num = (address: string): number => {
    const param = params.get(address);
    return param && param.kind !== 's' ? param.value : 0;
  };
  const db = (address: string): number => (num(address) <= -144 ? -Infinity : num(address));
  const inputDbfs = (ch: number): number => {
    const source = fakeWingSourceOf(ch);
    const gain = source.group === 'USB' ? 0 : num(`/io/in/${source.group}/${source.input}/g`);
    return (sources.get(ch) ?? options.defaultSourceDbfs ?? -50) + gain + num(`/ch/${ch}/in/set/trim`) - random();
  };

  const meterTimer = setInterval(() => {
    const now = Date.now();
    if (silent) return;
    const inputs = numbers(40).map(inputDbfs);
    const post = inputs.map((level, i) => (num(`/ch/${i + 1}/mute`) === 1 ? -Infinity : level + db(`/ch/${i + 1}/fdr`)));
    const main = powerSumDb(post.filter((_, i) => num(`/ch/${i + 1}/main/1/on`) === 1)) + db('/main/1/fdr');
    const busLevel = (bus: number): number =>
      powerSumDb(inputs.map((level, i) => (num(`/ch/${i + 1}/send/${bus}/on`) === 1 ? level + db(`/ch/${i + 1}/send/${bus}/lvl`) : -Infinity))) +
      db(`/bus/${bus}/fdr`);
    for (const [key, stream] of streams) {
      if (stream.until <= now) {
        streams.delete(key);
        continue;
      }
      // [DM]/[LW] datagram: u32 report id, then int16 big-endian in 1/256 dB, 11 per V2 strip:
      // in L, in R, out L, out R, gate key, gate gain, gate state, dyn key, dyn gain, dyn state, automix.
      const values: number[] = [];
      for (const [collection, index] of stream.strips) {
        const n = index + 1;
        if (collection === 0xab) {
          const dynGain = num(`/ch/${n}/dyn/on`) === 1 && inputs[index]! > num(`/ch/${n}/dyn/thr`) ? -(inputs[index]! - num(`/ch/${n}/dyn/thr`)) * (1 - 1 / num(`/ch/${n}/dyn/ratio`)) : 0;
          const gateGain = num(`/ch/${n}/gate/on`) === 1 && inputs[index]! < num(`/ch/${n}/gate/thr`) ? -20 : 0;
          values.push(inputs[index]!, inputs[index]!, post[index]!, post[index]!, -Infinity, gateGain, 0, -Infinity, dynGain, 0, 0);
        } else {
          const level = collection === 0xad ? busLevel(n) : collection === 0xae ? (n === 1 ? main : -Infinity) : collection === 0xaf ? main + db(`/mtx/${n}/fdr`) : -Infinity;
          values.push(level, level, level, level, -Infinity, 0, 0, -Infinity, 0, 0, 0);
        }
      }
      const packet = Buffer.alloc(4 + values.length * 2);
      packet.writeUInt32BE(stream.reportId >>> 0, 0);
      values.forEach((value, i) => packet.writeInt16BE(value === -Infinity ? -32768 : Math.max(-32767, Math.min(32767, Math.round(value * 256))), 4 + i * 2));
      meterOut.send(packet, stream.udpPort, stream.address);
    }
  }, METER_PERIOD_MS);

  return {
    port: udp.address().port,
    nativePort: (tcp.address() as net.AddressInfo).port,
    value(address) {
      return params.get(address)?.value;
    },
    setFromDesk(address, value) {
      const param = params.get(address);
      if (!param) throw new Error(`fake WING has no ${address}`);
      if (!write(param, typeof value === 'string' ? 's' : 'f', value)) throw new Error(`fake WING: ${String(value)} does not fit ${address}`);
      push(address, null);
    },
    setSilent(value) {
      silent = value;
      if (value) {
        clients.clear();
        streams.clear();
      }
    },
    setSourceLevel(channel, dbfs) {
      sources.set(channel, dbfs);
    },
    activeMeterStreams: () => streams.size,
    dropNativeClients() {
      for (const socket of nativeClients) socket.destroy();
      streams.clear();
    },
    received: (address) => counts.get(address) ?? 0,
    async stop() {
      clearInterval(meterTimer);
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => meterOut.close(() => resolve())),
        new Promise<void>((resolve) => discovery.close(() => resolve())),
        new Promise<void>((resolve) => {
          for (const socket of nativeClients) socket.destroy();
          tcp.close(() => resolve());
        }),
      ]);
    },
  };
}

/** A parsed request on the native meter channel: port and strips are null for a renewal. */
interface NativeMeterRequest {
  udpPort: number | null;
  reportId: number;
  strips: Array<[number, number]> | null;
}

/**
 * [RP]/[LW] native stream: 0xDF escapes; `DF Dn` selects channel n, `DF DE` is a literal 0xDF. On the meter
 * channel (3): `D3 u16` udp port, `D4 u32` report id, `DC` then collection/index bytes until `DE`.
 */
export function nativeParser(onRequest: (request: NativeMeterRequest) => void): (bytes: Uint8Array) => void {
  let escape = false;
  let channel = -1;
  let pending: number[] = [];
  const flush = (): void => {
    const bytes = pending;
    pending = [];
    let i = 0;
    let udpPort: number | null = null;
    let reportId: number | null = null;
    let strips: Array<[number, number]> | null = null;
    while (i < bytes.length) {
      const token = bytes[i++]!;
      if (token === 0xd3 && i + 2 <= bytes.length) {
        udpPort = (bytes[i]! << 8) | bytes[i + 1]!;
        i += 2;
      } else if (token === 0xd4 && i + 4 <= bytes.length) {
        reportId = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
        i += 4;
      } else if (token === 0xdc) {
        strips = [];
        let collection = 0;
        while (i < bytes.length && bytes[i] !== 0xde) {
          const byte = bytes[i++]!;
          if (byte >= 0xa0 && byte <= 0xaf) collection = byte;
          else strips.push([collection, byte]);
        }
        i++;
      }
    }
    if (reportId !== null) onRequest({ udpPort, reportId, strips: udpPort === null ? null : strips });
  };
  return (chunk) => {
    for (const byte of chunk) {
      if (escape) {
        escape = false;
        if (byte === 0xde) {
          if (channel === 3) pending.push(0xdf);
        } else if (byte >= 0xd0 && byte <= 0xdd) {
          if (channel === 3) flush();
          channel = byte - 0xd0;
        }
        continue;
      }
      if (byte === 0xdf) escape = true;
      else if (channel === 3) pending.push(byte);
    }
  };
}

/** Binds OSC on UDP `port`, the native TCP port and discovery UDP port on `port - 1`; port 0: any free set. */
async function bindPorts(port: number): Promise<{ udp: dgram.Socket; tcp: net.Server; discovery: dgram.Socket }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp = net.createServer();
    const tcpPort = await new Promise<number | null>((resolve) => {
      tcp.once('error', () => resolve(null));
      tcp.listen(port === 0 ? 0 : port - 1, '127.0.0.1', () => resolve((tcp.address() as net.AddressInfo).port));
    });
    if (tcpPort === null) {
      if (port !== 0) throw new Error(`fake WING: TCP port ${port - 1} is taken`);
      continue;
    }
    const udp = await bindUdp(tcpPort + 1);
    const discovery = await bindUdp(tcpPort);
    if (udp && discovery) return { udp, tcp, discovery };
    udp?.close();
    discovery?.close();
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (port !== 0) throw new Error(`fake WING: UDP port ${port} or ${port - 1} is taken`);
  }
  throw new Error('fake WING: no free port pair');
}

async function bindUdp(port: number): Promise<dgram.Socket | null> {
  const socket = dgram.createSocket('udp4');
  const bound = await new Promise<boolean>((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => resolve(true));
  });
  if (bound) return socket;
  socket.close();
  return null;
}
