/**
 * The hub: one HTTP server for the tablets. It serves the built UI, a small JSON API (its own status,
 * snapshot and suggestions, plus the routes features add), and the /ws WebSocket that carries snapshots,
 * meters (latest-wins per tablet), suggestions and feature broadcasts. It owns each tablet's role
 * (viewer, or engineer with a valid token) and checks the Origin of upgrades and POSTs; what a message
 * means is the features' business (see message-router.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TokenCheck } from '../auth/token-store';
import type { Suggestion } from '../engine/suggestion';
import type { MeterFrame } from '../model/meter-frame';
import type { ConsoleSnapshot } from '../model/stages';
import type { Unsubscribe } from '../model/topic';
import { MAX_API_BODY_BYTES, readJsonBody, type ApiRoute } from './api-route';
import { MAX_CLIENT_MESSAGE_BYTES, parseClientMessage } from './client-message';
import { CLOSE_TRY_AGAIN_LATER, ConnectionLimits, logsRefusal } from './connection-limits';
import type { HubFeature } from './feature';
import { FloodGuard } from './flood-guard';
import { HostAllowList, machineHostNames } from './host-check';
import { LatestWins } from './latest-wins';
import { MessageRouter, type ClientContext } from './message-router';
import { originAllowed } from './origin-check';
import type { BridgeStatus, ClientMessage, ErrorCode, Role, RoleReason, ServerMessage } from './protocol';
import { serveStatic } from './static-files';
import { encodeMessage, toWireFrame } from './wire';

/** What the hub needs from the rest of the bridge. */
export interface HubBackend {
  status(clients: number, badClientMessages: number): BridgeStatus;
  snapshot(): ConsoleSnapshot;
  suggestions(): readonly Suggestion[];
  onSnapshot(listener: (snapshot: ConsoleSnapshot) => void): Unsubscribe;
  onMeters(listener: (frame: MeterFrame) => void): Unsubscribe;
  onSuggestions(listener: (suggestions: readonly Suggestion[]) => void): Unsubscribe;
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

interface ClientSession {
  id: string;
  socket: WebSocket;
  meters: LatestWins<MeterFrame>;
  flood: FloodGuard;
  role: Role;
  /** The engineer token this tablet presented; null for a viewer. */
  token: string | null;
}

export interface RunningHub {
  port: number;
  server: Server;
  clientCount(): number;
  close(): Promise<void>;
}

export type HubErrorCode = 'duplicate-route';

export class HubError extends Error {
  readonly code: HubErrorCode;
  constructor(code: HubErrorCode, message: string) {
    super(message);
    this.name = 'HubError';
    this.code = code;
  }
}

/** Client messages allowed per second (sustained) and at once. */
const CLIENT_RATE_PER_SEC = 20;
const CLIENT_BURST = 40;
/** A client that keeps flooding after this many refusals is disconnected. */
const FLOOD_STRIKES_BEFORE_CLOSE = 200;
/** Every this many refusals of a run get a rate-limited reply. */
const FLOOD_REPLY_EVERY = 50;
/** The machine's addresses are re-read at most this often when a Host header names none of them, ms. */
const HOST_REFRESH_MS = 5000;

const ROLE_MESSAGES: Record<RoleReason, string> = {
  'no-token': 'Viewer: enter the engineer PIN to change the console from this tablet.',
  token: 'Engineer: this tablet may change the console.',
  'token-unknown': 'This login is not known to the bridge (it may have restarted): enter the engineer PIN again.',
  'token-expired': 'The login expired: enter the engineer PIN again.',
  logout: 'Logged out: this tablet is a viewer.',
};

/** @throws HubError duplicate-route when two features serve the same method and path. */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const { backend, logger, access } = options;
  const clients = new Map<string, ClientSession>();
  let badClientMessages = 0;
  const now = () => performance.now();
  const router = new MessageRouter(
    options.features.map((f) => f.handlers),
    (error, message) => logger.warn({ err: String(error), type: message.type }, 'client message handler failed'),
  );
  const routes = collectRoutes(backend, options.features, () => clients.size, () => badClientMessages);
  const hosts = new HostAllowList({
    extraHosts: [...access.allowedHosts, ...access.allowedOrigins.map((origin) => new URL(origin).host)],
    machineNames: machineHostNames,
    refreshEveryMs: HOST_REFRESH_MS,
    nowMs: () => Date.now(),
  });
  const limits = new ConnectionLimits({ perAddress: access.maxConnectionsPerAddress, total: access.maxConnections });

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      logger.warn({ err: String(error), url: req.url }, 'http request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (!hosts.allows(req.headers.host)) {
      logger.warn({ host: req.headers.host, path, address: req.socket.remoteAddress }, 'request for a foreign host refused');
      return sendJson(res, 403, { code: 'forbidden-host', error: `host ${req.headers.host ?? '(none)'} is not this bridge: use its address, or allow the name with --allow-host` });
    }
    if (path.startsWith('/api/')) {
      const atPath = routes.filter((r) => r.path === path);
      if (atPath.length === 0) return sendJson(res, 404, { error: `no such endpoint: ${path}` });
      const route = atPath.find((r) => r.method === req.method);
      if (!route) return sendJson(res, 405, { error: 'method not allowed' }, { allow: atPath.map((r) => r.method).join(', ') });
      if (route.access === 'engineer' && !hasEngineerToken(req.headers.authorization)) {
        return sendJson(res, 401, { code: 'forbidden', error: `${path} needs the engineer role: log in with the engineer PIN` });
      }
      let body: unknown;
      if (route.method === 'POST') {
        if (!originAllowed(req.headers.origin, req.headers.host, access.allowedOrigins)) {
          logger.warn({ origin: req.headers.origin, path }, 'api request from a foreign origin refused');
          return sendJson(res, 403, { code: 'forbidden-origin', error: `origin ${req.headers.origin} is not allowed` });
        }
        const read = await readJsonBody(req, route.maxBodyBytes ?? MAX_API_BODY_BYTES);
        if (!read.ok) return sendJson(res, read.status, { code: 'bad-request', error: read.message });
        body = read.body;
      }
      const reply = await route.handle({
        method: route.method,
        path,
        query: url.searchParams,
        body,
        remoteAddress: req.socket.remoteAddress ?? 'unknown',
      });
      return sendJson(res, reply.status, reply.body, reply.headers);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    await serveStatic(options.uiDir, req, res);
  }

