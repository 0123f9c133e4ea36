/**
 * Soundcraft Ui12, Ui16 and Ui24R: the desk's own web-app protocol, text over a WebSocket on port 80
 * (./ui-message.ts). Implemented here rather than through the npm package soundcraft-ui-connection: see
 * the README's Soundcraft section for why.
 *
 * Two connections per session. The desk sends a change to "all other connected clients" (the library's
 * howitworks.md), so the client that writes is not told it happened: Headroom writes on one connection and
 * reads everything on the other, where a write is confirmed by the desk's own SETD for that key.
 *
 * Life cycle: idle -> connecting (both WebSockets open) -> syncing (the desk sends its whole state as
 * SETD/SETS; ready once every value Headroom models has come, or once the dump has been quiet for
 * syncSettleMs: what is still missing is listed as unknown and never written) -> ready -> lost (either
 * socket closed, or nothing at all, meters included, for livenessTimeoutMs) -> reconnect with backoff ->
 * syncing (a new connection brings the whole state again) -> ready. One AbortController per session owns
 * both sockets, their keep-alives and the sync timers.
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
import { SILENT_LOGGER, throttledWarn, type ConsoleLogger } from '../mapped/console-logger';
import { WriteConfirmations } from '../mapped/write-confirmations';
import { readParam, type ParamId, type ParamSpec } from '../../model/params';
import type { ConsoleIdentity, ConsoleSnapshot } from '../../model/stages';
import {
  UI_LAYOUTS,
  UI_LEVEL_RANGES,
  UI_METER_CAPABILITIES,
  UI_NOTES,
  bindUiParam,
  buildUiSnapshot,
  uiModelOf,
  uiParamsAt,
  uiRequiredKeys,
  type UiBinding,
  type UiLayout,
} from './ui-keys';
import { UI_FADER_RANGE, uiFaderDb, uiFaderPos, uiLinearDb, uiLinearValue } from './ui-law';
import { openUiLink, type UiLink } from './ui-link';
import { uiMeterFrame } from './ui-meter-frame';
import { encodeSetNumber, parseUiFrame, type UiMessage } from './ui-message';
import { decodeUiVu } from './ui-vu-frame';
import { ConsoleEvents } from '../console-events';

export interface UiConsoleOptions {
  host: string;
  /** The desk's web server port (80). */
  port: number;
  /** Period of the `ALIVE` keep-alive on each connection (the web app and the library send it every 1000 ms). */
  keepAliveMs?: number;
  /** The link is lost when nothing arrives for this long (the desk streams meters many times a second). */
  livenessTimeoutMs?: number;
  /** The state dump is over when no SETD/SETS has come for this long. */
  syncSettleMs?: number;
  /** A connection whose dump has not named the model by then is given up and tried again. */
  syncTimeoutMs?: number;
  /** How long a write waits for the desk to report the new value. */
  writeTimeoutMs?: number;
  reconnectBackoffMs?: { initial: number; max: number };
  logger?: ConsoleLogger;
}

const DEFAULTS = {
  keepAliveMs: 1000,
  livenessTimeoutMs: 5000,
  syncSettleMs: 500,
  syncTimeoutMs: 10_000,
  writeTimeoutMs: 2000,
  reconnectBackoffMs: { initial: 500, max: 5000 },
} as const;

const WARN_INTERVAL_MS = 1000;
/** Two wire values this close are the same (the desk reports ten decimals). */
const SAME_WIRE = 1e-9;

type Timing = Required<Omit<UiConsoleOptions, 'host' | 'port' | 'logger'>>;

export function createUiConsole(options: UiConsoleOptions): Console {
  return new UiConsole(options);
}

class UiConsole extends ConsoleEvents implements Console {
  readonly #url: string;
  readonly #host: string;
  readonly #timing: Timing;
  readonly #logger: ConsoleLogger;
  readonly #warn: (kind: string, obj: object, msg: string) => void;
  readonly #counters: LinkCounters = emptyCounters();
  readonly #values = new Map<string, number | string>();
  /** Keys the desk reported in this session's dump (the sync is complete when every required one is here). */
  readonly #seen = new Set<string>();
  /** Required keys the last sync did not bring: unknown, shown with neutral defaults, never written. */
  readonly #unknown = new Set<string>();
  readonly #confirmations: WriteConfirmations;
  #state: ConnectionState = 'idle';
  #identity: ConsoleIdentity;
  #layout: UiLayout | null = null;
  #snapshot: ConsoleSnapshot | null = null;
  #started = false;
  #stop: AbortController | null = null;
  #session: AbortController | null = null;
  #writer: UiLink | null = null;
  #lastFrameAtMs = 0;
  #lastStateAtMs = 0;
  /** Runs the sync check once the frames of this tick are handled (set while syncing). */
  #onSyncProgress: (() => void) | null = null;
  #syncCheckScheduled = false;

