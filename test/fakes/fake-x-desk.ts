/**
 * The shared core of the fake X32 and fake X-Air: a desk on a real UDP socket (127.0.0.1, port 0) that
 * speaks the X family's OSC: it answers reads (an address without arguments), quantises writes to the
 * desk's grid, pushes changes to /xremote clients other than the writer, streams meter blobs every 50 ms
 * for 10 s per /meters request and answers /xinfo /info /status. Knobs: a seeded share of dropped packets,
 * falling silent, desk-side changes. Written independently of the adapter's tables on purpose: it is the
 * other side of the wire.
 */
import dgram from 'node:dgram';
import osc from 'osc';

export type FakeValue = number | string;

/** A desk parameter: floats on a grid of `steps` positions in 0..1, ints in a range, strings. */
export type FakeParam =
  | { type: 'f'; steps: number }
  | { type: 'i'; min: number; max: number }
  | { type: 's'; maxLength: number };

export interface FakeIdentity {
  model: string;
  firmware: string;
  name: string;
  serverVersion: string;
  /** Strings /xinfo carries between the ip and the name (an X-Air sends its server version there). */
  xinfoExtra: string[];
}

/** Builds one meter blob payload from the desk state. */
export type MeterBlobBuilder = (view: FakeDeskView) => Uint8Array;

export interface FakeDeskModel {
  identity: FakeIdentity;
  params: ReadonlyMap<string, FakeParam>;
  initial: ReadonlyMap<string, FakeValue>;
  meterBanks: Readonly<Record<string, MeterBlobBuilder>>;
}

/** What a meter builder sees. */
export interface FakeDeskView {
  state: ReadonlyMap<string, FakeValue>;
  /** Signal level at a channel's source before any gain, dBFS (-Infinity = nothing plugged in). */
  sourceDbfs(channel: number): number;
  /** Uniform in [0, 1), from the desk's seeded generator. */
  random(): number;
}

export interface FakeDeskOptions {
  /** Share of packets dropped in each direction, 0..1 (default 0). */
  dropRate?: number;
  /** Seed of the drop and meter-jitter generator (default 1). */
  seed?: number;
  /** Source level of every channel not given in `sources` (default -50 dBFS). */
  defaultSourceDbfs?: number;
  /** UDP port to listen on (default 0: any free port, reported as `port`). */
  port?: number;
  /** Addresses this desk never answers (a model or firmware without them), e.g. "/ch/01/mix/st". */
  missing?: readonly string[];
}

export interface FakeDesk {
  /** The UDP port the desk listens on (127.0.0.1). */
  port: number;
  /** Live desk state keyed by OSC address. */
  state: ReadonlyMap<string, FakeValue>;
  /** Someone moves a control at the desk: quantised, stored and pushed to every /xremote client. */
  setFromDesk(address: string, value: FakeValue): void;
  /** Falls silent (drops everything and forgets every subscription) or comes back. */
  setSilent(silent: boolean): void;
  /** From now on never answers these addresses (and answers every other one). */
  setMissing(addresses: readonly string[]): void;
  /**
   * Hears every value the desk stores (a client's write or a desk-side change), after it is quantised and
   * pushed: a shared stage box links two desks through this. Returns the unsubscribe function.
   */
  onChange(listener: (address: string, value: FakeValue) => void): () => void;
  /** Sets the level plugged into a channel, dBFS before preamp gain. */
  setSourceLevel(channel: number, dbfs: number): void;
  /** Sends raw bytes to every client that has talked to the desk (for malformed-packet tests). */
  sendRawToClients(bytes: Uint8Array): void;
  /** Number of /meters subscriptions currently streaming. */
  activeMeterStreams(): number;
  /** Datagrams received (while not silent), dropped (either direction) and sent. */
  stats(): { received: number; dropped: number; sent: number };
  stop(): Promise<void>;
}

const SUBSCRIPTION_MS = 10_000;
const METER_PERIOD_MS = 50;

interface Client {
  address: string;
  port: number;
  xremoteUntil: number;
  meters: Map<string, number>;
}

/** A small seeded PRNG (mulberry32): same seed, same drops and jitter. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Snaps a float onto a grid of `steps` positions and rounds it to float32 as the wire carries it. */
export function toGrid(f: number, steps: number): number {
  const clamped = Math.min(1, Math.max(0, f));
  return Math.fround(Math.round(clamped * (steps - 1)) / (steps - 1));
}

/** Linear parameter: value in min..max to its grid float. */
export function linearFloat(value: number, min: number, max: number, steps: number): number {
  return toGrid((value - min) / (max - min), steps);
}

/** Linear parameter: grid float to its value. */
export function linearValue(f: number, min: number, max: number): number {
  return min + f * (max - min);
}

/** Logarithmic parameter: value to its grid float. */
export function logFloat(value: number, min: number, max: number, steps: number): number {
  return toGrid(Math.log(value / min) / Math.log(max / min), steps);
}

/** The X fader/send taper, float to dB (0 is -Infinity). */
export function levelDb(f: number): number {
  if (f <= 0) return -Infinity;
  if (f >= 0.5) return f * 40 - 30;
  if (f >= 0.25) return f * 80 - 50;
  if (f >= 0.0625) return f * 160 - 70;
  return f * 480 - 90;
}

/** The X fader/send taper, dB to its grid float. */
export function levelFloat(db: number, steps: number): number {
  if (db <= -90) return 0;
  if (db < -60) return toGrid((db + 90) / 480, steps);
  if (db < -30) return toGrid((db + 70) / 160, steps);
  if (db < -10) return toGrid((db + 50) / 80, steps);
  return toGrid((db + 30) / 40, steps);
}

