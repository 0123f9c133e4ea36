/**
 * The hub: one HTTP server for the tablets. It serves the built UI and a small JSON API (http-routes.ts),
 * and the /ws WebSocket: one ClientSession per tablet (client-session.ts), the console state as versioned
 * deltas, suggestion diffs, meters (latest-wins per tablet, in each tablet's format and view) and feature
 * broadcasts, all through the fan-out (fan-out.ts). It checks the Origin of upgrades and POSTs; what a
 * message means is the features' business (see message-router.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TokenCheck } from '../auth/token-store';
import type { Suggestion } from '../engine/suggestion';
import type { MeterFrame } from '../model/meter-frame';
import type { ConsoleSnapshot } from '../model/stages';
import type { Unsubscribe } from '../model/topic';
import { MAX_CLIENT_MESSAGE_BYTES } from './client-message';
import { ClientSession } from './client-session';
import { CLOSE_TRY_AGAIN_LATER, ConnectionLimits, logsRefusal } from './connection-limits';
import type { DeskDelta } from './desk-state';
import { FanOut } from './fan-out';
import type { HubFeature } from './feature';
import { HostAllowList, machineHostNames } from './host-check';
import { collectRoutes, handleHttp } from './http-routes';
import { MessageRouter } from './message-router';
import { originAllowed } from './origin-check';
import type { BridgeStatus, ServerMessage } from './protocol';
import type { SuggestionDiff } from './suggestion-feed';

/** What the hub needs from the rest of the bridge. */
export interface HubBackend {
  status(clients: number, badClientMessages: number): BridgeStatus;
  /** The versioned console state (desk-state.ts): the snapshot at `version`. */
  state(): { version: number; snapshot: ConsoleSnapshot };
  /** Every change of the console state, one version at a time. */
  onDelta(listener: (delta: DeskDelta) => void): Unsubscribe;
  /** The advisor's open suggestions (for /api/suggestions). */
  suggestions(): readonly Suggestion[];
  /** The suggestions as tablets were told, at suggestion version `version` (suggestion-feed.ts). */
  suggestionState(): { version: number; suggestions: Suggestion[] };
  /** One suggestion with its latest evidence figures, or undefined. */
  latestSuggestion(id: string): Suggestion | undefined;
  onSuggestionDiff(listener: (diff: SuggestionDiff) => void): Unsubscribe;
  onMeters(listener: (frame: MeterFrame) => void): Unsubscribe;
  /** Messages the features send to every tablet (journal entries, soundcheck progress...). */
  onBroadcast(listener: (message: ServerMessage) => void): Unsubscribe;
  /** The console's connection state changed: tablets hear at once instead of at the next status tick. */
  onConsoleState(listener: () => void): Unsubscribe;
}

/** Who may connect and write. */
export interface HubAccess {
  /** Checks and forgets engineer tokens (server/auth/token-store.ts). */
  tokens: { check(token: string): TokenCheck; revoke(token: string): void };
  /** Origins allowed besides the bridge's own host, e.g. "http://10.0.0.5:5173". */
  allowedOrigins: readonly string[];
  /** Host names (or addresses) a request may name besides this machine's own and those of allowedOrigins. */
  allowedHosts: readonly string[];
  /** Open tablet connections allowed from one address, and in all. */
  maxConnectionsPerAddress: number;
  maxConnections: number;
}

/** The machine's addresses are re-read at most this often when a Host header names none of them, ms. */
const HOST_REFRESH_MS = 5000;

export interface HubOptions {
  backend: HubBackend;
  features: readonly HubFeature[];
  access: HubAccess;
  uiDir: string;
  host: string;
  port: number;
  /** Fastest meter rate per tablet, ms between frames (50 = every console frame). */
  meterIntervalMs: number;
  /** How often status goes out, ms. */
  statusIntervalMs: number;
  /** A tablet whose socket buffers more than this (bytes) gets no meters until it drains. */
  maxBufferedBytes: number;
  logger: HubLogger;
}

export interface HubLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RunningHub {
  port: number;
  server: Server;
  clientCount(): number;
  close(): Promise<void>;
}