  function hasEngineerToken(authorization: string | undefined): boolean {
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? '');
    return match !== null && access.tokens.check(match[1]!).ok;
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES * 4 });
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

  // A tablet that stopped reading (asleep, out of Wi-Fi range) would make the bridge queue every snapshot and
  // broadcast for it without limit. Past this backlog it is dropped; it reconnects and resyncs when it wakes.
  const stalledBytes = options.maxBufferedBytes * 4;
  const sendText = (session: ClientSession, text: string): void => {
    if (session.socket.readyState !== session.socket.OPEN) return;
    if (session.socket.bufferedAmount > stalledBytes) {
      logger.warn({ client: session.id, bufferedBytes: session.socket.bufferedAmount }, 'tablet stopped reading: disconnected');
      session.socket.terminate();
      return;
    }
    session.socket.send(text);
  };
  const send = (session: ClientSession, message: ServerMessage): void => sendText(session, encodeMessage(message));
  // Every tablet gets the same frame: convert and encode it once, not once per tablet (20 frames a second).
  let encodedFrame: { frame: MeterFrame; text: string } | null = null;
  const meterText = (frame: MeterFrame): string => {
    if (encodedFrame?.frame !== frame) encodedFrame = { frame, text: encodeMessage({ type: 'meters', frame: toWireFrame(frame) }) };
    return encodedFrame.text;
  };
  const broadcast = (message: ServerMessage): void => {
    const text = encodeMessage(message);
    for (const session of clients.values()) sendText(session, text);
  };

  /**
   * Sets the tablet's role from a token and its check (null: no token) and returns the role message.
   * `noTokenReason` says why there is no token ('no-token' at connect, 'logout').
   */
  const grant = (session: ClientSession, token: string | null, check: TokenCheck | null, requestId: string | null, noTokenReason: RoleReason): ServerMessage => {
    const valid = token !== null && check?.ok === true;
    session.role = valid ? 'engineer' : 'viewer';
    session.token = valid ? token : null;
    const reason: RoleReason = check === null ? noTokenReason : check.ok ? 'token' : check.reason;
    const expiresAtMs = check?.ok === true ? check.expiresAtMs : null;
    return {
      type: 'role',
      requestId,
      role: session.role,
      reason,
      message: ROLE_MESSAGES[reason],
      expiresAtIso: expiresAtMs === null ? null : new Date(expiresAtMs).toISOString(),
    };
  };
  const grantToken = (session: ClientSession, token: string | null, requestId: string | null): ServerMessage =>
    grant(session, token, token === null ? null : access.tokens.check(token), requestId, 'no-token');

  /** The tablet's role now: a token that expired (or was revoked) since the last message demotes it. */
  const currentRole = (session: ClientSession): Role => {
    if (session.token !== null) {
      const check = access.tokens.check(session.token);
      if (!check.ok) send(session, grant(session, session.token, check, null, 'no-token'));
    }
    return session.role;
  };

  const handleMessage = async (session: ClientSession, message: ClientMessage): Promise<ServerMessage[]> => {
    const requestId = message.requestId ?? null;
    if (message.type === 'auth') return [grantToken(session, message.token, requestId)];
    if (message.type === 'logout') {
      if (session.token !== null) access.tokens.revoke(session.token);
      return [grant(session, null, null, requestId, 'logout')];
    }
    const client: ClientContext = { clientId: session.id, role: currentRole(session) };
    return router.dispatch(client, message);
  };

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
    const session: ClientSession = {
      id,
      socket,
      role: 'viewer',
      token: null,
      flood: new FloodGuard({
        ratePerSec: CLIENT_RATE_PER_SEC,
        burst: CLIENT_BURST,
        strikesBeforeTerminate: FLOOD_STRIKES_BEFORE_CLOSE,
        replyEvery: FLOOD_REPLY_EVERY,
        nowMs: () => Date.now(),
      }),
      meters: new LatestWins<MeterFrame>(
        {
          intervalMs: options.meterIntervalMs,
          deliver: (frame) => {
            // A tablet that stopped reading keeps one pending frame and gets nothing more until it drains.
            if (socket.bufferedAmount > options.maxBufferedBytes) return;
            sendText(session, meterText(frame));
          },
          setTimer: (fn, ms) => setTimeout(fn, ms),
          clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
        },
        now,
      ),
    };
    clients.set(id, session);
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
    const role = grantToken(session, token, null);
    logger.info({ client: id, address: req.socket.remoteAddress, role: session.role, clients: clients.size }, 'tablet connected');
    send(session, { type: 'hello', protocol: 1, clientId: id, readOnly: backend.status(0, 0).readOnly });
    send(session, role);
    send(session, { type: 'status', status: backend.status(clients.size, badClientMessages) });
    send(session, { type: 'snapshot', snapshot: backend.snapshot() });
    send(session, { type: 'suggestions', suggestions: [...backend.suggestions()] });
    const context: ClientContext = { clientId: id, role: session.role };
    for (const feature of options.features) for (const message of feature.welcome(context)) send(session, message);

    socket.on('message', (data, isBinary) => {
      const reject = (code: ErrorCode, message: string, requestId: string | null) => {
        badClientMessages++;
        send(session, { type: 'error', requestId, code, message });
      };
      const verdict = session.flood.admit();
      if (verdict !== 'pass') {
        badClientMessages++;
        if (verdict === 'refuse-with-reply') {
          send(session, { type: 'error', requestId: null, code: 'rate-limited', message: `more than ${CLIENT_RATE_PER_SEC} messages per second; slow down` });
        }
        if (verdict === 'terminate') {
          // No close handshake: a flooding peer would keep the socket (and its queued frames) alive meanwhile.
          logger.warn({ client: id, address, refused: session.flood.refused }, 'tablet flooding: disconnected');
          socket.terminate();
        }
        return;
      }
      if (isBinary) return reject('bad-message', 'binary messages are not part of the protocol', null);
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) {
        logger.warn({ client: id, code: parsed.code, reason: parsed.message }, 'bad client message');
        return reject(parsed.code, parsed.message, parsed.requestId);
      }
      handleMessage(session, parsed.message).then(
        (replies) => replies.forEach((reply) => send(session, reply)),
        (error: unknown) => {
          logger.warn({ client: id, err: String(error) }, 'client message failed');
          send(session, { type: 'error', requestId: parsed.message.requestId ?? null, code: 'internal', message: String((error as Error).message ?? error) });
        },
      );
    });
    socket.on('error', (error) => logger.warn({ client: id, err: error.message }, 'tablet socket error'));
    socket.on('close', () => {
      session.meters.close();
      clients.delete(id);
      admission.release();
      logger.info({ client: id, clients: clients.size, ...(session.flood.terminated ? { refused: session.flood.refused } : {}) }, 'tablet disconnected');
    });
  });

  const unsubscribes = [
    backend.onMeters((frame) => {
      for (const session of clients.values()) session.meters.offer(frame);
    }),
    backend.onSnapshot((snapshot) => broadcast({ type: 'snapshot', snapshot })),
    backend.onSuggestions((suggestions) => broadcast({ type: 'suggestions', suggestions: [...suggestions] })),
    backend.onBroadcast(broadcast),
  ];
  const broadcastStatus = () => broadcast({ type: 'status', status: backend.status(clients.size, badClientMessages) });
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
        session.meters.close();
        session.socket.terminate();
      }
      clients.clear();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The hub's own routes and every feature's, refusing two routes for one method and path. */
function collectRoutes(
  backend: HubBackend,
  features: readonly HubFeature[],
  clientCount: () => number,
  badClientMessages: () => number,
): ApiRoute[] {
  const own: ApiRoute[] = [
    { method: 'GET', path: '/api/status', handle: () => ({ status: 200, body: backend.status(clientCount(), badClientMessages()) }) },
    { method: 'GET', path: '/api/snapshot', handle: () => ({ status: 200, body: backend.snapshot() }) },
    { method: 'GET', path: '/api/suggestions', handle: () => ({ status: 200, body: backend.suggestions() }) },
  ];
  const routes = [...own, ...features.flatMap((f) => f.routes)];
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new HubError('duplicate-route', `two features serve ${key}`);
    seen.add(key);
  }
  return routes;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}
