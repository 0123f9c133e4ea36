/**
 * The X-family console adapter (X32/M32 and X-Air share it; a family supplies the address map and meter
 * banks). It owns one UDP socket and every timer; the AbortController created in start() releases them all.
 *
 * Life cycle: idle -> connecting (identify with /xinfo and /info) -> syncing (subscribe with /xremote and
 * the meter requests, renewed every keepAliveMs from then on; read every value) -> ready -> lost (no packet
 * for livenessTimeoutMs; the snapshot is kept) -> reconnect with exponential backoff -> syncing -> ready.
 * Every message from the desk lands in one state map keyed by address; the snapshot is derived from it.
 */
import { runReconnecting } from '../reconnect-loop';
import {
  ConsoleError,
  emptyCounters,
  type ConnectionState,
  type Console,
  type LinkCounters,
  type ParamChange,
} from '../console';
import { emptyMeterFrame } from '../../model/meter-frame';
import { readParam, type ParamId, type ParamSpec } from '../../model/params';
import type { ConsoleIdentity, ConsoleSnapshot } from '../../model/stages';
import { decodeFloatMeterBlob, decodeInt16MeterBlob, decodePacket, type OscArg } from '../osc/codec';
import { X_LEVEL_RANGES, toWireValue, type MeterBank, type WireValue, type XFamily } from './family';
import { ReadQueue } from '../osc/read-queue';
import { SilenceWatch } from './silence-watch';
import { openOscUdpLink, resolveIpv4, type OscUdpLink } from '../osc/udp-link';
import { ConsoleEvents } from '../console-events';

/** Structured logger (pino-compatible subset). */
export interface XConsoleLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface XConsoleOptions {
  /** Desk IP address or host name. */
  host: string;
  /** Desk UDP port: 10023 on X32/M32, 10024 on X-Air. */
  port: number;
  /** How long one read waits for its reply at most (default 300 ms; less once the desk's round trip is known). */
  requestTimeoutMs?: number;
  /** Further attempts after a read timed out (default 5: with the adaptive timeout they are cheap, and a value lost on every attempt at 5 % loss becomes rare). */
  retries?: number;
  /** Reads in flight at once (default 16). */
  concurrency?: number;
  /** Silence after which the link counts as lost (default 2000 ms). */
  livenessTimeoutMs?: number;
  /** Period of /xremote and meter renewals; the desk drops both after 10 s (default 3000 ms). */
  keepAliveMs?: number;
  /** Delay before the first reconnect attempt, doubled per failure up to max (default 250..5000 ms). */
  reconnectBackoffMs?: { initial: number; max: number };
  logger?: XConsoleLogger;
}

const DEFAULTS = {
  requestTimeoutMs: 300,
  retries: 5,
  concurrency: 16,
  livenessTimeoutMs: 2000,
  keepAliveMs: 3000,
  reconnectBackoffMs: { initial: 250, max: 5000 },
} as const;

const SILENT_LOGGER: XConsoleLogger = { warn: () => undefined, info: () => undefined, debug: () => undefined };

/** Identity requests the desk answers without a session; also used as liveness replies. */
const IDENTITY_ADDRESSES = new Set(['/xinfo', '/info', '/status']);

/**
 * Floor of the adaptive read timeout: a desk on a wired LAN answers in a few ms, on venue Wi-Fi in tens;
 * a reply later than this is rare enough that asking again costs less than waiting on a lost packet.
 */
const MIN_REQUEST_TIMEOUT_MS = 50;

/** Longest identity string kept (desk name, model, firmware): the desks send well under it. */
const IDENTITY_MAX_CHARS = 32;

/** A repeated warning (malformed flood) is logged at most this often per kind. */
const WARN_INTERVAL_MS = 1000;

/** Creates an adapter for one desk family. */
export function createXConsole(family: XFamily, options: XConsoleOptions): Console {
  return new XConsole(family, options);
}

class XConsole extends ConsoleEvents implements Console {
  #family: XFamily;
  readonly #host: string;
  readonly #port: number;
  readonly #timing: Required<Omit<XConsoleOptions, 'host' | 'port' | 'logger'>>;
  readonly #logger: XConsoleLogger;
  readonly #counters: LinkCounters = emptyCounters();
  readonly #values = new Map<string, WireValue>();
  readonly #bankValues = new Map<string, readonly number[]>();
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
  readonly #silence: SilenceWatch;
  /** Addresses the desk never answered during the last sync (values unknown, never written). */
  readonly #unknown = new Set<string>();

