/**
 * The MIDI console adapter: a mapping file (maps/*.json) says which message carries which parameter and with
 * which law; the transport carries the messages (named ports through easymidi, injected ports, or Allen &
 * Heath MIDI over TCP). Stopping (the start() signal) releases every timer and the transport.
 *
 * Life cycle: idle -> connecting (open the link) -> syncing (until the map's state request, every binding's
 * get and every channel-name request are answered, or syncTimeoutMs passes) -> ready -> lost (link closed or
 * silent; TCP reconnects with backoff, the snapshot is kept) -> connecting ... Named ports that cannot be
 * opened make start() reject: no retry helps.
 *
 * Writes: encoded with the parameter's law onto the desk's grid and sent. With `"confirm": "echo"` the value
 * the desk reports back confirms the write (a timeout rejects it); with `"confirm": "sent"` (desks that do
 * not echo MIDI, like the Qu) the quantised value sent counts as confirmed, and the identity notes say so.
 * A binding with a get (SQ, dLive) is asked again after each write, so "echo" confirms it by the desk's answer.
 */
import { ConsoleError, type Console } from '../console';
import { matchesPrefix } from './byte-pattern';
import { SILENT_LOGGER, type ConsoleLogger } from '../mapped/console-logger';
import { decodeMackieMeter } from './mackie-meter';
import { MappedConsole, mappedIdentityNotes } from '../mapped/mapped-console';
import { runReconnecting } from '../reconnect-loop';
import { formatBytes, type MidiMessage } from './midi-message';
import { channelNameOf } from './channel-names';
import { bindingForMessage, bindingForNrpn, loadMidiMap, messagesFor, type MidiBinding, type MidiMap } from './midi-map';
import { portsTransport, type MidiPorts, type MidiTransport } from './midi-transport';
import { NrpnAssembler } from './nrpn-assembler';
import { namedPortsTransport, type LoadEasyMidi } from './open-ports';
import { AH_MIDI_TCP_PORT, tcpMidiTransport } from './tcp-transport';

export type MidiTransportOption =
  /** Ports that are already open (tests inject fakes here). */
  | { kind: 'ports'; ports: MidiPorts }
  /** Ports opened by name when the adapter starts (--midi-in, --midi-out). */
  | { kind: 'easymidi'; input: string; output: string; loadEasyMidi: LoadEasyMidi }
  /** Allen & Heath MIDI over TCP; port null takes the map's (51325 for the shipped maps). */
  | { kind: 'tcp'; host: string; port: number | null };

export interface MidiConsoleOptions {
  /** A shipped map name ("qu", "sq", "dlive", "avantis", "mackie", "cc"), a map file's path, or a loaded map. */
  map: string | MidiMap;
  transport: MidiTransportOption;
  /** How long a write waits for the desk's echo with "confirm": "echo" (default 500 ms). */
  echoTimeoutMs?: number;
  /** How long the state request may take before the adapter is ready anyway (default 10000 ms). */
  syncTimeoutMs?: number;
  /** TCP connect timeout (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Delay before reconnecting a lost TCP link, doubled per failure up to max (default 500..5000 ms). */
  reconnectBackoffMs?: { initial: number; max: number };
  /**
   * Connect-time gets and name requests go out `batch` at a time every `intervalMs` (default 32 per 20 ms),
   * so a desk with 128 channels is not handed 600 requests in one burst (the bitfocus dLive module also
   * paces its requests).
   */
  requestPacing?: { batch: number; intervalMs: number };
  /** How often gathered meter readings become a frame (default 50 ms). */
  meterFrameMs?: number;
  /** Clock for frame and desk-change timestamps (default Date.now). */
  nowMs?: () => number;
  logger?: ConsoleLogger;
}

const DEFAULTS = {
  echoTimeoutMs: 500,
  syncTimeoutMs: 10_000,
  connectTimeoutMs: 3000,
  reconnectBackoffMs: { initial: 500, max: 5000 },
  requestPacing: { batch: 32, intervalMs: 20 },
  meterFrameMs: 50,
} as const;

