/**
 * Behringer WING (WING, WING Compact, WING Rack): OSC over UDP 2223 for identity, values and writes; the
 * native protocol on TCP 2222 for meters, streamed back over UDP (./wing-meter-link.ts).
 *
 * Life cycle: idle -> connecting (`/?` answers "WING,ip,name,model,serial,firmware") -> syncing (subscribe
 * with `/*S`, renewed every keepAliveMs because the desk drops it after 10 s; open the meter link; read every
 * value, then the sources the channels play) -> ready -> lost (no packet for livenessTimeoutMs) -> reconnect
 * with backoff -> syncing -> ready. One AbortController per session owns the meter link and the renewals.
 *
 * Values: a get reply is `,sff` (text, normalised, value) or `,sfi` (text, normalised, int); names and enums
 * come as `,s`. A change pushed under `/*S` carries only the normalised float, so the adapter reads the
 * address back to learn the value (companion-module-behringer-wing does the same for gains).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { runReconnecting } from '../reconnect-loop';
import {
  ConsoleError,
  emptyCounters,
  type ConnectionState,
  type Console,
  type LinkCounters,
  type ParamChange,
} from '../console';
import { readParam, type ParamId, type ParamSpec } from '../../model/params';
import type { ConsoleIdentity, ConsoleSnapshot, DbRange } from '../../model/stages';
import { decodePacket, type OscArg } from '../osc/codec';
import { ReadQueue } from '../osc/read-queue';
import { openOscUdpLink, resolveIpv4, type OscUdpLink } from '../osc/udp-link';
import {
  WING_FADER_FLOOR_DB,
  WING_LEVEL_RANGES,
  WING_METER_CAPABILITIES,
  WING_NOTES,
  bindWingParam,
  buildWingSnapshot,
  wingFollowUpAddresses,
  wingModelName,
  wingParamsAt,
  wingSourceAddresses,
  wingSyncAddresses,
  type WingBinding,
  type WingValue,
} from './wing-addresses';
import { openWingMeterLink } from './wing-meter-link';
import { ConsoleEvents } from '../console-events';

/** Structured logger (pino-compatible subset). */
export interface WingConsoleLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface WingConsoleOptions {
  host: string;
  /** OSC UDP port (2223 on a WING). */
  port: number;
  /** Native TCP port for meter requests (default: port - 1, which is 2222 on a WING). */
  nativePort?: number;
  requestTimeoutMs?: number;
  retries?: number;
  concurrency?: number;
  livenessTimeoutMs?: number;
  /** Period of the `/*S` and meter renewals (default 3000 ms; the desk drops them after 10 s and 5 s). */
  keepAliveMs?: number;
  reconnectBackoffMs?: { initial: number; max: number };
  logger?: WingConsoleLogger;
}

const DEFAULTS = {
  requestTimeoutMs: 300,
  retries: 3,
  concurrency: 16,
  livenessTimeoutMs: 2000,
  keepAliveMs: 3000,
  reconnectBackoffMs: { initial: 250, max: 5000 },
} as const;

const SILENT_LOGGER: WingConsoleLogger = { warn: () => undefined, info: () => undefined, debug: () => undefined };
const IDENTITY_ADDRESS = '/?';
const SUBSCRIBE_ADDRESS = '/*S';
/** The desk answers an address it does not know with a message on `/*` (text of the error). */
const ERROR_ADDRESS = '/*';
/** "WING" in ASCII: marks our meter datagrams. */
const METER_REPORT_ID = 0x57494e47;
/** Floor of the adaptive read timeout (the read queue follows the round trip between it and requestTimeoutMs). */
const MIN_REQUEST_TIMEOUT_MS = 50;
/** The channel whose addresses are read first, to learn which channel addresses this firmware answers. */
const PROBE_CHANNEL_PATH = '/ch/1/';
/** Longest text value kept (channel names are 16 characters on the desk). */
const MAX_TEXT_LENGTH = 64;
const WARN_INTERVAL_MS = 1000;