  constructor(family: XFamily, options: XConsoleOptions) {
    const logger = options.logger ?? SILENT_LOGGER;
    super((error) => logger.warn({ err: error }, 'console event listener failed'), setImmediate);
    this.#family = family;
    this.#host = options.host;
    this.#port = options.port;
    this.#logger = logger;
    this.#timing = {
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      retries: options.retries ?? DEFAULTS.retries,
      concurrency: options.concurrency ?? DEFAULTS.concurrency,
      livenessTimeoutMs: options.livenessTimeoutMs ?? DEFAULTS.livenessTimeoutMs,
      keepAliveMs: options.keepAliveMs ?? DEFAULTS.keepAliveMs,
      reconnectBackoffMs: options.reconnectBackoffMs ?? DEFAULTS.reconnectBackoffMs,
    };
    this.#identity = { kind: family.kind, model: family.defaultModel, firmware: '', name: options.host };
    this.#silence = new SilenceWatch({
      timeoutMs: this.#timing.livenessTimeoutMs,
      probeAfterMs: this.#timing.livenessTimeoutMs / 2,
      watching: () => this.#state === 'ready' || this.#state === 'syncing',
      onProbe: () => this.#send('/status', []),
      onSilent: (silentMs) => this.#onSilent(silentMs),
      nowMs: () => Date.now(),
    });
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

  unknownAddresses(): readonly string[] {
    return [...this.#unknown].sort();
  }

  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new ConsoleError('transport', 'this console adapter was already started');
    this.#started = true;
    const stop = new AbortController();
    this.#stop = stop;
    if (signal.aborted) return;
    signal.addEventListener('abort', () => this.#shutdown(), { once: true });
    try {
      const link = await openOscUdpLink({
        address: await resolveIpv4(this.#host),
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
        onError: (error, address) => this.#warn('send', { err: error, address }, 'console socket error'),
      });
      this.#logger.info({ local: link.local, desk: `${this.#host}:${this.#port}` }, 'console socket bound');
      if (stop.signal.aborted) {
        link.close();
        return;
      }
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
    this.#snapshot ??= this.#synced ? this.#family.buildSnapshot(this.#values, this.#identity) : this.#emptySnapshot();
    return this.#snapshot;
  }

  paramSpec(param: ParamId): ParamSpec | undefined {
    const bound = this.#family.bindParam(param, this.#values);
    if (!bound.ok || this.#unknown.has(bound.binding.address)) return undefined;
    const { binding } = bound;
    if (binding.kind === 'switch') {
      return { id: param, label: binding.label, unit: 'switch', min: 0, max: 1, stepDb: 1, quantise: (v) => (v >= 0.5 ? 1 : 0) };
    }
    const { law } = binding;
    return { id: param, label: binding.label, unit: 'dB', min: law.min, max: law.max, stepDb: law.step, quantise: (v) => law.quantise(v) };
  }

  async apply(change: ParamChange): Promise<number> {
    if (this.#state !== 'ready') throw new ConsoleError('not-ready', `the console is ${this.#state}, not ready`);
    const bound = this.#family.bindParam(change.param, this.#values);
    if (!bound.ok) throw new ConsoleError(bound.code, bound.message);
    if (this.#unknown.has(bound.binding.address)) {
      throw new ConsoleError('not-writable', `${change.param}: the console never answered ${bound.binding.address}, so its value is unknown and is not written`);
    }
    if (Number.isNaN(change.value)) throw new ConsoleError('not-writable', `${change.param}: NaN cannot be written`);
    const { binding } = bound;
    const spec = this.#family.spec(binding.address);
    if (!spec) throw new ConsoleError('unknown-param', `${binding.address} is not a known address`);
    const arg: OscArg =
      binding.kind === 'level'
        ? { type: 'f', value: binding.law.toFloat(change.value) }
        : { type: 'i', value: change.value >= 0.5 ? 1 : 0 };
    const before = this.#values.get(binding.address);
    let confirmed: WireValue | null = null;
    for (let attempt = 0; attempt <= this.#timing.retries; attempt++) {
      this.#send(binding.address, [arg]);
      this.#logger.info({ param: change.param, address: binding.address, requested: change.value, wire: arg.value }, 'console write sent');
      // The desk does not echo a client's own write: read it back.
      confirmed = toWireValue(spec, await this.#queue.read(binding.address));
      if (confirmed === null) break;
      // Unchanged and not what was asked: the write itself was probably lost, so send it again.
      const lost = sameWire(confirmed, before) && !sameWire(confirmed, arg.value);
      if (!lost) break;
    }
    if (confirmed === null || typeof confirmed !== 'number') {
      throw new ConsoleError('read-back-mismatch', `the console answered ${binding.address} with an unexpected value`);
    }
    return binding.kind === 'level' ? binding.law.fromFloat(confirmed) : confirmed !== 0 ? 1 : 0;
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
    this.#family = this.#family.forModel(identity.model);
    this.#invalidate();
    this.#logger.info({ model: identity.model, firmware: identity.firmware, name: identity.name }, 'console identified');
    this.#bankValues.clear();
    // Subscribe before reading: a change made at the desk while the sync runs is then pushed, not missed.
    this.#subscribe();
    const timer = setInterval(() => {
      this.#subscribe();
      this.#askUnknown();
    }, this.#timing.keepAliveMs);
    session.addEventListener('abort', () => clearInterval(timer), { once: true });
    this.#setState('syncing');
    this.#unknown.clear();
    const syncAddresses = this.#family.syncAddresses();
    const unanswered = await this.#readAll(syncAddresses);
    if (unanswered.length === syncAddresses.length) {
      throw new ConsoleError('read-back-timeout', `the console answered none of the ${syncAddresses.length} values it was asked for`);
    }
    unanswered.push(...(await this.#readAll(this.#family.dependentAddresses(this.#values))));
    for (const address of unanswered) this.#unknown.add(address);
    if (unanswered.length > 0) {
      this.#logger.warn(
        { unknown: unanswered.length, addresses: unanswered.slice(0, 20) },
        'the console never answered some values: shown as unknown and never written',
      );
    }
    this.#synced = true;
    this.#invalidate();
    this.#setState('ready');
  }

  /**
   * Reads every address; resolves with the ones the desk never answered after all retries. Real desks
   * differ by model and firmware: one missing address must not keep the whole link from becoming ready.
   * Any other failure (the link lost, the adapter stopped) rejects.
   */
  async #readAll(addresses: readonly string[]): Promise<string[]> {
    const results = await Promise.allSettled(addresses.map((address) => this.#queue.read(address)));
    const unanswered: string[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      if (!(result.reason instanceof ConsoleError) || result.reason.code !== 'read-back-timeout') throw result.reason;
      unanswered.push(addresses[i]!);
    });
    return unanswered;
  }

  async #identify(): Promise<ConsoleIdentity> {
    const [xinfo, info] = await Promise.allSettled([this.#queue.read('/xinfo'), this.#queue.read('/info')]);
    // Both end in name, model, firmware: X32 /xinfo is ip, name, model, firmware; X-Air /xinfo has a server
    // version after the ip; /info is server version, name, model, firmware.
    for (const reply of [xinfo, info]) {
      if (reply.status !== 'fulfilled') continue;
      const strings = reply.value.flatMap((arg) => (arg.type === 's' ? [arg.value] : []));
      const [name, model, firmware] = strings.slice(-3).map((text) => text.slice(0, IDENTITY_MAX_CHARS));
      if (strings.length === reply.value.length && name !== undefined && model !== undefined && firmware !== undefined) {
        return { kind: this.#family.kind, model, firmware, name };
      }
      this.#counters.unexpected++;
    }
    if (xinfo.status === 'rejected') throw xinfo.reason;
    throw new ConsoleError('transport', 'the console answered /xinfo and /info with unexpected arguments');
  }

  #subscribe(): void {
    this.#send('/xremote', []);
    for (const bank of this.#family.meterBanks) this.#send('/meters', [{ type: 's', value: bank.address }]);
  }

  /**
   * Asks again for the values the sync gave up on: on a lossy link a value can lose every attempt, and it
   * must not stay unknown for the rest of the show. An answer lands in #onMessage, which makes it known.
   */
  #askUnknown(): void {
    for (const address of this.#unknown) this.#send(address, []);
  }

  #watchLiveness(stop: AbortSignal): void {
    this.#silence.start(stop);
  }

  #onSilent(silentMs: number): void {
    this.#logger.warn({ silentMs, host: this.#host }, 'console fell silent');
    this.#session?.abort();
    this.#queue.cancelAll(new ConsoleError('transport', `no packet from the console for ${silentMs} ms`));
  }

  #shutdown(): void {
    if (!this.#stop || this.#stop.signal.aborted) return;
    this.#stop.abort();
    this.#queue.cancelAll(new ConsoleError('transport', 'the console adapter was stopped'));
    this.#link?.close();
    this.#link = null;
    this.#setState('idle');
  }

  #send(address: string, args: readonly OscArg[]): void {
    if (this.#link?.send(address, args)) this.#counters.packetsOut++;
  }

  #onPacket(bytes: Buffer): void {
    this.#counters.packetsIn++;
    this.#silence.heard();
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
    const bank = this.#family.meterBanks.find((candidate) => candidate.address === address);
    if (bank) {
      this.#onMeters(bank, args);
      return;
    }
    const spec = this.#family.spec(address);
    if (!spec) {
      if (!this.#queue.resolve(address, args) && !IDENTITY_ADDRESSES.has(address)) {
        this.#counters.unexpected++;
        this.#logger.debug({ address }, 'console message for an address Headroom does not keep');
      }
      return;
    }
    const value = toWireValue(spec, args);
    if (value === null) {
      this.#counters.unexpected++;
      this.#warn(`value:${address}`, { address, args: args.map((arg) => arg.type) }, 'console value of unexpected type or range ignored');
    } else {
      const [arg] = args;
      if (arg?.type === 's' && arg.value.length > String(value).length) {
        this.#counters.unexpected++;
        this.#warn(`long:${address}`, { address, chars: arg.value.length }, 'console string longer than the desk allows: cut to its limit');
      }
      this.#values.set(address, value);
      // A value the sync gave up on that the desk now sends is known again.
      this.#unknown.delete(address);
      this.#invalidate();
    }
    const wasReply = this.#queue.resolve(address, args);
    if (!wasReply && value !== null) this.#onDeskPush(address);
  }

  #onDeskPush(address: string): void {
    const followUps = this.#family.followUpAddresses(address, this.#values);
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
    for (const param of this.#family.paramsAt(address, this.#values)) {
      const value = readParam(snapshot, param);
      if (value !== undefined) this.deskChangeTopic.emit({ param, value, atMs });
    }
  }

  #onMeters(bank: MeterBank, args: OscArg[]): void {
    const [blob] = args;
    if (args.length !== 1 || blob?.type !== 'b') {
      this.#counters.malformed++;
      this.#warn('meters', { address: bank.address }, 'meter reply without a blob dropped');
      return;
    }
    const decoded = bank.encoding === 'float32' ? decodeFloatMeterBlob(blob.value) : decodeInt16MeterBlob(blob.value);
    if (!decoded.ok || decoded.valuesDb.length !== bank.count) {
      this.#counters.malformed++;
      const reason = decoded.ok ? `${decoded.valuesDb.length} values, expected ${bank.count}` : decoded.reason;
      this.#warn('meters', { address: bank.address, reason }, 'malformed meter blob dropped');
      return;
    }
    this.#bankValues.set(bank.address, decoded.valuesDb);
    if (!bank.primary) return;
    const frame = emptyMeterFrame(Date.now());
    for (const candidate of this.#family.meterBanks) {
      const values = this.#bankValues.get(candidate.address);
      if (values) candidate.fill(values, frame);
    }
    this.meterTopic.emit(frame);
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
    // A sync brings hundreds of replies: listeners hear the result once, when the link is ready, instead of
    // a rebuilt snapshot after every burst of them.
    if (this.#state !== 'syncing') this.changeFeed.touch();
  }

  #emptySnapshot(): ConsoleSnapshot {
    return {
      identity: this.#identity,
      meters: this.#family.meterCapabilities,
      ranges: X_LEVEL_RANGES,
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

/** Same wire value, allowing for float32 rounding on the way back from the desk. */
function sameWire(a: WireValue | null | undefined, b: WireValue | null | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-6;
  return a === b;
}
