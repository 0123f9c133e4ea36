/**
 * The generic OSC console adapter for DAWs and other OSC dialects (maps/ardour.json, maps/reaper.json): a
 * mapping file says which address carries which parameter, name or meter and with which law. One UDP
 * socket; every timer and the socket are released when the start() signal aborts.
 *
 * Life cycle: idle -> connecting (the map's sync messages are sent, e.g. Ardour's /set_surface) -> ready
 * at the first packet from the console -> lost when a console with a heartbeat falls silent for
 * silenceTimeoutMs (the sync messages are sent again until it answers; the snapshot is kept) -> ready.
 * A console without a regular message (silenceTimeoutMs null) is never declared lost.
 *
 * Writes: encoded with the parameter's law and sent. With "confirm": "echo" the console's feedback on the
 * same address confirms them (Ardour echoes); with "sent" the value sent counts as confirmed and the
 * identity notes say so.
 */
import { ConsoleError, type Console } from '../console';
import { SILENT_LOGGER, type ConsoleLogger } from '../mapped/console-logger';
import { MappedConsole, mappedIdentityNotes } from '../mapped/mapped-console';
import { loadOscMap, routeMessage, writeMessage, type OscBinding, type OscMap } from './osc-map';
import { decodeDatagram, type OscArg, type OscMessage } from '../osc/codec';
import { openOscUdpLink, resolveIpv4, type OscUdpLink } from '../osc/udp-link';

export interface OscGenericConsoleOptions {
  /** A shipped map name ("ardour", "reaper"), a path to a map file, or a map already loaded. */
  map: string | OscMap;
  /** The console's IP address or host name. */
  host: string;
  /** The console's UDP port; null takes the map's (Ardour 3819, REAPER 8000). */
  port: number | null;
  /** Our UDP port; null takes the map's (0 = any free port). REAPER needs it to match its "device port". */
  localPort: number | null;
  /** How long a write waits for the console's echo with "confirm": "echo" (default 500 ms). */
  echoTimeoutMs?: number;
  /** How often gathered meter readings become a frame (default 50 ms). */
  meterFrameMs?: number;
  /** Clock for frame and desk-change timestamps (default Date.now). */
  nowMs?: () => number;
  logger?: ConsoleLogger;
}

const DEFAULTS = { echoTimeoutMs: 500, meterFrameMs: 50 } as const;

/** Loads the map (if given by name or path) and builds the adapter. Rejects with MapError for a bad map. */
export async function createOscGenericConsole(options: OscGenericConsoleOptions): Promise<Console> {
  const map = typeof options.map === 'string' ? await loadOscMap(options.map) : options.map;
  return new OscGenericConsole(map, options);
}

class OscGenericConsole extends MappedConsole<OscBinding> {
  readonly #map: OscMap;
  readonly #host: string;
  readonly #port: number;
  readonly #localPort: number;
  #highestChannel = 0;
  #started = false;
  #stopped = false;
  #everReady = false;
  #link: OscUdpLink | null = null;
  #lastPacketAtMs = 0;
  #livenessTimer: ReturnType<typeof setInterval> | null = null;