export function createWingConsole(options: WingConsoleOptions): Console {
  return new WingConsole(options);
}

/** A get reply's value, or null when the arguments are not a reply (a `/*S` push or garbage). */
export function parseWingReply(args: readonly OscArg[]): WingValue | null {
  const [first, ...rest] = args;
  if (first?.type !== 's' || first.value.length > MAX_TEXT_LENGTH) return null;
  const last = rest.at(-1);
  if (last === undefined) return { text: first.value, value: null };
  if ((last.type === 'f' || last.type === 'i') && Number.isFinite(last.value)) return { text: first.value, value: last.value };
  return null;
}

class WingConsole extends ConsoleEvents implements Console {
  readonly #host: string;
  readonly #port: number;
  readonly #nativePort: number;
  readonly #timing: Required<Omit<WingConsoleOptions, 'host' | 'port' | 'nativePort' | 'logger'>>;
  readonly #logger: WingConsoleLogger;
  readonly #counters: LinkCounters = emptyCounters();
  readonly #values = new Map<string, WingValue>();
  readonly #tracked = new Set<string>(wingSyncAddresses());
  /** Addresses the desk did not answer during the last sync; a channel address missing on channel 1 stands for all 40. */
  readonly #unknown = new Set<string>();
  readonly #lastWarnAt = new Map<string, number>();
  readonly #queue: ReadQueue;
  #state: ConnectionState = 'idle';
  #identity: ConsoleIdentity;
  #synced = false;
  #snapshot: ConsoleSnapshot | null = null;
  #started = false;
  #stop: AbortController | null = null;
  #session: AbortController | null = null;
  #link: OscUdpLink | null = null;
  /** The desk's resolved address (meters come from it too). */
  #deskAddress: string | null = null;
  #lastPacketAtMs = 0;

