/**
 * What the MIDI and generic OSC adapters share: a console described by a mapping file. The base keeps the
 * reported values, builds the snapshot, answers parameter specs, and applies writes (encode with the
 * binding's law, send, confirm by the console's echo or by the value sent); the adapters own their link
 * (ports, TCP, UDP), their life cycle and how a write goes on the wire.
 */
import {
  ConsoleError,
  emptyCounters,
  type Console,
  type ConnectionState,
  type LinkCounters,
  type ParamChange,
} from '../console';
import type { ParamId, ParamRef, ParamSpec } from '../../model/params';
import type { ConsoleIdentity, ConsoleSnapshot, DbRange, MeterCapabilities } from '../../model/stages';
import { throttledWarn, type ConsoleLogger } from './console-logger';
import { buildMappedSnapshot, mappedParamSpec, NO_METERS, type MappedParam } from './mapped-snapshot';
import { MeterAccumulator, type MeterPoint } from './meter-accumulator';
import { WriteConfirmations } from './write-confirmations';
import { ConsoleEvents } from '../console-events';

/** A law between the console's wire value (a raw MIDI integer, an OSC float) and dB or 0/1. */
/**
 * Longest channel name kept from a mapped console. Mapping files name no per-desk limit, so this is a hard
 * cap: long enough for any desk's scribble strip, short enough that a stranger's 60,000-character string
 * cannot bloat every snapshot sent to the tablets.
 */
export const MAPPED_NAME_MAX_CHARS = 32;

export interface MappedLaw {
  readonly unit: 'dB' | 'switch';
  readonly range: DbRange;
  decode(wire: number): number;
  encode(value: number): number;
}

export interface MappedBinding {
  param: ParamId;
  ref: ParamRef;
  law: MappedLaw;
  writable: boolean;
}

export interface MappedConsoleSetup<B extends MappedBinding> {
  map: { name: string; file: string; confirm: 'echo' | 'sent' };
  bindings: readonly B[];
  identity: ConsoleIdentity;
  meterPoints: ReadonlySet<MeterPoint>;
  echoTimeoutMs: number;
  meterFrameMs: number;
  nowMs: () => number;
  logger: ConsoleLogger;
}

/** Repeated warnings of one kind are logged at most this often. */
const WARN_INTERVAL_MS = 1000;

export abstract class MappedConsole<B extends MappedBinding> extends ConsoleEvents implements Console {
  protected readonly logger: ConsoleLogger;
  /** warn() rate-limited per kind, for floods of bad input. */
  protected readonly warn: (kind: string, obj: object, msg: string) => void;
  protected readonly linkCounters: LinkCounters = emptyCounters();
  protected readonly nowMs: () => number;
  protected readonly meterReadings: MeterAccumulator;
  readonly #setup: MappedConsoleSetup<B>;
  readonly #meterCapabilities: MeterCapabilities;
  readonly #bindings: ReadonlyMap<ParamId, B>;
  readonly #params: ReadonlyMap<ParamId, MappedParam>;
  readonly #values = new Map<ParamId, number>();
  readonly #channelNames = new Map<number, string>();
  readonly #busNames = new Map<number, string>();
  readonly #confirmations: WriteConfirmations;
  #state: ConnectionState = 'idle';
  #identity: ConsoleIdentity;
  #snapshot: ConsoleSnapshot | null = null;
  #changedWhileSyncing = false;
  #frameTimer: ReturnType<typeof setInterval> | null = null;

