/**
 * The hub: one HTTP server for the tablets. It serves the built UI, a small JSON API for scripts, and the
 * /ws WebSocket that carries snapshots, meters (latest-wins per tablet) and suggestions. It only moves
 * data: what a message means is the backend's business.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Suggestion } from '../engine/suggestion';
import type { MeterFrame } from '../model/meter-frame';
import type { ConsoleSnapshot } from '../model/stages';
import type { Unsubscribe } from '../model/topic';
import { MAX_CLIENT_MESSAGE_BYTES, parseClientMessage } from './client-message';
import { LatestWins } from './latest-wins';
import type { BridgeStatus, ClientMessage, ErrorCode, ServerMessage } from './protocol';
import { TokenBucket } from './rate-limit';
import { serveStatic } from './static-files';
import { encodeMessage, toWireFrame } from './wire';

/** What the hub needs from the rest of the bridge. */
export interface HubBackend {
  status(clients: number, badClientMessages: number): BridgeStatus;
  snapshot(): ConsoleSnapshot;
  suggestions(): readonly Suggestion[];
  /** Extra JSON routes under /api (path without the /api prefix), e.g. '/urls'. */
  apiRoute(path: string): Promise<unknown> | undefined;
  /** Handles a valid client message; resolves with the replies for that client. */
  handle(clientId: string, message: ClientMessage): Promise<ServerMessage[]>;
  onSnapshot(listener: (snapshot: ConsoleSnapshot) => void): Unsubscribe;
  onMeters(listener: (frame: MeterFrame) => void): Unsubscribe;
  onSuggestions(listener: (suggestions: readonly Suggestion[]) => void): Unsubscribe;
}

export interface HubOptions {
  backend: HubBackend;
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
  bucket: TokenBucket;
  floodStrikes: number;
}

export interface RunningHub {
  port: number;
  server: Server;
  clientCount(): number;
  close(): Promise<void>;
}

/** Client messages allowed per second (sustained) and at once. */
const CLIENT_RATE_PER_SEC = 20;
const CLIENT_BURST = 40;
/** A client that keeps flooding after this many refusals is disconnected. */
const FLOOD_STRIKES_BEFORE_CLOSE = 200;

export async function startHub(options: HubOptions): Promise<RunningHub> {
  const { backend, logger } = options;
  const clients = new Map<string, ClientSession>();
  let badClientMessages = 0;
  const now = () => performance.now();

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      logger.warn({ err: String(error), url: req.url }, 'http request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/')) {
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
      const route = path.slice('/api'.length);
      if (route === '/status') return sendJson(res, 200, backend.status(clients.size, badClientMessages));
      if (route === '/snapshot') return sendJson(res, 200, backend.snapshot());
      if (route === '/suggestions') return sendJson(res, 200, backend.suggestions());
      const extra = backend.apiRoute(route);
      if (extra !== undefined) return sendJson(res, 200, await extra);
      return sendJson(res, 404, { error: `no such endpoint: ${path}` });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    await serveStatic(options.uiDir, req, res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES * 4 });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (session: ClientSession, message: ServerMessage): void => {
    if (session.socket.readyState !== session.socket.OPEN) return;
    session.socket.send(encodeMessage(message));
  };
  const broadcast = (message: ServerMessage): void => {
    const text = encodeMessage(message);
    for (const session of clients.values()) {
      if (session.socket.readyState === session.socket.OPEN) session.socket.send(text);
    }
  };

  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const id = randomUUID().slice(0, 8);
    const session: ClientSession = {
      id,
      socket,
      bucket: new TokenBucket(CLIENT_RATE_PER_SEC, CLIENT_BURST, () => Date.now()),
      floodStrikes: 0,
      meters: new LatestWins<MeterFrame>(
        {
          intervalMs: options.meterIntervalMs,
          deliver: (frame) => {
            // A tablet that stopped reading keeps one pending frame and gets nothing more until it drains.
            if (socket.bufferedAmount > options.maxBufferedBytes) return;
            send(session, { type: 'meters', frame: toWireFrame(frame) });
          },
          setTimer: (fn, ms) => setTimeout(fn, ms),
          clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
        },
        now,
      ),
    };
    clients.set(id, session);
    logger.info({ client: id, address: req.socket.remoteAddress, clients: clients.size }, 'tablet connected');
    send(session, { type: 'hello', protocol: 1, clientId: id, readOnly: backend.status(0, 0).readOnly });
    send(session, { type: 'status', status: backend.status(clients.size, badClientMessages) });
    send(session, { type: 'snapshot', snapshot: backend.snapshot() });
    send(session, { type: 'suggestions', suggestions: [...backend.suggestions()] });

    socket.on('message', (data, isBinary) => {
      const reject = (code: ErrorCode, message: string, requestId: string | null) => {
        badClientMessages++;
        send(session, { type: 'error', requestId, code, message });
      };
      if (!session.bucket.take()) {
        session.floodStrikes++;
        if (session.floodStrikes === 1 || session.floodStrikes % 50 === 0) {
          reject('rate-limited', `more than ${CLIENT_RATE_PER_SEC} messages per second; slow down`, null);
        } else {
          badClientMessages++;
        }
        if (session.floodStrikes >= FLOOD_STRIKES_BEFORE_CLOSE) {
          logger.warn({ client: id }, 'tablet flooding: disconnected');
          socket.close(1008, 'message flood');
        }
        return;
      }
      session.floodStrikes = 0;
      if (isBinary) return reject('bad-message', 'binary messages are not part of the protocol', null);
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) {
        logger.warn({ client: id, code: parsed.code, reason: parsed.message }, 'bad client message');
        return reject(parsed.code, parsed.message, parsed.requestId);
      }
      backend.handle(id, parsed.message).then(
        (replies) => replies.forEach((reply) => send(session, reply)),
        (error: unknown) => {
          logger.warn({ client: id, err: String(error) }, 'client message failed');
          send(session, { type: 'error', requestId: parsed.message.requestId ?? null, code: 'apply-failed', message: String((error as Error).message ?? error) });
        },
      );
    });
    socket.on('error', (error) => logger.warn({ client: id, err: error.message }, 'tablet socket error'));
    socket.on('close', () => {
      session.meters.close();
      clients.delete(id);
      logger.info({ client: id, clients: clients.size }, 'tablet disconnected');
    });
  });

  const unsubscribes = [
    backend.onMeters((frame) => {
      for (const session of clients.values()) session.meters.offer(frame);
    }),
    backend.onSnapshot((snapshot) => broadcast({ type: 'snapshot', snapshot })),
    backend.onSuggestions((suggestions) => broadcast({ type: 'suggestions', suggestions: [...suggestions] })),
  ];
  const statusTimer = setInterval(
    () => broadcast({ type: 'status', status: backend.status(clients.size, badClientMessages) }),
    options.statusIntervalMs,
  );

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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
