/**
 * Yamaha desks over RCP (TF, DM3, DM7, CL/QL, RIVAGE PM): a parameter map per model family (maps/*.json)
 * says which address carries which parameter; the mapped-console base keeps values, builds the snapshot and
 * confirms writes by the value the desk answers (`OK set ...` / `OKm set ...`, or a NOTIFY), never by the
 * value sent. Stopping (the start() signal) releases every timer and the socket.
 *
 * Life cycle: idle -> connecting -> syncing (a `get` for every name and parameter of the map, through the
 * link's queue) -> ready (meters started with `mtrstart`, renewed every meterRenewMs; `devstatus runmode`
 * every keepAliveMs) -> lost (socket closed, or a keep-alive unanswered: the snapshot is kept) ->
 * connecting after a backoff -> syncing again, which picks up what changed meanwhile.
 */
import { ConsoleError, type Console, type ParamChange } from '../console';
import { SILENT_LOGGER, type ConsoleLogger } from '../mapped/console-logger';
import { MappedConsole, mappedIdentityNotes } from '../mapped/mapped-console';
import { runReconnecting } from '../reconnect-loop';
import type { RcpMessage } from './rcp-line-codec';
import { RCP_PORT, RcpLink, RcpRequestError } from './rcp-link';
import { loadRcpMap, rcpKey, type RcpBinding, type RcpMap, type RcpMeter, type RcpNameSlot } from './rcp-map';

export interface YamahaConsoleOptions {
  /** A shipped map name (tf, dm3, dm7, cl, ql, rivage), a path to a map file, or a map already loaded. */
  map: string | RcpMap;
  host: string;
  /** Default 49280. */
  port?: number;
  connectTimeoutMs?: number;
  /** How long a get, set or keep-alive waits for the desk's answer (default 2000 ms). */
  requestTimeoutMs?: number;
  /** Requests awaiting an answer at once (default 8). */
  maxInFlight?: number;
  /** How often the link is checked with `devstatus runmode` (default 5000 ms). */
  keepAliveMs?: number;
  /** Meter interval asked for in mtrstart (default 100 ms) and how often the request is renewed (default 10000 ms). */
  meterIntervalMs?: number;
  meterRenewMs?: number;
  reconnectBackoffMs?: { initial: number; max: number };
  /** How often gathered meter readings become a frame (default 50 ms). */
  meterFrameMs?: number;
  nowMs?: () => number;
  logger?: ConsoleLogger;
}

const DEFAULTS = {
  connectTimeoutMs: 3000,
  requestTimeoutMs: 2000,
  maxInFlight: 8,
  keepAliveMs: 5000,
  meterIntervalMs: 100,
  // Companion yamaha-rcp index.js renews its meter requests every 10 s (METER_REFRESH).
  meterRenewMs: 10_000,
  reconnectBackoffMs: { initial: 500, max: 5000 },
  meterFrameMs: 50,
} as const;

export async function createYamahaConsole(options: YamahaConsoleOptions): Promise<Console> {
  const map = typeof options.map === 'string' ? await loadRcpMap(options.map) : options.map;
  return new YamahaConsole(map, options);
}

class YamahaConsole extends MappedConsole<RcpBinding> {
  readonly #map: RcpMap;
  readonly #link: RcpLink;
  readonly #timing: Required<Pick<YamahaConsoleOptions, 'keepAliveMs' | 'meterIntervalMs' | 'meterRenewMs' | 'reconnectBackoffMs'>>;
  readonly #byKey = new Map<string, RcpBinding>();
  readonly #channelNameSlots = new Map<string, RcpNameSlot>();
  readonly #busNameSlots = new Map<string, RcpNameSlot>();
  readonly #meters = new Map<string, RcpMeter>();
  #unknown: string[] = [];
  #started = false;
  #everConnected = false;