  constructor(options: UiConsoleOptions) {
    const logger = options.logger ?? SILENT_LOGGER;
    super((error) => logger.warn({ err: error }, 'console event listener failed'), setImmediate);
    this.#host = options.host;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.#url = `ws://${host}:${options.port}/`;
    this.#logger = logger;
    this.#warn = throttledWarn(this.#logger, WARN_INTERVAL_MS);
    this.#timing = {
      keepAliveMs: options.keepAliveMs ?? DEFAULTS.keepAliveMs,
      livenessTimeoutMs: options.livenessTimeoutMs ?? DEFAULTS.livenessTimeoutMs,
      syncSettleMs: options.syncSettleMs ?? DEFAULTS.syncSettleMs,
      syncTimeoutMs: options.syncTimeoutMs ?? DEFAULTS.syncTimeoutMs,
      writeTimeoutMs: options.writeTimeoutMs ?? DEFAULTS.writeTimeoutMs,
      reconnectBackoffMs: options.reconnectBackoffMs ?? DEFAULTS.reconnectBackoffMs,
    };
    this.#identity = { kind: 'soundcraft-ui', model: 'Soundcraft Ui', firmware: '', name: options.host, notes: [...UI_NOTES] };
    this.#confirmations = new WriteConfirmations(this.#timing.writeTimeoutMs, (key) => {
      this.#counters.timeouts++;
      this.#warn('write-timeout', { key }, 'the desk did not report a written value back');
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new ConsoleError('transport', 'this console adapter was already started');
    this.#started = true;
    const stop = new AbortController();
    this.#stop = stop;
    if (signal.aborted) return;
    signal.addEventListener('abort', () => this.#shutdown(), { once: true });
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
    this.#snapshot ??= this.#layout ? buildUiSnapshot(this.#values, this.#layout, this.#identity) : this.#emptySnapshot();
    return this.#snapshot;
  }