/** @throws HubError (http-routes.ts) duplicate-route when two features serve the same method and path. */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const { backend, logger, access } = options;
  const clients = new Map<string, ClientSession>();
  let badClientMessages = 0;
  let latestFrame: MeterFrame | null = null;
  const status = () => backend.status(clients.size, badClientMessages);
  const router = new MessageRouter(
    options.features.map((f) => f.handlers),
    (error, message) => logger.warn({ err: String(error), type: message.type }, 'client message handler failed'),
  );
  const routes = collectRoutes(
    { status, snapshot: () => backend.state().snapshot, suggestions: () => backend.suggestions(), latestFrame: () => latestFrame },
    options.features,
  );
  const hosts = new HostAllowList({
    extraHosts: [...access.allowedHosts, ...access.allowedOrigins.map((origin) => new URL(origin).host)],
    machineNames: machineHostNames,
    refreshEveryMs: HOST_REFRESH_MS,
    nowMs: () => Date.now(),
  });
  const limits = new ConnectionLimits({ perAddress: access.maxConnectionsPerAddress, total: access.maxConnections });
  const http = {
    uiDir: options.uiDir,
    allowedOrigins: access.allowedOrigins,
    isEngineerToken: (token: string) => access.tokens.check(token).ok,
    allowsHost: (host: string | undefined) => hosts.allows(host),
    warn: (obj: object, msg: string) => logger.warn(obj, msg),
  };
  const server = createServer((req, res) => {
    handleHttp(routes, http, req, res).catch((error: unknown) => {
      logger.warn({ err: String(error), url: req.url }, 'http request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });

  // No per-message compression (ws's default, stated because it matters): deflating each frame once per
  // tablet would cost CPU and latency for frames that are already small (binary meters, deltas, diffs).
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES * 4, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    if (!hosts.allows(req.headers.host)) {
      logger.warn({ host: req.headers.host, address: req.socket.remoteAddress }, 'websocket for a foreign host refused');
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nhost not allowed\n');
      return;
    }
    if (!originAllowed(req.headers.origin, req.headers.host, access.allowedOrigins)) {
      logger.warn({ origin: req.headers.origin, host: req.headers.host, address: req.socket.remoteAddress }, 'websocket from a foreign origin refused');
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\norigin not allowed\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  // A tablet that stopped reading (asleep, out of Wi-Fi range) would make the bridge queue every delta and
  // broadcast for it without limit. Past this backlog it is dropped; it reconnects and resyncs when it wakes.
  const fanOut = new FanOut({ stalledBytes: options.maxBufferedBytes * 4, warn: (obj, msg) => logger.warn(obj, msg) });
  const sessionContext = {
    tokens: access.tokens,
    fanOut,
    router,
    features: options.features,
    status,
    state: () => backend.state(),
    suggestionState: () => backend.suggestionState(),
    latestSuggestion: (id: string) => backend.latestSuggestion(id),
    latestFrame: () => latestFrame,
    countBadMessage: () => {
      badClientMessages++;
    },
    meterIntervalMs: options.meterIntervalMs,
    maxBufferedBytes: options.maxBufferedBytes,
    nowMs: () => performance.now(),
    logger,
  };
  const broadcast = (message: ServerMessage): void => fanOut.broadcast(clients.values(), message);

  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    const admission = limits.admit(address);
    if (!admission.ok) {
      if (logsRefusal(admission.refusals)) {
        logger.warn({ address, reason: admission.reason, refusals: admission.refusals, clients: clients.size }, `tablet connection refused: ${admission.message}`);
      }
      socket.close(CLOSE_TRY_AGAIN_LATER, admission.message);
      return;
    }
    const id = randomUUID().slice(0, 8);
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const session = new ClientSession(sessionContext, id, socket, query.get('format') === 'json' ? 'json' : 'binary');
    clients.set(id, session);
    session.welcome(query.get('token'));
    logger.info({ client: id, address, role: session.role, clients: clients.size }, 'tablet connected');
    socket.on('message', (data, isBinary) => session.receive(data, isBinary));
    socket.on('error', (error) => logger.warn({ client: id, err: error.message }, 'tablet socket error'));
    socket.on('close', () => {
      session.close();
      clients.delete(id);
      admission.release();
      const { flood } = session;
      logger.info({ client: id, clients: clients.size, ...(flood.terminated ? { refused: flood.refused } : {}) }, 'tablet disconnected');
    });
  });

  const unsubscribes = [
    backend.onMeters((frame) => {
      latestFrame = frame;
      for (const session of clients.values()) session.offerMeters(frame);
    }),
    backend.onDelta((delta) => broadcast({ type: 'delta', version: delta.version, changes: [...delta.changes] })),
    backend.onSuggestionDiff((diff) => broadcast({ type: 'suggestions-diff', ...diff })),
    backend.onBroadcast(broadcast),
  ];
  const broadcastStatus = () => broadcast({ type: 'status', status: status() });
  const statusTimer = setInterval(broadcastStatus, options.statusIntervalMs);
  const stopStateWatch = backend.onConsoleState(broadcastStatus);

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    server,
    clientCount: () => clients.size,
    close: async () => {
      clearInterval(statusTimer);
      stopStateWatch();
      unsubscribes.forEach((u) => u());
      for (const session of clients.values()) {
        session.close();
        session.socket.terminate();
      }
      clients.clear();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