  constructor(map: RcpMap, options: YamahaConsoleOptions) {
    const port = options.port ?? RCP_PORT;
    super({
      map: { name: map.name, file: map.file, confirm: 'echo' },
      bindings: map.bindings,
      identity: {
        kind: 'yamaha',
        model: map.model,
        firmware: '',
        name: `RCP ${options.host}:${port}`,
        notes: mappedIdentityNotes(map.notes, 'echo', map.meters.length > 0),
      },
      meterPoints: new Set(map.meters.map((meter) => meter.point)),
      echoTimeoutMs: (options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs) * 2,
      meterFrameMs: options.meterFrameMs ?? DEFAULTS.meterFrameMs,
      nowMs: options.nowMs ?? Date.now,
      logger: options.logger ?? SILENT_LOGGER,
    });
    this.#map = map;
    this.#link = new RcpLink({
      host: options.host,
      port,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      maxInFlight: options.maxInFlight ?? DEFAULTS.maxInFlight,
    });
    this.#timing = {
      keepAliveMs: options.keepAliveMs ?? DEFAULTS.keepAliveMs,
      meterIntervalMs: options.meterIntervalMs ?? DEFAULTS.meterIntervalMs,
      meterRenewMs: options.meterRenewMs ?? DEFAULTS.meterRenewMs,
      reconnectBackoffMs: options.reconnectBackoffMs ?? DEFAULTS.reconnectBackoffMs,
    };
    for (const binding of map.bindings) this.#byKey.set(rcpKey(binding.address, binding.x, binding.y), binding);
    for (const slot of map.channelNames) this.#channelNameSlots.set(rcpKey(slot.address, slot.x, slot.y), slot);
    for (const slot of map.busNames) this.#busNameSlots.set(rcpKey(slot.address, slot.x, slot.y), slot);
    for (const meter of map.meters) this.#meters.set(meter.address, meter);
  }

  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new ConsoleError('transport', 'this console adapter was already started');
    this.#started = true;
    if (signal.aborted) return;
    signal.addEventListener('abort', () => this.#shutdown(), { once: true });
    this.startMeterFrames();
    void runReconnecting({
      stop: signal,
      backoffMs: this.#timing.reconnectBackoffMs,
      connect: (session) => this.#connect(session),
      onAttemptFailed: (error) => this.warn('connect', { err: String(error) }, 'RCP link attempt failed; retrying'),
      onSessionEnded: () => this.#link.close(),
      onLost: () => this.setState('lost'),
    });
  }

  override unknownAddresses(): readonly string[] {
    return this.#unknown;
  }

  /** As the base, but an address the desk refused during the sync is never written. */
  override apply(change: ParamChange): Promise<number> {
    const binding = this.#map.bindings.find((b) => b.param === change.param);
    if (binding && this.#unknown.includes(rcpKey(binding.address, binding.x, binding.y))) {
      return Promise.reject(new ConsoleError('not-writable', `${change.param}: the desk refused ${binding.address} ${binding.x} ${binding.y} during the sync`));
    }
    return super.apply(change);
  }

  protected channelCount(): number {
    return this.#map.channels;
  }

  protected sendWrite(binding: RcpBinding, wire: number): void {
    this.linkCounters.packetsOut++;
    this.#link.set(binding.address, binding.x, binding.y, wire).catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      this.failWrite(binding.param, new ConsoleError(error instanceof RcpRequestError && error.code === 'refused' ? 'not-writable' : 'transport', text));
    });
  }

  /** Connects, syncs, then starts meters and the keep-alive; resolves once ready. */
  async #connect(session: AbortController): Promise<void> {
    this.setState('connecting');
    const lose = (reason: string): void => {
      if (session.signal.aborted) return;
      this.logger.warn({ reason, link: this.#link.description }, 'RCP link lost');
      this.failPendingWrites(new ConsoleError('transport', `the RCP link was lost: ${reason}`));
      session.abort();
    };
    await this.#link.open({
      onMessage: (message) => this.#onMessage(message),
      onMalformed: (reason, line) => {
        this.linkCounters.malformed++;
        this.warn('malformed', { reason, line }, 'malformed RCP line from the desk dropped');
      },
      onClose: lose,
    });
    if (session.signal.aborted) return;
    if (this.#everConnected) this.linkCounters.reconnects++;
    this.#everConnected = true;
    this.logger.info({ link: this.#link.description, map: this.#map.name }, 'RCP link up; syncing');
    this.setState('syncing');
    const answered = await this.#sync(session.signal);
    if (!answered || session.signal.aborted) throw new ConsoleError('transport', 'the sync did not finish: the desk stopped answering or the link went');
    this.setState('ready');
    this.#startMeters(session.signal);
    this.#startKeepAlive(session.signal, lose);
  }

  /**
   * A get for every name and bound parameter. What the desk refuses is listed as unknown (shown with
   * defaults, never written). False when a get went unanswered: the desk is not there, the link is lost
   * (closed at the first timeout, so the thousands of gets still queued fail at once instead of one by one).
   */
  async #sync(session: AbortSignal): Promise<boolean> {
    const addresses = [
      ...[...this.#channelNameSlots.values(), ...this.#busNameSlots.values()].map((slot) => ({ address: slot.address, x: slot.x, y: slot.y })),
      ...this.#map.bindings.map((binding) => ({ address: binding.address, x: binding.x, y: binding.y })),
    ];
    const unknown: string[] = [];
    let answered = true;
    await Promise.all(
      addresses.map(({ address, x, y }) => {
        this.linkCounters.packetsOut++;
        return this.#link.get(address, x, y).then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof RcpRequestError && error.code === 'refused') {
              unknown.push(rcpKey(address, x, y));
              return;
            }
            answered = false;
            if (error instanceof RcpRequestError && error.code === 'timeout' && !session.aborted) {
              this.linkCounters.timeouts++;
              this.#link.close();
            }
          },
        );
      }),
    );
    if (!answered) return false;
    this.#unknown = unknown;
    if (unknown.length > 0) this.logger.warn({ count: unknown.length, first: unknown.slice(0, 5) }, 'the desk refused some addresses; they are shown with defaults and never written');
    return true;
  }

  #startMeters(session: AbortSignal): void {
    if (this.#meters.size === 0) return;
    const request = (): void => {
      for (const meter of this.#meters.values()) {
        this.#link.send(`mtrstart ${meter.address} ${this.#timing.meterIntervalMs}\n`);
        this.linkCounters.packetsOut++;
      }
    };
    request();
    const timer = setInterval(request, this.#timing.meterRenewMs);
    session.addEventListener('abort', () => clearInterval(timer), { once: true });
  }

  #startKeepAlive(session: AbortSignal, lose: (reason: string) => void): void {
    const timer = setInterval(() => {
      this.linkCounters.packetsOut++;
      this.#link.command('devstatus', 'runmode').catch((error: unknown) => {
        if (session.aborted || !(error instanceof RcpRequestError) || error.code !== 'timeout') return;
        this.linkCounters.timeouts++;
        lose('the desk stopped answering the keep-alive');
      });
    }, this.#timing.keepAliveMs);
    session.addEventListener('abort', () => clearInterval(timer), { once: true });
  }

  #shutdown(): void {
    this.stopCore();
    this.#link.close();
    this.setState('idle');
  }

  #onMessage(message: RcpMessage): void {
    this.linkCounters.packetsIn++;
    try {
      this.#handle(message);
    } catch (error) {
      this.warn('handler', { err: String(error) }, 'handling an RCP line failed');
    }
  }

  #handle(message: RcpMessage): void {
    switch (message.kind) {
      case 'value': {
        const key = rcpKey(message.address, message.x, message.y);
        const binding = this.#byKey.get(key);
        if (binding && typeof message.value === 'number') {
          this.onValue(binding, message.value);
          return;
        }
        const channel = this.#channelNameSlots.get(key);
        if (channel && typeof message.value === 'string') {
          this.setChannelName(channel.strip, message.value);
          return;
        }
        const bus = this.#busNameSlots.get(key);
        if (bus && typeof message.value === 'string') {
          this.setBusName(bus.strip, message.value);
          return;
        }
        this.linkCounters.unexpected++;
        return;
      }
      case 'meter':
        this.#onMeter(message.address, message.codes);
        return;
      case 'error':
        this.warn('desk-error', { action: message.action, address: message.address, text: message.text }, 'the desk answered ERROR');
        return;
      case 'other':
        return;
    }
  }

  #onMeter(address: string, codes: readonly number[]): void {
    const meter = this.#meters.get(address);
    if (!meter) {
      this.linkCounters.unexpected++;
      return;
    }
    if (meter.point === 'main') {
      // The stereo master's meter is L and R; the main meter is one reading, the louder side.
      this.meterReadings.set('main', 1, Math.max(meter.dbfs(codes[0] ?? 0), meter.dbfs(codes[1] ?? 0)));
      return;
    }
    const count = meter.point === 'channelInput' || meter.point === 'channelPostFader' ? Math.min(codes.length, this.#map.channels) : codes.length;
    for (let i = 0; i < count; i++) this.meterReadings.set(meter.point, i + 1, meter.dbfs(codes[i]!));
  }
}