/** Power sum of levels in dB. */
export function powerSumDb(levelsDb: readonly number[]): number {
  const power = levelsDb.reduce((sum, db) => sum + (db === -Infinity ? 0 : Math.pow(10, db / 10)), 0);
  return power > 0 ? 10 * Math.log10(power) : -Infinity;
}

export async function startFakeDesk(model: FakeDeskModel, options: FakeDeskOptions = {}): Promise<FakeDesk> {
  const dropRate = options.dropRate ?? 0;
  const random = seededRandom(options.seed ?? 1);
  const state = new Map<string, FakeValue>(model.initial);
  const sources = new Map<number, number>();
  const clients = new Map<string, Client>();
  let silent = false;
  const stats = { received: 0, dropped: 0, sent: 0 };

  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // A desk does not care whether a client is still there: send errors are not its problem.
  socket.on('error', () => undefined);

  const dropped = (): boolean => {
    const drop = dropRate > 0 && random() < dropRate;
    if (drop) stats.dropped++;
    return drop;
  };

  const send = (client: Client, address: string, args: Array<{ type: string; value: unknown }>): void => {
    if (silent || dropped()) return;
    stats.sent++;
    socket.send(osc.writePacket({ address, args }, { metadata: true }), client.port, client.address);
  };

  const quantise = (param: FakeParam, value: FakeValue): FakeValue | null => {
    if (param.type === 'f') return typeof value === 'number' && Number.isFinite(value) ? toGrid(value, param.steps) : null;
    if (param.type === 'i') {
      return typeof value === 'number' && Number.isInteger(value) ? Math.min(param.max, Math.max(param.min, value)) : null;
    }
    return typeof value === 'string' ? value.slice(0, param.maxLength) : null;
  };

  let missing = new Set(options.missing ?? []);
  const changeListeners = new Set<(address: string, value: FakeValue) => void>();
  const push = (address: string, except: Client | null): void => {
    const param = model.params.get(address);
    const value = state.get(address);
    if (!param || value === undefined) return;
    const now = Date.now();
    for (const client of clients.values()) {
      if (client !== except && client.xremoteUntil > now) send(client, address, [{ type: param.type, value }]);
    }
    for (const listener of changeListeners) listener(address, value);
  };

  const handle = (bytes: Buffer, from: dgram.RemoteInfo): void => {
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
      client = { address: from.address, port: from.port, xremoteUntil: 0, meters: new Map() };
      clients.set(key, client);
    }
    const { address, args } = packet;
    const { identity } = model;
    const now = Date.now();
    if (address === '/xinfo') {
      send(client, '/xinfo', strings(['127.0.0.1', ...identity.xinfoExtra, identity.name, identity.model, identity.firmware]));
    } else if (address === '/info') {
      send(client, '/info', strings([identity.serverVersion, identity.name, identity.model, identity.firmware]));
    } else if (address === '/status') {
      send(client, '/status', strings(['active', '127.0.0.1', identity.name]));
    } else if (address === '/xremote') {
      client.xremoteUntil = now + SUBSCRIPTION_MS;
    } else if (address === '/meters') {
      const bank = args[0]?.value;
      if (typeof bank === 'string' && model.meterBanks[bank]) client.meters.set(bank, now + SUBSCRIPTION_MS);
    } else {
      const param = model.params.get(address);
      if (!param || missing.has(address)) return;
      if (args.length === 0) {
        send(client, address, [{ type: param.type, value: state.get(address) }]);
        return;
      }
      const [arg] = args;
      if (args.length !== 1 || arg?.type !== param.type) return;
      const value = quantise(param, arg.value as FakeValue);
      if (value === null) return;
      state.set(address, value);
      push(address, client);
    }
  };

  socket.on('message', (bytes, from) => {
    if (silent) return;
    stats.received++;
    if (dropped()) return;
    handle(bytes, from);
  });

  const view: FakeDeskView = {
    state,
    sourceDbfs: (channel) => sources.get(channel) ?? options.defaultSourceDbfs ?? -50,
    random,
  };

  const meterTimer = setInterval(() => {
    const now = Date.now();
    for (const client of clients.values()) {
      for (const [bank, until] of client.meters) {
        if (until <= now) {
          client.meters.delete(bank);
          continue;
        }
        const build = model.meterBanks[bank];
        if (build) send(client, bank, [{ type: 'b', value: build(view) }]);
      }
    }
  }, METER_PERIOD_MS);

  const address = socket.address();
  return {
    port: address.port,
    state,
    setFromDesk(target, value) {
      const param = model.params.get(target);
      if (!param) throw new Error(`fake desk has no parameter ${target}`);
      const quantised = quantise(param, value);
      if (quantised === null) throw new Error(`fake desk: ${String(value)} does not fit ${target}`);
      state.set(target, quantised);
      push(target, null);
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    setSilent(value) {
      silent = value;
      if (value) clients.clear();
    },
    setMissing(addresses) {
      missing = new Set(addresses);
    },
    setSourceLevel(channel, dbfs) {
      sources.set(channel, dbfs);
    },
    sendRawToClients(bytes) {
      for (const client of clients.values()) socket.send(bytes, client.port, client.address);
    },
    activeMeterStreams() {
      let count = 0;
      for (const client of clients.values()) count += client.meters.size;
      return count;
    },
    stats() {
      return { ...stats };
    },
    async stop() {
      clearInterval(meterTimer);
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

function strings(values: string[]): Array<{ type: string; value: unknown }> {
  return values.map((value) => ({ type: 's', value }));
}
