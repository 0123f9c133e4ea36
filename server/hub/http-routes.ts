/**
 * The hub's HTTP side: the JSON API (its own status, snapshot, suggestions and latest meter frame, plus the
 * routes features add) and the built UI. Engineer-only routes need a bearer token; POSTs need an allowed
 * Origin. Nothing here knows about WebSockets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Suggestion } from '../engine/suggestion';
import type { MeterFrame } from '../model/meter-frame';
import type { ConsoleSnapshot } from '../model/stages';
import { MAX_API_BODY_BYTES, readJsonBody, type ApiRoute } from './api-route';
import type { HubFeature } from './feature';
import { originAllowed } from './origin-check';
import type { BridgeStatus } from './protocol';
import { serveStatic } from './static-files';
import { toWireFrame } from './wire';

export type HubErrorCode = 'duplicate-route';

export class HubError extends Error {
  readonly code: HubErrorCode;
  constructor(code: HubErrorCode, message: string) {
    super(message);
    this.name = 'HubError';
    this.code = code;
  }
}

/** What the hub's own routes read. */
export interface RouteSources {
  status(): BridgeStatus;
  snapshot(): ConsoleSnapshot;
  suggestions(): readonly Suggestion[];
  latestFrame(): MeterFrame | null;
}

export interface HttpOptions {
  uiDir: string;
  allowedOrigins: readonly string[];
  /** True when the bearer token is a valid engineer token. */
  isEngineerToken(token: string): boolean;
  /** True when the Host header names this bridge (host-check.ts: no DNS rebinding). */
  allowsHost(host: string | undefined): boolean;
  warn(obj: object, msg: string): void;
}

/**
 * The hub's own routes and every feature's.
 * @throws HubError duplicate-route when two serve the same method and path.
 */
export function collectRoutes(sources: RouteSources, features: readonly HubFeature[]): ApiRoute[] {
  const own: ApiRoute[] = [
    { method: 'GET', path: '/api/status', handle: () => ({ status: 200, body: sources.status() }) },
    { method: 'GET', path: '/api/snapshot', handle: () => ({ status: 200, body: sources.snapshot() }) },
    { method: 'GET', path: '/api/suggestions', handle: () => ({ status: 200, body: sources.suggestions() }) },
    {
      method: 'GET',
      path: '/api/meters',
      handle: () => {
        const frame = sources.latestFrame();
        return frame === null ? { status: 404, body: { code: 'no-meters', error: 'no meter frame from the console yet' } } : { status: 200, body: toWireFrame(frame) };
      },
    },
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

/** Answers one HTTP request: an /api route, or a file of the built UI. */
export async function handleHttp(routes: readonly ApiRoute[], options: HttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  if (!options.allowsHost(req.headers.host)) {
    options.warn({ host: req.headers.host, path, address: req.socket.remoteAddress }, 'request for a foreign host refused');
    return sendJson(res, 403, { code: 'forbidden-host', error: `host ${req.headers.host ?? '(none)'} is not this bridge: use its address, or allow the name with --allow-host` });
  }
  if (path.startsWith('/api/')) {
    const atPath = routes.filter((r) => r.path === path);
    if (atPath.length === 0) return sendJson(res, 404, { error: `no such endpoint: ${path}` });
    const route = atPath.find((r) => r.method === req.method);
    if (!route) return sendJson(res, 405, { error: 'method not allowed' }, { allow: atPath.map((r) => r.method).join(', ') });
    if (route.access === 'engineer' && !hasEngineerToken(options, req.headers.authorization)) {
      return sendJson(res, 401, { code: 'forbidden', error: `${path} needs the engineer role: log in with the engineer PIN` });
    }
    let body: unknown;
    if (route.method === 'POST') {
      if (!originAllowed(req.headers.origin, req.headers.host, options.allowedOrigins)) {
        options.warn({ origin: req.headers.origin, path }, 'api request from a foreign origin refused');
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

function hasEngineerToken(options: HttpOptions, authorization: string | undefined): boolean {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? '');
  return match !== null && options.isEngineerToken(match[1]!);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}
