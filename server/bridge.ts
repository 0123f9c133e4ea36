/**
 * A running bridge: one console, its statistics and advisor, the safe write path (journal, backup, undo),
 * soundcheck, engineer logins and the hub for tablets. main.ts builds the console and calls startBridge;
 * tests do the same with a simulator or a fake desk. Features plug into the hub as HubFeatures: their
 * client messages, /api routes and welcome messages; broadcasts go through one shared topic.
 */
import { randomUUID } from 'node:crypto';
import type { Console, ConnectionState } from './consoles/console';
import type { Advisor, SuggestFn } from './advisor/advisor';
import { loginRoutes } from './auth/login-routes';
import type { LoginLimiter } from './auth/login-limiter';
import type { TokenStore } from './auth/token-store';
import type { OtherDeskEffects } from './engine/other-desks';
import type { HubFeature } from './hub/feature';
import type { MeterFrame } from './model/meter-frame';
import { Topic } from './model/topic';
import { DeskState } from './hub/desk-state';
import { SuggestionFeed } from './hub/suggestion-feed';
import { startHub, type HubBackend, type HubLogger, type RunningHub } from './hub/hub';
import type { BridgeStatus, ServerMessage } from './hub/protocol';
import { BackupKeeper, type BackupStore } from './safety/backup';
import type { Journal } from './safety/journal';
import { encodeJournalEntry } from './safety/journal-codec';
import { describeEntry, SafeWriter } from './safety/safe-writer';
import { safetyFeature } from './safety/safety-feature';
import { suggestionFeature } from './safety/suggestion-feature';
import { Soundcheck } from './soundcheck/soundcheck';
import { soundcheckFeature } from './soundcheck/soundcheck-feature';

export interface BridgeLogger extends HubLogger {
  error(obj: object, msg: string): void;
}

/** Who may write: the engineer PIN, its tokens and the failed-PIN limit, and the origins allowed. */
export interface BridgeAuth {
  pin: string;
  tokens: TokenStore;
  limiter: LoginLimiter;
  /** Origins allowed besides the bridge's own host (e.g. a dev server on another port). */
  allowedOrigins: readonly string[];
  /** Host names a request may name besides this machine's own (--allow-host). */
  allowedHosts: readonly string[];
}

/** What a plugged-in feature may use. */
export interface BridgeContext {
  console: Console;
  advisor: Advisor;
  writer: SafeWriter;
  soundcheck: Soundcheck;
  /** Sends a message to every tablet. */
  broadcast(message: ServerMessage): void;
}

export interface BridgeOptions {
  console: Console;
  advisor: Advisor;
  /** The rule engine soundcheck judges with (the advisor's). */
  suggest: SuggestFn;
  journal: Journal;
  backupStore: BackupStore;
  auth: BridgeAuth;
  readOnly: boolean;
  /** Largest change applied without a second confirmation, dB. */
  maxStepDb: number;
  /** Soundcheck: a listening channel with no playing for this long gets its result anyway, ms. */
  soundcheckSilenceGiveUpMs: number;
  uiDir: string;
  httpHost: string;
  httpPort: number;
  meterIntervalMs: number;
  /** Open tablet connections allowed from one address and in all (hub/connection-limits.ts has defaults). */
  connectionLimits: { perAddress: number; total: number };
  logger: BridgeLogger;
  /** Further features (venue profiles, the tablet-URL endpoint...), built once the bridge's parts exist. */
  features: (context: BridgeContext) => readonly HubFeature[];
  /** On a desk sharing a stage box: what a write here does on the other desks (see safe-writer.ts). */
  otherDesks?: OtherDeskEffects;
}

export interface RunningBridge {
  port: number;
  hub: RunningHub;
  writer: SafeWriter;
  soundcheck: Soundcheck;
  backup: BackupKeeper;
  close(): Promise<void>;
}

