/**
 * JSON endpoints under /api that features add to the hub. A route sees a parsed request (query, JSON body,
 * the caller's address) and returns a status and a JSON body; the hub does the HTTP.
 */
import type { IncomingMessage } from 'node:http';
import type { Role } from './protocol';

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Full path, e.g. '/api/journal'. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body of a POST (undefined for GET). */
  body: unknown;
  /** The caller's IP address as the socket reports it. */
  remoteAddress: string;
}

export interface ApiReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Exact path, e.g. '/api/login'. */
  path: string;
  /**
   * Lowest role allowed (default viewer: anyone). Engineer routes need `Authorization: Bearer <token>`
   * with a token from POST /api/login; the hub answers 401 before the route runs.
   */
  access?: Role;
  /** Largest JSON body this route accepts, bytes (default MAX_API_BODY_BYTES). */
  maxBodyBytes?: number;
  handle(request: ApiRequest): ApiReply | Promise<ApiReply>;
}

/** Largest JSON body a route accepts, bytes. */
export const MAX_API_BODY_BYTES = 64 * 1024;

export type BodyResult = { ok: true; body: unknown } | { ok: false; status: 400 | 413; message: string };

/** Reads and parses a JSON request body of at most `maxBytes`; never throws for bad input. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return { ok: false, status: 413, message: `request body larger than ${maxBytes} bytes` };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (error) {
    return { ok: false, status: 400, message: `body is not JSON: ${(error as Error).message}` };
  }
}
