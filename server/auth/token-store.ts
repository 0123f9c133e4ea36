/**
 * Engineer tokens: random, held in memory only (a bridge restart logs every tablet out), valid for a fixed
 * time. A tablet gets one from POST /api/login and presents it on /ws?token=... or in an auth message.
 */
import { randomBytes } from 'node:crypto';

export interface TokenStoreOptions {
  /** How long a token is valid after login, ms. */
  ttlMs: number;
  nowMs: () => number;
  /** Most tokens kept; the oldest is forgotten beyond this (every login makes one). */
  maxTokens: number;
}

export type TokenCheck =
  | { ok: true; expiresAtMs: number }
  | { ok: false; reason: 'token-unknown' | 'token-expired' };

/** Default validity of a token: a long show day, ms. */
export const DEFAULT_TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

export class TokenStore {
  readonly #options: TokenStoreOptions;
  /** token -> expiry (ms); Map keeps insertion order, so the first key is the oldest. */
  readonly #tokens = new Map<string, number>();

  constructor(options: TokenStoreOptions) {
    this.#options = options;
  }

  /** Issues a new token (192 random bits, base64url). */
  issue(): { token: string; expiresAtMs: number } {
    this.#forgetExpired();
    while (this.#tokens.size >= this.#options.maxTokens) {
      const oldest = this.#tokens.keys().next().value;
      if (oldest === undefined) break;
      this.#tokens.delete(oldest);
    }
    const token = randomBytes(24).toString('base64url');
    const expiresAtMs = this.#options.nowMs() + this.#options.ttlMs;
    this.#tokens.set(token, expiresAtMs);
    return { token, expiresAtMs };
  }

  check(token: string): TokenCheck {
    const expiresAtMs = this.#tokens.get(token);
    if (expiresAtMs === undefined) return { ok: false, reason: 'token-unknown' };
    if (this.#options.nowMs() >= expiresAtMs) {
      this.#tokens.delete(token);
      return { ok: false, reason: 'token-expired' };
    }
    return { ok: true, expiresAtMs };
  }

  revoke(token: string): void {
    this.#tokens.delete(token);
  }

  #forgetExpired(): void {
    const now = this.#options.nowMs();
    for (const [token, expiresAtMs] of this.#tokens) if (now >= expiresAtMs) this.#tokens.delete(token);
  }
}