/** Evidence figures that tick with every evaluation reach tablets at most this often, ms... */
const EVIDENCE_INTERVAL_MS = 1000;
/** ...for at most this many suggestions at a time (those refreshed longest ago first). */
const MAX_EVIDENCE_PER_INTERVAL = 4;

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const { console: desk, advisor, logger } = options;
  const lifetime = new AbortController();
  const onListenerError = (error: unknown) => logger.error({ err: String(error) }, 'listener failed');
  const broadcastTopic = new Topic<ServerMessage>(onListenerError);
  const broadcast = (message: ServerMessage) => broadcastTopic.emit(message);
  let lastFrameAtMs: number | null = null;
  // Push, not poll: the console reports its changes once per tick and each batch is the next version.
  const deskState = new DeskState(desk.snapshot(), onListenerError);
  const stopChanges = desk.onChanges((batch) => deskState.advance(batch));
  const suggestionFeed = new SuggestionFeed({
    evidenceIntervalMs: EVIDENCE_INTERVAL_MS,
    maxEvidencePerInterval: MAX_EVIDENCE_PER_INTERVAL,
    nowMs: Date.now,
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
    onListenerError,
  });
  suggestionFeed.update(advisor.suggestions());
  const stopSuggestions = advisor.onSuggestions((suggestions) => suggestionFeed.update(suggestions));

  const soundcheck = new Soundcheck({
    console: desk,
    suggest: options.suggest,
    profile: () => advisor.profile(),
    broadcast,
    nowMs: Date.now,
    newId: () => `sc-${randomUUID().slice(0, 8)}`,
    silenceGiveUpMs: options.soundcheckSilenceGiveUpMs,
    onError: (error) => logger.error({ err: String(error) }, 'soundcheck engine failed'),
  });

  const writer = new SafeWriter({
    console: desk,
    journal: options.journal,
    readOnly: options.readOnly,
    maxStepDb: options.maxStepDb,
    nowMs: Date.now,
    meters: () => advisor.meters(),
    otherDesks: options.otherDesks,
    onWrite: (entry) => {
      logger.info({ write: encodeJournalEntry(entry) }, `console write #${entry.seq}: ${describeEntry(entry)}`);
      advisor.forgetLevels(entry.param, entry.origin);
      soundcheck.noteWrite(entry.param);
      broadcast({ type: 'journal-entry', entry: encodeJournalEntry(entry) });
    },
  });

  const backup = new BackupKeeper({
    console: desk,
    store: options.backupStore,
    nowMs: Date.now,
    onStatus: (status) => {
      logger.info({ backup: status }, status.problem ?? `backup of ${status.valueCount} values${status.savedTo ? ` saved to ${status.savedTo}` : ' taken'}`);
      broadcast({ type: 'backup', backup: status });
    },
  });

  const stopFrames = desk.onMeters(() => {
    lastFrameAtMs = Date.now();
  });
  const stopState = desk.onState((state: ConnectionState) => logger.info({ state }, `console ${state}`));
  const stopLinks = () => {
    stopChanges();
    stopSuggestions();
    suggestionFeed.close();
    stopFrames();
    stopState();
  };

  const status = (clients: number, badClientMessages: number): BridgeStatus => {
    const identity = desk.identity();
    return {
      console: {
        kind: identity.kind,
        model: identity.model,
        firmware: identity.firmware,
        name: identity.name,
        state: desk.state(),
        unknownAddresses: [...desk.unknownAddresses()],
      },
      readOnly: options.readOnly,
      channels: desk.snapshot().channels.length,
      suggestions: advisor.suggestions().length,
      clients,
      meterAgeMs: lastFrameAtMs === null ? null : Date.now() - lastFrameAtMs,
      counters: { ...desk.counters(), badClientMessages },
    };
  };

  const backend: HubBackend = {
    status,
    state: () => ({ version: deskState.version, snapshot: deskState.snapshot }),
    onDelta: (listener) => deskState.onDelta(listener),
    suggestions: () => advisor.suggestions(),
    suggestionState: () => ({ version: suggestionFeed.version, suggestions: suggestionFeed.current() }),
    latestSuggestion: (id) => suggestionFeed.latest(id),
    onSuggestionDiff: (listener) => suggestionFeed.onDiff(listener),
    onMeters: (listener: (frame: MeterFrame) => void) => desk.onMeters(listener),
    onBroadcast: (listener) => broadcastTopic.listen(listener),
    onConsoleState: (listener) => desk.onState(() => listener()),
  };

  const { auth } = options;
  const authFeature: HubFeature = {
    handlers: {},
    welcome: () => [],
    routes: loginRoutes({
      pin: auth.pin,
      tokens: auth.tokens,
      limiter: auth.limiter,
      onRefused: (address, reason) => logger.warn({ address, reason }, 'engineer login refused'),
    }),
  };
  const context: BridgeContext = { console: desk, advisor, writer, soundcheck, broadcast };
  const features: HubFeature[] = [
    authFeature,
    suggestionFeature({ advisor, writer, console: desk }),
    safetyFeature({ writer, journal: options.journal, backup }),
    soundcheckFeature({ soundcheck, writer, console: desk }),
    ...options.features(context),
  ];

  let hub: RunningHub;
  try {
    hub = await startHub({
      backend,
      features,
      access: {
        tokens: auth.tokens,
        allowedOrigins: auth.allowedOrigins,
        allowedHosts: auth.allowedHosts,
        maxConnectionsPerAddress: options.connectionLimits.perAddress,
        maxConnections: options.connectionLimits.total,
      },
      uiDir: options.uiDir,
      host: options.httpHost,
      port: options.httpPort,
      meterIntervalMs: options.meterIntervalMs,
      statusIntervalMs: 1000,
      maxBufferedBytes: 512 * 1024,
      logger,
    });
  } catch (error) {
    lifetime.abort();
    stopLinks();
    throw error;
  }
  // Started after the hub, so the hub is the first to hear each meter frame: tablets get it before the
  // statistics, the soundcheck and the engine take their turn with it.
  advisor.start(lifetime.signal);
  soundcheck.start(lifetime.signal);
  backup.start(lifetime.signal);

  return {
    port: hub.port,
    hub,
    writer,
    soundcheck,
    backup,
    close: async () => {
      lifetime.abort();
      stopLinks();
      await hub.close();
    },
  };
}
