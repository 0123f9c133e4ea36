/**
 * A running bridge: one console, its statistics and advisor, the safe write path and the hub for tablets.
 * main.ts builds the console and calls startBridge; tests do the same with a simulator or a fake desk.
 */
import type { Console, ConnectionState } from './consoles/console';
import type { Advisor } from './advisor/advisor';
import type { MeterFrame } from './model/meter-frame';
import type { ConsoleSnapshot } from './model/stages';
import { Topic } from './model/topic';
import { startHub, type HubBackend, type HubLogger, type RunningHub } from './hub/hub';
import type { BridgeStatus, ClientMessage, ServerMessage } from './hub/protocol';
import { SafeWriter, WriteError } from './safety/safe-writer';
import type { Journal } from './safety/journal';

export interface BridgeLogger extends HubLogger {
  error(obj: object, msg: string): void;
}

export interface BridgeOptions {
  console: Console;
  advisor: Advisor;
  journal: Journal;
  readOnly: boolean;
  /** Largest change applied without a second confirmation, dB. */
  maxStepDb: number;
  uiDir: string;
  httpHost: string;
  httpPort: number;
  meterIntervalMs: number;
  logger: BridgeLogger;
  extraApi: (path: string) => Promise<unknown> | undefined;
}

export interface RunningBridge {
  port: number;
  hub: RunningHub;
  writer: SafeWriter;
  close(): Promise<void>;
}

/** How often the hub checks for a new console snapshot to broadcast, ms. */
const SNAPSHOT_POLL_MS = 100;

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const { console: desk, advisor, logger } = options;
  const lifetime = new AbortController();
  const onListenerError = (error: unknown) => logger.error({ err: String(error) }, 'listener failed');
  const snapshotTopic = new Topic<ConsoleSnapshot>(onListenerError);
  let lastFrameAtMs: number | null = null;
  let lastSnapshot = desk.snapshot();

  const writer = new SafeWriter({
    console: desk,
    journal: options.journal,
    readOnly: options.readOnly,
    maxStepDb: options.maxStepDb,
    nowMs: Date.now,
    onWrite: (entry) => {
      logger.info({ write: entry }, `console write: ${entry.label} ${entry.beforeValue} -> ${entry.confirmedValue}`);
      advisor.forgetLevels(entry.param);
    },
  });

  const publishSnapshotIfChanged = () => {
    const snapshot = desk.snapshot();
    if (snapshot === lastSnapshot) return;
    lastSnapshot = snapshot;
    snapshotTopic.emit(snapshot);
  };
  const snapshotTimer = setInterval(publishSnapshotIfChanged, SNAPSHOT_POLL_MS);
  const stopFrames = desk.onMeters(() => {
    lastFrameAtMs = Date.now();
  });
  const stopState = desk.onState((state: ConnectionState) => logger.info({ state }, `console ${state}`));
  advisor.start(lifetime.signal);

  const status = (clients: number, badClientMessages: number): BridgeStatus => {
    const identity = desk.identity();
    return {
      console: { kind: identity.kind, model: identity.model, firmware: identity.firmware, name: identity.name, state: desk.state() },
      readOnly: options.readOnly,
      channels: desk.snapshot().channels.length,
      suggestions: advisor.suggestions().length,
      clients,
      meterAgeMs: lastFrameAtMs === null ? null : Date.now() - lastFrameAtMs,
      counters: { ...desk.counters(), badClientMessages },
    };
  };

  const handle = async (clientId: string, message: ClientMessage): Promise<ServerMessage[]> => {
    const requestId = message.requestId ?? null;
    const suggestion = advisor.find(message.suggestionId);
    if (!suggestion) {
      return [{ type: 'error', requestId, code: 'unknown-suggestion', message: `No open suggestion ${message.suggestionId} (it may have been resolved already).` }];
    }
    if (message.type === 'dismiss') {
      advisor.dismiss(suggestion.id);
      return [];
    }
    if (!suggestion.change) {
      return [{ type: 'error', requestId, code: 'apply-failed', message: `${suggestion.label}: this suggestion needs a person, not a write (${suggestion.reason})` }];
    }
    const changes = [suggestion.change, ...suggestion.compensation];
    const replies: ServerMessage[] = [];
    for (const [i, change] of changes.entries()) {
      try {
        const entry = await writer.apply({
          param: change.param,
          value: change.proposedValue,
          client: clientId,
          origin: suggestion.id,
          confirmed: message.confirm === true,
        });
        replies.push({ type: 'applied', requestId, suggestionId: suggestion.id, param: entry.param, requestedValue: entry.requestedValue, confirmedValue: entry.confirmedValue });
      } catch (error) {
        if (error instanceof WriteError && error.code === 'needs-confirmation' && i === 0) {
          return [{ type: 'confirm-needed', requestId, suggestionId: suggestion.id, message: error.message }];
        }
        const code = error instanceof WriteError && error.code === 'read-only' ? 'read-only' : 'apply-failed';
        replies.push({ type: 'error', requestId, code, message: (error as Error).message });
        break;
      }
    }
    publishSnapshotIfChanged();
    return replies;
  };

  const backend: HubBackend = {
    status,
    snapshot: () => desk.snapshot(),
    suggestions: () => advisor.suggestions(),
    apiRoute: (path) => options.extraApi(path),
    handle,
    onSnapshot: (listener) => snapshotTopic.listen(listener),
    onMeters: (listener: (frame: MeterFrame) => void) => desk.onMeters(listener),
    onSuggestions: (listener) => advisor.onSuggestions(listener),
  };

  const hub = await startHub({
    backend,
    uiDir: options.uiDir,
    host: options.httpHost,
    port: options.httpPort,
    meterIntervalMs: options.meterIntervalMs,
    statusIntervalMs: 1000,
    maxBufferedBytes: 512 * 1024,
    logger,
  });

  return {
    port: hub.port,
    hub,
    writer,
    close: async () => {
      lifetime.abort();
      clearInterval(snapshotTimer);
      stopFrames();
      stopState();
      await hub.close();
    },
  };
}