  protected constructor(setup: MappedConsoleSetup<B>) {
    super((error) => setup.logger.warn({ err: error }, 'console event listener failed'), setImmediate);
    this.#setup = setup;
    this.logger = setup.logger;
    this.warn = throttledWarn(setup.logger, WARN_INTERVAL_MS);
    this.nowMs = setup.nowMs;
    // Mapping files carry no sends (the snapshot's are empty): say so, so no write trusts the empty list.
    this.#identity = { ...setup.identity, sendsUnread: true };
    this.#bindings = new Map(setup.bindings.map((binding) => [binding.param, binding]));
    this.#params = new Map(
      setup.bindings.map((binding) => [
        binding.param,
        {
          param: binding.param,
          ref: binding.ref,
          unit: binding.law.unit,
          range: binding.law.range,
          writable: binding.writable,
          quantise: (value: number) => binding.law.decode(binding.law.encode(value)),
        },
      ]),
    );
    this.meterReadings = new MeterAccumulator(setup.meterPoints);
    this.#meterCapabilities = { ...NO_METERS };
    for (const point of setup.meterPoints) this.#meterCapabilities[point] = true;
    this.#confirmations = new WriteConfirmations(setup.echoTimeoutMs, (param) => {
      this.linkCounters.timeouts++;
      this.logger.warn({ param }, 'the console did not echo a write');
    });
  }

  abstract start(signal: AbortSignal): Promise<void>;

  /** Input channels the snapshot shows now. */
  protected abstract channelCount(): number;

  /** Sends what sets `binding` to `wire` (a raw MIDI value, an OSC float); must not throw. */
  protected abstract sendWrite(binding: B, wire: number): void;

  state(): ConnectionState {
    return this.#state;
  }

  identity(): ConsoleIdentity {
    return this.#identity;
  }

  snapshot(): ConsoleSnapshot {
    this.#snapshot ??= buildMappedSnapshot({
      identity: this.#identity,
      meters: this.#meterCapabilities,
      channelCount: this.channelCount(),
      params: this.#params,
      values: this.#values,
      channelNames: this.#channelNames,
      busNames: this.#busNames,
    });
    return this.#snapshot;
  }

  paramSpec(param: ParamId): ParamSpec | undefined {
    const mapped = this.#params.get(param);
    if (!mapped?.writable || !this.#inView(mapped.ref)) return undefined;
    return mappedParamSpec(mapped, (index) => this.#channelNames.get(index) ?? '');
  }

  async apply(change: ParamChange): Promise<number> {
    const { map } = this.#setup;
    if (this.#state !== 'ready') throw new ConsoleError('not-ready', `the console is ${this.#state}, not ready`);
    const binding = this.#bindings.get(change.param);
    if (!binding || !this.#inView(binding.ref)) throw new ConsoleError('unknown-param', `${change.param} is not a parameter of map "${map.name}"`);
    if (!binding.writable) throw new ConsoleError('not-writable', `${change.param} is read-only in map "${map.name}" (${map.file})`);
    if (Number.isNaN(change.value)) throw new ConsoleError('not-writable', `${change.param}: NaN cannot be written`);
    const wire = binding.law.encode(change.value);
    const current = this.#values.get(change.param);
    // Already there: a console that reports changes only would never echo this write.
    if (current !== undefined && binding.law.encode(current) === wire) return current;
    const echo = map.confirm === 'echo' ? this.#confirmations.expect(change.param) : null;
    this.sendWrite(binding, wire);
    this.logger.info({ param: change.param, requested: change.value, wire, confirm: map.confirm }, 'console write sent');
    if (echo) return echo;
    const sent = binding.law.decode(wire);
    this.#record(change.param, sent);
    return sent;
  }

  unknownAddresses(): readonly string[] {
    return [];
  }

  counters(): LinkCounters {
    return { ...this.linkCounters };
  }

  protected setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    // What the sync brought in is reported as one batch when it ends (see invalidate()).
    if (state !== 'syncing' && this.#changedWhileSyncing) {
      this.#changedWhileSyncing = false;
      this.changeFeed.touch();
    }
    this.stateTopic.emit(state);
  }

  protected updateIdentity(patch: Partial<ConsoleIdentity>): void {
    this.#identity = { ...this.#identity, ...patch };
    this.invalidate();
  }

  /**
   * Drops the cached snapshot (something it shows changed). While syncing, the change feed is told once, when
   * the sync ends: a sync of thousands of values arrives over hundreds of ticks, and comparing whole snapshots
   * on every one of them made the sync's cost grow with the square of the desk's size (bench section yamaha).
   */
  protected invalidate(): void {
    this.#snapshot = null;
    if (this.#state === 'syncing') this.#changedWhileSyncing = true;
    else this.changeFeed.touch();
  }

  protected setChannelName(channel: number, given: string): void {
    const name = given.slice(0, MAPPED_NAME_MAX_CHARS);
    if (this.#channelNames.get(channel) === name) return;
    this.#channelNames.set(channel, name);
    this.invalidate();
  }

  protected setBusName(bus: number, given: string): void {
    const name = given.slice(0, MAPPED_NAME_MAX_CHARS);
    if (this.#busNames.get(bus) === name) return;
    this.#busNames.set(bus, name);
    this.invalidate();
  }

  /** Fails the writes waiting for `param` (the console refused it). */
  protected failWrite(param: ParamId, error: ConsoleError): void {
    this.#confirmations.reject(param, error);
  }

  /**
   * A value the console reported for a binding. It confirms a write waiting for it; otherwise, once the
   * link is ready, a change from a known value is reported as a desk change.
   */
  protected onValue(binding: B, wire: number): void {
    const value = binding.law.decode(wire);
    const previous = this.#values.get(binding.param);
    this.#record(binding.param, value);
    if (this.#confirmations.offer(binding.param, value)) return;
    if (this.#state === 'ready' && previous !== undefined && previous !== value) {
      this.deskChangeTopic.emit({ param: binding.param, value, atMs: this.nowMs() });
    }
  }

  /** Starts turning meter readings into frames (when the map has meters). */
  protected startMeterFrames(): void {
    if (this.#setup.meterPoints.size === 0 || this.#frameTimer) return;
    this.#frameTimer = setInterval(() => {
      const frame = this.meterReadings.flush(this.nowMs(), this.channelCount());
      if (frame) this.meterTopic.emit(frame);
    }, this.#setup.meterFrameMs);
  }

  /** Fails every write waiting for an echo (the link went away). */
  protected failPendingWrites(error: ConsoleError): void {
    this.#confirmations.cancelAll(error);
  }

  /** Stops the meter frames and fails pending writes; the adapter then closes its link. */
  protected stopCore(): void {
    if (this.#frameTimer) clearInterval(this.#frameTimer);
    this.#frameTimer = null;
    this.#confirmations.cancelAll(new ConsoleError('transport', 'the console adapter was stopped'));
  }

  #record(param: ParamId, value: number): void {
    if (this.#values.get(param) === value) return;
    this.#values.set(param, value);
    this.invalidate();
  }

  /** Channel parameters beyond the channels shown are not offered (a Qu-16 has no input 17). */
  #inView(ref: ParamRef): boolean {
    const channel = ref.scope === 'channel' || ref.scope === 'channel-eq' || ref.scope === 'channel-send' ? ref.channel : null;
    return channel === null || channel <= this.channelCount();
  }
}

/** The map's notes plus what the engineer must know about confirmation and meters. */
export function mappedIdentityNotes(notes: readonly string[], confirm: 'echo' | 'sent', hasMeters: boolean): string[] {
  const all = [...notes];
  all.push('Sends are not read on this link: a gain change moves the monitor mixes fed before the fader, so Headroom asks before it writes one.');
  all.push(
    confirm === 'echo'
      ? 'A write counts as confirmed when the console sends the value back.'
      : 'Writes are not read back: this console does not echo them, so a write counts as confirmed with the value sent (on its grid).',
  );
  if (!hasMeters) all.push('This console sends no meters: Headroom works from its settings alone.');
  return all;
}