  constructor(map: OscMap, options: OscGenericConsoleOptions) {
    const port = options.port ?? map.port;
    super({
      map,
      bindings: map.bindings,
      identity: {
        kind: 'osc',
        model: map.model,
        firmware: '',
        name: `${options.host}:${port}`,
        notes: mappedIdentityNotes(map.notes, map.confirm, map.meterPoints.size > 0),
      },
      meterPoints: map.meterPoints,
      echoTimeoutMs: options.echoTimeoutMs ?? DEFAULTS.echoTimeoutMs,
      meterFrameMs: options.meterFrameMs ?? DEFAULTS.meterFrameMs,
      nowMs: options.nowMs ?? Date.now,
      logger: options.logger ?? SILENT_LOGGER,
    });
    this.#map = map;
    this.#host = options.host;
    this.#port = port;
    this.#localPort = options.localPort ?? map.localPort;
  }

  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new ConsoleError('transport', 'this console adapter was already started');
    this.#started = true;
    if (signal.aborted) return;
    signal.addEventListener('abort', () => this.#shutdown(), { once: true });
    const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
    let deskAddress: string;
    try {
      deskAddress = await resolveIpv4(this.#host);
    } catch (error) {
      this.#shutdown();
      throw new ConsoleError('transport', `cannot find the OSC console ${this.#host}: ${reason(error)}`);
    }
    try {
      this.#link = await openOscUdpLink({
        address: deskAddress,
        port: this.#port,
        localPort: this.#localPort,
        bindTo: 'any',
        // A DAW may send its feedback from another port than the one it listens on.
        samePort: false,
        onDatagram: (bytes) => this.#onPacket(bytes),
        onStranger: (from) => {
          this.linkCounters.packetsIn++;
          this.linkCounters.unexpected++;
          this.logger.debug({ from }, 'OSC packet from a stranger ignored');
        },
        onError: (error, address) => this.warn(address === undefined ? 'socket' : 'send', { err: String(error), address }, 'OSC socket error'),
      });
    } catch (error) {
      this.#shutdown();
      throw new ConsoleError('transport', `cannot open local UDP port ${this.#localPort} for OSC (${reason(error)}); choose another with --local-port`);
    }
    if (this.#stopped) {
      // Stopped while the socket was being bound: release it here, shutdown has already run.
      this.#link.close();
      return;
    }
    this.setState('connecting');
    this.#sendSync();
    this.startMeterFrames();
    const silenceMs = this.#map.silenceTimeoutMs;
    if (silenceMs !== null) {
      // The same clock drives both the lost verdict and the re-sent setup, so a silent console is asked again.
      this.#livenessTimer = setInterval(() => this.#checkLiveness(silenceMs), Math.max(10, Math.floor(silenceMs / 4)));
    }
  }

  /** Channels up to the highest strip the console has reported (capped by the map). */
  protected channelCount(): number {
    return this.#highestChannel;
  }

  protected sendWrite(binding: OscBinding, wire: number): void {
    const message = writeMessage(binding, wire);
    this.#send(message.address, message.args);
  }

  #sendSync(): void {
    for (const message of this.#map.sync) this.#send(message.address, message.args);
  }

  #checkLiveness(silenceMs: number): void {
    const silentMs = Date.now() - this.#lastPacketAtMs;
    if (silentMs <= silenceMs) return;
    if (this.state() === 'ready') {
      this.logger.warn({ silentMs, host: this.#host }, 'the OSC console fell silent');
      this.failPendingWrites(new ConsoleError('transport', `no packet from the console for ${silentMs} ms`));
      this.setState('lost');
    }
    this.#sendSync();
  }

  #shutdown(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#livenessTimer) clearInterval(this.#livenessTimer);
    this.#livenessTimer = null;
    this.stopCore();
    this.#link?.close();
    this.#link = null;
    this.setState('idle');
  }

  #send(address: string, args: readonly OscArg[]): void {
    if (this.#link?.send(address, args)) this.linkCounters.packetsOut++;
  }

  #onPacket(bytes: Buffer): void {
    this.linkCounters.packetsIn++;
    this.#lastPacketAtMs = Date.now();
    if (this.state() !== 'ready') {
      if (this.#everReady) this.linkCounters.reconnects++;
      this.#everReady = true;
      this.setState('ready');
    }
    const decoded = decodeDatagram(bytes);
    if (decoded.kind === 'malformed') {
      this.linkCounters.malformed++;
      this.warn('malformed', { reason: decoded.reason, bytes: bytes.byteLength }, 'malformed OSC packet from the console dropped');
      return;
    }
    for (const message of decoded.messages) {
      try {
        this.#onMessage(message);
      } catch (error) {
        this.warn('handler', { err: String(error), address: message.address }, 'handling an OSC message failed');
      }
    }
  }

  #onMessage(message: OscMessage): void {
    const routed = routeMessage(this.#map, message);
    switch (routed.kind) {
      case 'ignored':
        return;
      case 'unexpected':
        this.linkCounters.unexpected++;
        this.logger.debug({ reason: routed.reason }, 'OSC message Headroom does not use');
        return;
      case 'name':
        this.#seeChannel(routed.channel);
        this.setChannelName(routed.channel, routed.name);
        return;
      case 'meter':
        this.meterReadings.set(routed.point, routed.channel, routed.dbfs);
        return;
      case 'param': {
        const { ref } = routed.binding;
        if (ref.scope === 'channel' || ref.scope === 'channel-eq') this.#seeChannel(ref.channel);
        this.onValue(routed.binding, routed.wire);
      }
    }
  }

  #seeChannel(channel: number): void {
    if (channel > this.#highestChannel && channel <= this.#map.channels) {
      this.#highestChannel = channel;
      this.invalidate();
    }
  }
}