  constructor(options: WingConsoleOptions) {
    const logger = options.logger ?? SILENT_LOGGER;
    super((error) => logger.warn({ err: error }, 'console event listener failed'), setImmediate);
    this.#host = options.host;
    this.#port = options.port;
    this.#nativePort = options.nativePort ?? options.port - 1;
    this.#logger = logger;
    this.#timing = {
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      retries: options.retries ?? DEFAULTS.retries,
      concurrency: options.concurrency ?? DEFAULTS.concurrency,
      livenessTimeoutMs: options.livenessTimeoutMs ?? DEFAULTS.livenessTimeoutMs,
      keepAliveMs: options.keepAliveMs ?? DEFAULTS.keepAliveMs,
      reconnectBackoffMs: options.reconnectBackoffMs ?? DEFAULTS.reconnectBackoffMs,
    };
    this.#identity = { kind: 'wing', model: 'WING', firmware: '', name: options.host, notes: [...WING_NOTES] };
    this.#queue = new ReadQueue({
      send: (address) => this.#send(address, []),
      timeoutMs: this.#timing.requestTimeoutMs,
      minTimeoutMs: Math.min(MIN_REQUEST_TIMEOUT_MS, this.#timing.requestTimeoutMs),
      nowMs: () => performance.now(),
      retries: this.#timing.retries,
      concurrency: this.#timing.concurrency,
      onTimeout: (address, attempt) => {
        this.#counters.timeouts++;
        this.#logger.debug({ address, attempt }, 'console read timed out');
      },
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new ConsoleError('transport', 'this console adapter was already started');
    this.#started = true;
    const stop = new AbortController();
    this.#stop = stop;
    if (signal.aborted) return;
    signal.addEventListener('abort', () => this.#shutdown(), { once: true });
    try {
      const address = await resolveIpv4(this.#host);
      const link = await openOscUdpLink({
        address,
        port: this.#port,
        localPort: 0,
        bindTo: 'route-to-desk',
        samePort: true,
        onDatagram: (bytes) => this.#onPacket(bytes),
        onStranger: (from) => {
          this.#counters.packetsIn++;
          this.#counters.foreign++;
          this.#logger.debug({ from }, 'packet from a stranger ignored');
        },
        onError: (error, oscAddress) => this.#warn('send', { err: error, address: oscAddress }, 'console socket error'),
      });
      if (stop.signal.aborted) {
        link.close();
        return;
      }
      this.#deskAddress = address;
      this.#link = link;
    } catch (error) {
      this.#shutdown();
      throw new ConsoleError('transport', `cannot reach ${this.#host}:${this.#port}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#setState('connecting');
    this.#watchLiveness(stop.signal);
    void this.#run(stop.signal);
  }

  state(): ConnectionState {
    return this.#state;
  }

  identity(): ConsoleIdentity {
    return this.#identity;
  }

  snapshot(): ConsoleSnapshot {
    this.#snapshot ??= this.#synced ? buildWingSnapshot(this.#values, this.#identity) : this.#emptySnapshot();
    return this.#snapshot;
  }

  unknownAddresses(): readonly string[] {
    return [...this.#unknown].sort();
  }

  paramSpec(param: ParamId): ParamSpec | undefined {
    const bound = bindWingParam(param, this.#values);
    if (!bound.ok || this.#isUnknown(bound.binding.address)) return undefined;
    const { binding } = bound;
    if (binding.kind === 'switch') {
      return { id: param, label: binding.label, unit: 'switch', min: 0, max: 1, stepDb: 1, quantise: (v) => (v >= 0.5 ? 1 : 0) };
    }
    const { range } = binding;
    return { id: param, label: binding.label, unit: 'dB', min: range.minDb, max: range.maxDb, stepDb: range.stepDb, quantise: (v) => quantiseLevel(v, range) };
  }

  async apply(change: ParamChange): Promise<number> {
    if (this.#state !== 'ready') throw new ConsoleError('not-ready', `the console is ${this.#state}, not ready`);
    const bound = bindWingParam(change.param, this.#values);
    if (!bound.ok) throw new ConsoleError(bound.code, bound.message);
    if (Number.isNaN(change.value)) throw new ConsoleError('not-writable', `${change.param}: NaN cannot be written`);
    const { binding } = bound;
    if (this.#isUnknown(binding.address)) {
      throw new ConsoleError('not-writable', `${binding.label}: the desk did not answer ${binding.address} during the sync, so Headroom does not write it`);
    }
    const arg = toWireArg(binding, change.value);
    const before = this.#values.get(binding.address)?.value;
    let confirmed: WingValue | null = null;
    for (let attempt = 0; attempt <= this.#timing.retries; attempt++) {
      this.#send(binding.address, [arg]);
      this.#logger.info({ param: change.param, address: binding.address, requested: change.value, wire: arg.value }, 'console write sent');
      // The desk does not echo a client's own write: read it back.
      confirmed = parseWingReply(await this.#queue.read(binding.address));
      if (confirmed === null || confirmed.value === null) break;
      const lost = sameValue(confirmed.value, before) && typeof arg.value === 'number' && !sameValue(confirmed.value, arg.value);
      if (!lost) break;
    }
    if (confirmed === null || confirmed.value === null) {
      throw new ConsoleError('read-back-mismatch', `the console answered ${binding.address} with an unexpected value`);
    }
    return fromWire(binding, confirmed.value);
  }

  counters(): LinkCounters {
    return { ...this.#counters };
  }

  #run(stop: AbortSignal): Promise<void> {
    return runReconnecting({
      stop,
      backoffMs: this.#timing.reconnectBackoffMs,
      connect: (session) => {
        this.#session = session;
        return this.#connect(session.signal);
      },
      onAttemptFailed: (error) => this.#logger.warn({ err: error, host: this.#host }, 'console link attempt failed'),
      onSessionEnded: () => {
        this.#queue.cancelAll(new ConsoleError('transport', 'the console link was lost'));
      },
      onLost: () => {
        if (this.#state !== 'connecting') this.#setState('lost');
      },
    });
  }

  async #connect(session: AbortSignal): Promise<void> {
    const identity = await this.#identify();
    if (this.#state === 'lost') this.#counters.reconnects++;
    this.#identity = identity;
    this.#invalidate();
    this.#logger.info({ model: identity.model, firmware: identity.firmware, name: identity.name }, 'console identified');
    // Subscribe before reading: a change made at the desk while the sync runs is then pushed, not missed.
    this.#send(SUBSCRIBE_ADDRESS, []);
    const timer = setInterval(() => this.#send(SUBSCRIBE_ADDRESS, []), this.#timing.keepAliveMs);
    session.addEventListener('abort', () => clearInterval(timer), { once: true });
    this.#setState('syncing');
    await this.#openMeters(session);
    // Channel 1 first: an address this firmware does not have times out once, not forty times.
    const all = wingSyncAddresses();
    const probe = all.filter((address) => address.startsWith(PROBE_CHANNEL_PATH));
    this.#unknown.clear();
    const missing = new Set<string>();
    for (const address of await this.#readAll(probe)) {
      missing.add(channelSuffix(address));
      this.#unknown.delete(address);
      this.#unknown.add(`/ch/*/${channelSuffix(address)}`);
    }
    await this.#readAll(all.filter((address) => !address.startsWith(PROBE_CHANNEL_PATH) && !missing.has(channelSuffix(address))));
    const sources = wingSourceAddresses(this.#values);
    sources.forEach((address) => this.#tracked.add(address));
    await this.#readAll(sources);
    this.#synced = true;
    this.#invalidate();
    this.#setState('ready');
  }

  /**
   * Reads every address and resolves with those that did not answer: they stay unknown (a firmware without
   * them must not keep the desk from being used) and are never written. When none answers the link is down
   * and the attempt fails.
   */
  async #readAll(addresses: readonly string[]): Promise<string[]> {
    const results = await Promise.allSettled(addresses.map((address) => this.#queue.read(address)));
    const failed = addresses.filter((_, i) => results[i]?.status === 'rejected');
    if (failed.length > 0 && failed.length === addresses.length) throw new ConsoleError('read-back-timeout', 'the console answered none of the sync reads');
    if (failed.length > 0) this.#warn('sync', { failed: failed.length, of: addresses.length }, 'some console values did not answer and stay unknown');
    failed.forEach((address) => this.#unknown.add(address));
    return failed;
  }

  /**
   * Opens the meter link for this session. A link that fails (the desk closed the native connection, or it
   * cannot be reached) is opened again after keepAliveMs for as long as the session lasts: settings keep
   * working meanwhile, and the engine says which stages it cannot see.
   */
  async #openMeters(session: AbortSignal): Promise<void> {
    const address = this.#deskAddress;
    if (!address || session.aborted) return;
    const attempt = new AbortController();
    const endAttempt = (): void => attempt.abort();
    session.addEventListener('abort', endAttempt, { once: true });
    const retry = (error: unknown): void => {
      if (attempt.signal.aborted) return;
      attempt.abort();
      session.removeEventListener('abort', endAttempt);
      if (session.aborted) return;
      this.#warn('meter-link', { err: error, port: this.#nativePort }, 'WING meter link failed; trying again');
      delay(this.#timing.keepAliveMs, undefined, { signal: session }).then(
        () => this.#openMeters(session),
        () => undefined,
      );
    };
    try {
      await openWingMeterLink(
        {
          address,
          nativePort: this.#nativePort,
          reportId: METER_REPORT_ID,
          renewMs: this.#timing.keepAliveMs,
          onFrame: (frame) => this.meterTopic.emit(frame),
          onMalformed: (reason) => {
            this.#counters.malformed++;
            this.#warn('meters', { reason }, 'meter datagram dropped');
          },
          onLinkError: retry,
        },
        attempt.signal,
      );
    } catch (error) {
      retry(error);
    }
  }

  async #identify(): Promise<ConsoleIdentity> {
    const reply = await this.#queue.read(IDENTITY_ADDRESS);
    const [arg] = reply;
    const fields = arg?.type === 's' ? arg.value.split(',') : [];
    // "WING,ip,name,model,serial,firmware" (WING Remote Protocols, `/?`; the same text the UDP discovery returns).
    if (reply.length !== 1 || fields.length < 6 || fields[0] !== 'WING') {
      this.#counters.unexpected++;
      throw new ConsoleError('transport', 'the console answered /? with something other than a WING identity');
    }
    const [, , name = '', model = '', , firmware = ''] = fields;
    return { kind: 'wing', model: wingModelName(model), firmware, name, notes: [...WING_NOTES] };
  }

  #watchLiveness(stop: AbortSignal): void {
    const { livenessTimeoutMs } = this.#timing;
    const timer = setInterval(() => {
      const silentMs = Date.now() - this.#lastPacketAtMs;
      if ((this.#state === 'ready' || this.#state === 'syncing') && silentMs > livenessTimeoutMs) {
        this.#logger.warn({ silentMs, host: this.#host }, 'console fell silent');
        this.#session?.abort();
        this.#queue.cancelAll(new ConsoleError('transport', `no packet from the console for ${silentMs} ms`));
      } else if (this.#state === 'ready' && silentMs > livenessTimeoutMs / 2) {
        this.#send(IDENTITY_ADDRESS, []);
      }
    }, Math.max(10, Math.floor(livenessTimeoutMs / 4)));
    stop.addEventListener('abort', () => clearInterval(timer), { once: true });
  }

  #shutdown(): void {
    if (!this.#stop || this.#stop.signal.aborted) return;
    this.#stop.abort();
    this.#queue.cancelAll(new ConsoleError('transport', 'the console adapter was stopped'));
    this.#link?.close();
    this.#link = null;
    this.#setState('idle');
  }

  #send(address: string, args: OscArg[]): void {
    if (this.#link?.send(address, args)) this.#counters.packetsOut++;
  }

  #onPacket(bytes: Buffer): void {
    this.#counters.packetsIn++;
    this.#lastPacketAtMs = Date.now();
    try {
      const decoded = decodePacket(bytes);
      if (decoded.kind === 'malformed') {
        this.#counters.malformed++;
        this.#warn('malformed', { reason: decoded.reason, bytes: bytes.byteLength }, 'malformed packet from the console dropped');
      } else if (decoded.kind === 'unsupported') {
        this.#counters.unexpected++;
        this.#logger.debug({ reason: decoded.reason }, 'unsupported packet from the console ignored');
      } else {
        this.#onMessage(decoded.message.address, decoded.message.args);
      }
    } catch (error) {
      this.#warn('handler', { err: error }, 'handling a console packet failed');
    }
  }

  #onMessage(address: string, args: OscArg[]): void {
    if (address === IDENTITY_ADDRESS) {
      this.#queue.resolve(address, args);
      return;
    }
    if (address === ERROR_ADDRESS) {
      this.#counters.unexpected++;
      this.#warn('desk-error', { args: args.map((arg) => (arg.type === 's' ? arg.value : arg.type)) }, 'the console reported an error');
      return;
    }
    if (!this.#tracked.has(address)) {
      if (!this.#queue.resolve(address, args)) this.#counters.unexpected++;
      return;
    }
    const reply = parseWingReply(args);
    if (reply === null) {
      // A `/*S` push: only the normalised float. Read the value, then report the change.
      if (args.length === 1 && args[0]?.type !== 's') {
        this.#queue.read(address).then(
          () => this.#onDeskPush(address),
          (error: unknown) => this.#logger.debug({ err: error, address }, 'reading a pushed change failed'),
        );
      } else {
        this.#counters.unexpected++;
        this.#warn(`value:${address}`, { address, args: args.map((arg) => arg.type) }, 'console value of unexpected shape ignored');
      }
      return;
    }
    const changed = !sameReply(this.#values.get(address), reply);
    this.#values.set(address, reply);
    if (changed) this.#invalidate();
    const wasReply = this.#queue.resolve(address, args);
    if (!wasReply && changed) this.#onDeskPush(address);
  }

  #onDeskPush(address: string): void {
    const followUps = wingFollowUpAddresses(address, this.#values);
    followUps.forEach((followUp) => this.#tracked.add(followUp));
    if (followUps.length === 0) {
      this.#emitDeskChanges(address);
      return;
    }
    Promise.all(followUps.map((followUp) => this.#queue.read(followUp))).then(
      () => this.#emitDeskChanges(address),
      (error: unknown) => this.#logger.warn({ err: error, address }, 'reading values behind a desk change failed'),
    );
  }

  #emitDeskChanges(address: string): void {
    const snapshot = this.snapshot();
    const atMs = Date.now();
    for (const param of wingParamsAt(address, this.#values)) {
      const value = readParam(snapshot, param);
      if (value !== undefined) this.deskChangeTopic.emit({ param, value, atMs });
    }
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#logger.info({ state, host: this.#host }, 'console state');
    if (state === 'ready') this.changeFeed.touch();
    this.stateTopic.emit(state);
  }

  #invalidate(): void {
    this.#snapshot = null;
    // A sync brings thousands of replies: listeners hear the result once, when the link is ready.
    if (this.#state !== 'syncing') this.changeFeed.touch();
  }

  /** True for an address the last sync did not get an answer for (itself, or its suffix on channel 1). */
  #isUnknown(address: string): boolean {
    return this.#unknown.has(address) || (address.startsWith('/ch/') && this.#unknown.has(`/ch/*/${channelSuffix(address)}`));
  }

  #emptySnapshot(): ConsoleSnapshot {
    return {
      identity: this.#identity,
      meters: WING_METER_CAPABILITIES,
      ranges: WING_LEVEL_RANGES,
      channels: [],
      buses: [],
      matrices: [],
      main: { name: '', faderDb: -Infinity, on: false },
      outputs: [],
    };
  }

  #warn(kind: string, obj: object, msg: string): void {
    const now = Date.now();
    if (now - (this.#lastWarnAt.get(kind) ?? -Infinity) < WARN_INTERVAL_MS) return;
    this.#lastWarnAt.set(kind, now);
    this.#logger.warn({ ...obj, counters: this.counters() }, msg);
  }
}

/** Clamps and snaps a level onto Headroom's grid for it (faders: -Infinity at the floor, 0.1 dB from 0 dB). */
export function quantiseLevel(value: number, range: DbRange): number {
  if (value === -Infinity || value <= WING_FADER_FLOOR_DB) return Number.isFinite(range.minDb) ? range.minDb : -Infinity;
  const clamped = Math.min(range.maxDb, Math.max(range.minDb, value));
  const origin = Number.isFinite(range.minDb) ? range.minDb : 0;
  const snapped = origin + Math.round((clamped - origin) / range.stepDb) * range.stepDb;
  return Math.round(Math.min(range.maxDb, snapped) * 1000) / 1000 + 0;
}

function toWireArg(binding: WingBinding, value: number): OscArg {
  if (binding.kind === 'switch') {
    const on = value >= 0.5;
    return { type: 'i', value: on !== binding.inverted ? 1 : 0 };
  }
  const level = quantiseLevel(value, binding.range);
  return { type: 'f', value: level === -Infinity ? WING_FADER_FLOOR_DB : level };
}

function fromWire(binding: WingBinding, wire: number): number {
  if (binding.kind === 'switch') return (wire !== 0) !== binding.inverted ? 1 : 0;
  return wire <= WING_FADER_FLOOR_DB ? -Infinity : Math.round(wire * 1000) / 1000;
}

/** Same value, allowing for float32 rounding on the way back from the desk. */
function sameValue(a: number | null | undefined, b: number | null | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-4;
  return a === b;
}

function sameReply(a: WingValue | undefined, b: WingValue): boolean {
  return a !== undefined && a.text === b.text && sameValue(a.value, b.value);
}

/** "/ch/12/eq/1g" -> "eq/1g"; other addresses are their own key. */
function channelSuffix(address: string): string {
  const match = /^\/ch\/\d+\/(.+)$/.exec(address);
  return match?.[1] ?? address;
}