/** Loads the map (if given by name or path) and builds the adapter. Rejects with MapError for a bad map. */
export async function createMidiConsole(options: MidiConsoleOptions): Promise<Console> {
  const map = typeof options.map === 'string' ? await loadMidiMap(options.map) : options.map;
  return new MidiConsole(map, options);
}

class MidiConsole extends MappedConsole<MidiBinding> {
  readonly #map: MidiMap;
  readonly #transport: MidiTransport;
  readonly #syncTimeoutMs: number;
  readonly #reconnectBackoffMs: { initial: number; max: number };
  readonly #nrpn = new NrpnAssembler();
  #modelChannels: number | null = null;
  /** What the sync still waits for: "end" (the state request's end reply), parameter ids, "name/N". */
  readonly #awaiting = new Set<string>();
  readonly #requestPacing: { batch: number; intervalMs: number };
  /** Connect-time requests not sent yet, one entry per request (a get may be several messages). */
  #requests: MidiMessage[][] = [];
  #requestTimer: ReturnType<typeof setTimeout> | null = null;
  #started = false;
  #stopped = false;
  #everConnected = false;
  #syncTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(map: MidiMap, options: MidiConsoleOptions) {
    const transport = makeTransport(map, options);
    super({
      map,
      bindings: map.bindings,
      identity: {
        kind: 'midi',
        model: map.model,
        firmware: '',
        name: transport.description,
        notes: mappedIdentityNotes(map.notes, map.confirm, map.meters !== null),
      },
      meterPoints: new Set(map.meters ? [map.meters.point] : []),
      echoTimeoutMs: options.echoTimeoutMs ?? DEFAULTS.echoTimeoutMs,
      meterFrameMs: options.meterFrameMs ?? DEFAULTS.meterFrameMs,
      nowMs: options.nowMs ?? Date.now,
      logger: options.logger ?? SILENT_LOGGER,
    });
    this.#map = map;
    this.#transport = transport;
    this.#syncTimeoutMs = options.syncTimeoutMs ?? DEFAULTS.syncTimeoutMs;
    this.#reconnectBackoffMs = options.reconnectBackoffMs ?? DEFAULTS.reconnectBackoffMs;
    this.#requestPacing = options.requestPacing ?? DEFAULTS.requestPacing;
  }

  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new ConsoleError('transport', 'this console adapter was already started');
    this.#started = true;
    if (signal.aborted) return;
    signal.addEventListener('abort', () => this.#shutdown(), { once: true });
    this.startMeterFrames();
    if (!this.#transport.retries) {
      await this.#openOnce(signal);
      return;
    }
    // start() resolves once the first attempt is up or has failed; the loop goes on until stopped.
    await new Promise<void>((attempted) => {
      void runReconnecting({
        stop: signal,
        backoffMs: this.#reconnectBackoffMs,
        connect: async (session) => {
          await this.#connect(session);
          attempted();
        },
        onAttemptFailed: (error) => this.warn('reconnect', { err: String(error) }, 'MIDI link attempt failed; retrying'),
        onSessionEnded: () => this.#transport.close(),
        onLost: () => {
          this.setState('lost');
          attempted();
        },
      }).then(attempted);
    });
  }

  protected channelCount(): number {
    return this.#modelChannels ?? this.#map.channels;
  }

  protected sendWrite(binding: MidiBinding, raw: number): void {
    const readBack = this.#map.confirm === 'echo' && binding.get ? binding.get : [];
    this.#send([...messagesFor(binding, raw), ...readBack]);
  }

  /**
   * Named ports: no retry helps (a person has to plug in or rename something), so failing to open them
   * rejects start() and losing them is final.
   */
  async #openOnce(stop: AbortSignal): Promise<void> {
    const session = new AbortController();
    stop.addEventListener('abort', () => session.abort(), { once: true });
    session.signal.addEventListener(
      'abort',
      () => {
        if (!stop.aborted) this.setState('lost');
      },
      { once: true },
    );
    try {
      await this.#connect(session);
    } catch (error) {
      this.#shutdown();
      throw error;
    }
  }

  /** Opens the link and asks for the desk's state; resolves once asked (answers arrive as messages). */
  async #connect(session: AbortController): Promise<void> {
    this.setState('connecting');
    await this.#transport.open({
      onMessage: (message) => this.#onMessage(message),
      onMalformed: (reason) => {
        this.linkCounters.malformed++;
        this.warn('malformed', { reason }, 'malformed MIDI from the console dropped');
      },
      onClose: (reason) => {
        if (session.signal.aborted) return;
        this.logger.warn({ reason, link: this.#transport.description }, 'MIDI link lost');
        this.failPendingWrites(new ConsoleError('transport', `the MIDI link was lost: ${reason}`));
        session.abort();
      },
    });
    if (session.signal.aborted) {
      this.#transport.close();
      return;
    }
    this.#onLinkUp(session.signal);
  }

  #onLinkUp(session: AbortSignal): void {
    if (this.#everConnected) this.linkCounters.reconnects++;
    this.#everConnected = true;
    this.logger.info({ link: this.#transport.description, map: this.#map.name }, 'MIDI link up');
    session.addEventListener(
      'abort',
      () => {
        this.#clearSyncTimer();
        this.#clearRequests();
      },
      { once: true },
    );
    const request = this.#map.stateRequest;
    if (request) this.#send([{ type: 'sysex', bytes: request.send }]);
    this.#awaiting.clear();
    if (request?.endReply) this.#awaiting.add('end');
    const gets = this.#map.bindings.filter((binding) => binding.get && this.#inView(binding));
    for (const binding of gets) this.#awaiting.add(binding.param);
    const nameRequests = this.#map.names?.requests.slice(0, this.channelCount()) ?? [];
    nameRequests.forEach((_, i) => this.#awaiting.add(`name/${i + 1}`));
    this.#requests = [...gets.map((binding) => binding.get ?? []), ...nameRequests.map((request) => [request])];
    this.#sendRequestBatch();
    if (this.#awaiting.size === 0) {
      this.setState('ready');
      return;
    }
    this.setState('syncing');
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = null;
      this.linkCounters.timeouts++;
      this.logger.warn({ timeoutMs: this.#syncTimeoutMs }, 'the desk did not finish sending its state; values appear as it sends them');
      this.setState('ready');
    }, this.#syncTimeoutMs);
  }

  #shutdown(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.stopCore();
    this.#transport.close();
    this.setState('idle');
  }

  #sendRequestBatch(): void {
    this.#requestTimer = null;
    const batch = this.#requests.splice(0, this.#requestPacing.batch);
    if (batch.length > 0) this.#send(batch.flat());
    if (this.#requests.length > 0) this.#requestTimer = setTimeout(() => this.#sendRequestBatch(), this.#requestPacing.intervalMs);
  }

  #clearRequests(): void {
    if (this.#requestTimer) clearTimeout(this.#requestTimer);
    this.#requestTimer = null;
    this.#requests = [];
  }

  /** One thing the sync waited for has come; the last one makes the adapter ready. */
  #answered(key: string): void {
    if (!this.#awaiting.delete(key) || this.#awaiting.size > 0) return;
    this.#clearSyncTimer();
    if (this.state() === 'syncing') this.setState('ready');
  }

  #inView(binding: MidiBinding): boolean {
    return binding.ref.scope !== 'channel' || binding.ref.channel <= this.channelCount();
  }

  #clearSyncTimer(): void {
    if (this.#syncTimer) clearTimeout(this.#syncTimer);
    this.#syncTimer = null;
  }

  #send(messages: MidiMessage[]): void {
    this.#transport.send(messages);
    this.linkCounters.packetsOut += messages.length;
  }

  #onMessage(message: MidiMessage): void {
    this.linkCounters.packetsIn++;
    try {
      this.#handle(message);
    } catch (error) {
      this.warn('handler', { err: String(error) }, 'handling a MIDI message failed');
    }
  }

  #handle(message: MidiMessage): void {
    switch (message.type) {
      case 'system':
        // Real-time bytes (Active Sense, clock) are link traffic, not desk state.
        if (message.status < 0xf8) this.linkCounters.unexpected++;
        return;
      case 'sysex':
        this.#onSysex(message.bytes);
        return;
      case 'channel-pressure':
        this.#onPressure(message.channel, message.pressure);
        return;
      case 'cc': {
        const step = this.#nrpn.accept(message.channel, message.controller, message.value);
        if (step.kind === 'consumed') return;
        if (step.kind === 'event') {
          const reading = bindingForNrpn(this.#map, step.event);
          if (reading) this.#onReading(reading.binding, reading.raw);
          // The CC 6 half of an NRPN may still be completed by its CC 38: count only the finished one.
          else if (step.event.dataLsb !== null) this.linkCounters.unexpected++;
          return;
        }
        break;
      }
      default:
        break;
    }
    const reading = bindingForMessage(this.#map, message);
    if (reading) this.#onReading(reading.binding, reading.raw);
    else if (!isReleaseHalf(message)) this.linkCounters.unexpected++;
  }

  #onReading(binding: MidiBinding, raw: number): void {
    this.onValue(binding, raw);
    this.#answered(binding.param);
  }

  #onSysex(bytes: number[]): void {
    const request = this.#map.stateRequest;
    if (request?.resendOn.some((pattern) => matchesPrefix(bytes, pattern))) {
      this.logger.info({ sysex: formatBytes(bytes) }, 'the host said hello: sending the state request again');
      this.#send([{ type: 'sysex', bytes: request.send }]);
      return;
    }
    const identity = request?.identityReply;
    if (identity && matchesPrefix(bytes, identity.match)) {
      const model = identity.models.get(bytes[identity.modelByte] ?? -1);
      const firmware = identity.firmwareBytes.map((i) => bytes[i] ?? '?').join('.');
      this.#modelChannels = model?.channels ?? null;
      this.updateIdentity({ model: model?.name ?? this.#map.model, firmware });
      this.logger.info({ model: this.identity().model, firmware }, 'console identified');
      return;
    }
    if (request?.endReply && matchesPrefix(bytes, request.endReply)) {
      this.#answered('end');
      return;
    }
    const named = this.#map.names ? channelNameOf(this.#map.names, bytes) : null;
    if (named) {
      this.setChannelName(named.channel, named.name);
      this.#answered(`name/${named.channel}`);
      return;
    }
    const reading = bindingForMessage(this.#map, { type: 'sysex', bytes });
    if (reading) this.#onReading(reading.binding, reading.raw);
    else this.linkCounters.unexpected++;
  }

  #onPressure(channel: number, pressure: number): void {
    const meters = this.#map.meters;
    if (!meters || channel !== meters.channel) {
      this.linkCounters.unexpected++;
      return;
    }
    const reading = decodeMackieMeter(pressure);
    // Clip LEDs latch an over until the DAW clears them: a past event, not a level to meter now.
    if (reading.kind !== 'level') return;
    const dbfs = meters.levelsDbfs[reading.level];
    if (reading.strip >= meters.strips || dbfs === undefined) {
      this.linkCounters.unexpected++;
      return;
    }
    this.meterReadings.set(meters.point, meters.firstChannel + reading.strip, dbfs);
  }
}

function makeTransport(map: MidiMap, options: MidiConsoleOptions): MidiTransport {
  const logger = options.logger ?? SILENT_LOGGER;
  const onSendError = (error: unknown): void => logger.warn({ err: String(error) }, 'MIDI send failed');
  const option = options.transport;
  switch (option.kind) {
    case 'ports':
      return portsTransport(option.ports, onSendError);
    case 'easymidi':
      return namedPortsTransport({ input: option.input, output: option.output }, option.loadEasyMidi, onSendError);
    case 'tcp':
      return tcpMidiTransport({
        host: option.host,
        port: option.port ?? map.tcp?.port ?? AH_MIDI_TCP_PORT,
        connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
        silenceTimeoutMs: map.tcp?.silenceTimeoutMs ?? null,
      });
  }
}

/** A note-on with velocity 0 (or note-off) ends a press; it carries no value of its own. */
function isReleaseHalf(message: MidiMessage): boolean {
  return message.type === 'note-off' || (message.type === 'note-on' && message.velocity === 0);
}