  unknownAddresses(): readonly string[] {
    return [...this.#unknown].sort();
  }

  paramSpec(param: ParamId): ParamSpec | undefined {
    const binding = this.#writable(param);
    if (!binding.ok) return undefined;
    const { label } = binding.binding;
    if (binding.binding.kind === 'switch') {
      return { id: param, label, unit: 'switch', min: 0, max: 1, stepDb: 1, quantise: (v) => (v >= 0.5 ? 1 : 0) };
    }
    const range = binding.binding.kind === 'gain' ? binding.binding.range : UI_FADER_RANGE;
    const snap = binding.binding.kind === 'gain' ? (v: number) => uiLinearDb(uiLinearValue(v, range), range) : quantiseFaderDb;
    return { id: param, label, unit: 'dB', min: range.minDb, max: range.maxDb, stepDb: range.stepDb, quantise: snap };
  }

  async apply(change: ParamChange): Promise<number> {
    if (this.#state !== 'ready') throw new ConsoleError('not-ready', `the console is ${this.#state}, not ready`);
    const bound = this.#writable(change.param);
    if (!bound.ok) throw new ConsoleError(bound.code, bound.message);
    if (Number.isNaN(change.value)) throw new ConsoleError('not-writable', `${change.param}: NaN cannot be written`);
    const { binding } = bound;
    const wire = toWire(binding, change.value);
    const held = this.#values.get(binding.key);
    // The desk reports changes only: a value it already holds would never be confirmed, and needs no write.
    if (typeof held === 'number' && Math.abs(held - wire) < SAME_WIRE) return fromWire(binding, held);
    const writer = this.#writer;
    if (!writer) throw new ConsoleError('transport', 'the write connection to the desk is not open');
    if (!writer.send(encodeSetNumber(binding.key, wire))) throw new ConsoleError('transport', 'the write connection to the desk closed');
    // Registered in the same tick as the send: the desk's report can only arrive on a later one.
    const confirmed = this.#confirmations.expect(binding.key);
    this.#counters.packetsOut++;
    this.#logger.info({ param: change.param, key: binding.key, requested: change.value, wire }, 'console write sent');
    return fromWire(binding, await confirmed);
  }

  counters(): LinkCounters {
    return { ...this.#counters };
  }

  #writable(param: ParamId): ReturnType<typeof bindUiParam> {
    const layout = this.#layout;
    if (!layout) return { ok: false, code: 'unknown-param', message: `${param}: the desk's model is not known yet` };
    const bound = bindUiParam(param, this.#values, layout);
    if (bound.ok && this.#unknown.has(bound.binding.key)) {
      return { ok: false, code: 'not-writable', message: `${bound.binding.label}: the desk did not report ${bound.binding.key} during the sync, so Headroom does not write it` };
    }
    return bound;
  }

  #run(stop: AbortSignal): Promise<void> {
    return runReconnecting({
      stop,
      backoffMs: this.#timing.reconnectBackoffMs,
      connect: (session) => {
        this.#session = session;
        return this.#connect(session);
      },
      onAttemptFailed: (error) => this.#warn('connect', { err: error, url: this.#url }, 'console link attempt failed'),
      onSessionEnded: () => {
        this.#writer = null;
        this.#onSyncProgress = null;
        this.#confirmations.cancelAll(new ConsoleError('transport', 'the console link was lost'));
      },
      onLost: () => {
        if (this.#state !== 'connecting') this.#setState('lost');
      },
    });
  }

  async #connect(session: AbortController): Promise<void> {
    const { signal } = session;
    const lose = (which: string) => (reason: string): void => {
      if (signal.aborted) return;
      this.#logger.warn({ link: which, reason, host: this.#host }, 'console link closed');
      session.abort();
    };
    const common = { url: this.#url, keepAliveMs: this.#timing.keepAliveMs, openTimeoutMs: this.#timing.syncTimeoutMs };
    this.#seen.clear();
    const reader = openUiLink(
      { ...common, onText: (text) => this.#onReaderFrame(text), onBinary: (bytes) => this.#onBinary(bytes), onClose: lose('read') },
      signal,
    );
    // The writer's own copy of the dump and meters is not needed: the reader has them.
    const writer = openUiLink({ ...common, onText: () => undefined, onBinary: () => undefined, onClose: lose('write') }, signal);
    const [, opened] = await Promise.all([reader, writer]);
    if (this.#state === 'lost') this.#counters.reconnects++;
    this.#lastFrameAtMs = Date.now();
    this.#setState('syncing');
    await this.#awaitSync(signal);
    this.#writer = opened;
    this.#invalidate();
    this.#setState('ready');
  }

  /**
   * Resolves when the dump holds every value Headroom models, or when it has been quiet for syncSettleMs
   * with the model known (then the missing values are unknown). Rejects after syncTimeoutMs without a model.
   */
  #awaitSync(session: AbortSignal): Promise<void> {
    const startedAtMs = Date.now();
    this.#lastStateAtMs = startedAtMs;
    return new Promise((resolve, reject) => {
      const finish = (error?: Error): void => {
        clearInterval(timer);
        session.removeEventListener('abort', onAbort);
        this.#onSyncProgress = null;
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        const layout = this.#layout;
        const now = Date.now();
        if (layout) {
          const missing = uiRequiredKeys(this.#values, layout).filter((key) => !this.#seen.has(key));
          const settled = now - this.#lastStateAtMs >= this.#timing.syncSettleMs;
          if (missing.length === 0 || settled) {
            this.#unknown.clear();
            missing.forEach((key) => this.#unknown.add(key));
            if (missing.length > 0) this.#warn('sync', { missing: missing.length, first: missing.slice(0, 5) }, 'the desk did not report some values; they stay unknown and are never written');
            finish();
            return;
          }
        }
        if (now - startedAtMs >= this.#timing.syncTimeoutMs) {
          finish(new ConsoleError('read-back-timeout', `the desk did not name its model within ${this.#timing.syncTimeoutMs} ms of connecting`));
        }
      };
      const onAbort = (): void => finish(new ConsoleError('transport', 'the console link closed during the sync'));
      const timer = setInterval(check, Math.max(10, Math.floor(this.#timing.syncSettleMs / 4)));
      session.addEventListener('abort', onAbort, { once: true });
      this.#onSyncProgress = check;
    });
  }

  #onBinary(bytes: number): void {
    this.#counters.packetsIn++;
    this.#counters.unexpected++;
    this.#warn('binary', { bytes }, 'binary frame from the desk ignored');
  }

  #onReaderFrame(text: string): void {
    this.#counters.packetsIn++;
    this.#lastFrameAtMs = Date.now();
    try {
      const frame = parseUiFrame(text);
      for (const line of frame.lines) {
        if (line.kind === 'malformed') {
          this.#counters.malformed++;
          this.#warn('malformed', { reason: line.reason }, 'malformed message from the desk dropped');
        } else {
          this.#onMessage(line);
        }
      }
    } catch (error) {
      this.#warn('handler', { err: error }, 'handling a desk frame failed');
    }
    if (this.#onSyncProgress && !this.#syncCheckScheduled) {
      this.#syncCheckScheduled = true;
      setImmediate(() => {
        this.#syncCheckScheduled = false;
        this.#onSyncProgress?.();
      });
    }
  }

  #onMessage(message: UiMessage): void {
    switch (message.kind) {
      case 'vu':
        this.#onVu(message.base64);
        return;
      case 'other':
        return;
      default:
        this.#onValue(message.key, message.value);
    }
  }

  #onValue(key: string, value: number | string): void {
    this.#lastStateAtMs = Date.now();
    this.#seen.add(key);
    // A value the sync missed that the desk reports later is known from now on (and writable again).
    if (this.#unknown.delete(key)) this.#invalidate();
    const before = this.#values.get(key);
    this.#values.set(key, value);
    if (key === 'model' || key === 'firmware') this.#identify();
    const changed = before !== value;
    if (changed) this.#invalidate();
    if (typeof value !== 'number' || this.#state !== 'ready') return;
    // Offered even when unchanged: a desk that keeps its value (a locked gain) answers the write with it.
    if (this.#confirmations.offer(key, value) || !changed) return;
    this.#emitDeskChanges(key);
  }

  #identify(): void {
    const model = uiModelOf(this.#values);
    if (model === null) return;
    const layout = UI_LAYOUTS[model];
    this.#layout = layout;
    const firmware = this.#values.get('firmware');
    this.#identity = {
      kind: 'soundcraft-ui',
      model: `Soundcraft ${layout.label}`,
      firmware: typeof firmware === 'string' ? firmware : '',
      name: this.#host,
      notes: [...UI_NOTES],
    };
  }

  #onVu(base64: string): void {
    const layout = this.#layout;
    if (!layout) return;
    const decoded = decodeUiVu(base64);
    const built = decoded.ok ? uiMeterFrame(decoded.frame, layout, Date.now()) : decoded;
    if (!built.ok) {
      this.#counters.malformed++;
      this.#warn('meters', { reason: built.reason }, 'meter frame from the desk dropped');
      return;
    }
    this.meterTopic.emit(built.frame);
  }

  #emitDeskChanges(key: string): void {
    const layout = this.#layout;
    if (!layout) return;
    const snapshot = this.snapshot();
    const atMs = Date.now();
    for (const param of uiParamsAt(key, this.#values, layout)) {
      const value = readParam(snapshot, param);
      if (value !== undefined) this.deskChangeTopic.emit({ param, value, atMs });
    }
  }

  #watchLiveness(stop: AbortSignal): void {
    const { livenessTimeoutMs } = this.#timing;
    const timer = setInterval(() => {
      const silentMs = Date.now() - this.#lastFrameAtMs;
      if ((this.#state === 'ready' || this.#state === 'syncing') && silentMs > livenessTimeoutMs) {
        this.#logger.warn({ silentMs, host: this.#host }, 'console fell silent');
        this.#session?.abort();
      }
    }, Math.max(10, Math.floor(livenessTimeoutMs / 4)));
    stop.addEventListener('abort', () => clearInterval(timer), { once: true });
  }

  #shutdown(): void {
    if (!this.#stop || this.#stop.signal.aborted) return;
    this.#stop.abort();
    this.#writer = null;
    this.#confirmations.cancelAll(new ConsoleError('transport', 'the console adapter was stopped'));
    this.#setState('idle');
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
    // A dump brings thousands of values: listeners hear the result once, when the link is ready.
    if (this.#state !== 'syncing') this.changeFeed.touch();
  }

  #emptySnapshot(): ConsoleSnapshot {
    return {
      identity: this.#identity,
      meters: UI_METER_CAPABILITIES,
      ranges: UI_LEVEL_RANGES,
      channels: [],
      buses: [],
      matrices: [],
      main: { name: '', faderDb: -Infinity, on: false },
      outputs: [],
    };
  }
}

/** Snaps a fader level onto the 0.1 dB grid Headroom writes (clamped to +10 dB; -Infinity stays). */
export function quantiseFaderDb(levelDb: number): number {
  if (levelDb === -Infinity || Number.isNaN(levelDb)) return -Infinity;
  return uiFaderDb(uiFaderPos(Math.min(UI_FADER_RANGE.maxDb, levelDb)));
}

function toWire(binding: UiBinding, value: number): number {
  switch (binding.kind) {
    case 'switch':
      return (value >= 0.5) !== binding.inverted ? 1 : 0;
    case 'gain':
      return uiLinearValue(value, binding.range);
    case 'fader':
      return uiFaderPos(quantiseFaderDb(value));
  }
}

function fromWire(binding: UiBinding, wire: number): number {
  switch (binding.kind) {
    case 'switch':
      return (wire !== 0) !== binding.inverted ? 1 : 0;
    case 'gain':
      return uiLinearDb(wire, binding.range);
    case 'fader':
      return uiFaderDb(wire);
  }
}
