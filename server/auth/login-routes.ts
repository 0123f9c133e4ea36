/**
 * POST /api/login {pin} -> {token, role, expiresAtIso}: the tablet then connects to /ws?token=... (or sends
 * an auth message). Wrong PINs are rate-limited per remote address (429 with Retry-After).
 * POST /api/logout {token} forgets a token.
 */
import type { ApiReply, ApiRoute } from '../hub/api-route';
import type { LoginLimiter } from './login-limiter';
import { pinMatches } from './pin';
import type { TokenStore } from './token-store';

export interface LoginRoutesOptions {
  pin: string;
  tokens: TokenStore;
  limiter: LoginLimiter;
  /** Hears about every failed or refused attempt (for the log). */
  onRefused: (address: string, reason: 'wrong-pin' | 'rate-limited') => void;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function loginRoutes(options: LoginRoutesOptions): ApiRoute[] {
  const { tokens, limiter } = options;
  const login: ApiRoute = {
    method: 'POST',
    path: '/api/login',
    handle: (request): ApiReply => {
      const address = request.remoteAddress;
      const waitMs = limiter.retryAfterMs(address);
      if (waitMs > 0) {
        options.onRefused(address, 'rate-limited');
        const retryAfterSec = Math.ceil(waitMs / 1000);
        return {
          status: 429,
          headers: { 'retry-after': String(retryAfterSec) },
          body: { code: 'rate-limited', error: `too many wrong PINs from this address: try again in ${retryAfterSec} s`, retryAfterSec },
        };
      }
      const pin = isRecord(request.body) ? request.body.pin : undefined;
      if (typeof pin !== 'string' || pin.length === 0 || pin.length > 64) {
        return { status: 400, body: { code: 'bad-request', error: 'send {"pin": "..."} as JSON' } };
      }
      if (!pinMatches(options.pin, pin)) {
        limiter.recordFailure(address);
        options.onRefused(address, 'wrong-pin');
        return { status: 401, body: { code: 'wrong-pin', error: 'wrong PIN', attemptsLeft: limiter.attemptsLeft(address) } };
      }
      limiter.recordSuccess(address);
      const issued = tokens.issue();
      return { status: 200, body: { token: issued.token, role: 'engineer', expiresAtIso: new Date(issued.expiresAtMs).toISOString() } };
    },
  };
  const logout: ApiRoute = {
    method: 'POST',
    path: '/api/logout',
    handle: (request): ApiReply => {
      const token = isRecord(request.body) ? request.body.token : undefined;
      if (typeof token !== 'string') return { status: 400, body: { code: 'bad-request', error: 'send {"token": "..."} as JSON' } };
      tokens.revoke(token);
      return { status: 200, body: { role: 'viewer' } };
    },
  };
  return [login, logout];
}
