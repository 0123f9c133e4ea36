/**
 * Unlocking a tablet for writing: POST /api/login {pin} answers an engineer token, which the tablet then
 * presents on its WebSocket (an auth message). Wrong PINs and rate limiting come back as messages to show.
 */

/** How a tablet keeps its engineer token across reloads (localStorage in the browser). */
export interface TokenKeeper {
  load(): string | null;
  save(token: string | null): void;
}

export type LoginResult = { ok: true; token: string; expiresAtIso: string | null } | { ok: false; message: string };

type Post = (path: string, init: RequestInit) => Promise<Response>;

/** Asks the bridge for an engineer token; never throws. */
export async function requestEngineerToken(post: Post, pin: string): Promise<LoginResult> {
  let response: Response;
  try {
    response = await post('/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin }),
    });
  } catch (error) {
    return { ok: false, message: `The bridge did not answer: ${(error as Error).message}` };
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    body = {};
  }
  if (response.ok && typeof body.token === 'string') {
    return { ok: true, token: body.token, expiresAtIso: typeof body.expiresAtIso === 'string' ? body.expiresAtIso : null };
  }
  if (response.status === 401) {
    const left = typeof body.attemptsLeft === 'number' ? ` (${body.attemptsLeft} ${body.attemptsLeft === 1 ? 'try' : 'tries'} left)` : '';
    return { ok: false, message: `Wrong PIN${left}.` };
  }
  if (response.status === 429) {
    const wait = typeof body.retryAfterSec === 'number' ? ` Try again in ${body.retryAfterSec} s.` : '';
    return { ok: false, message: `Too many wrong PINs from this tablet.${wait}` };
  }
  return { ok: false, message: typeof body.error === 'string' ? `The bridge refused: ${body.error}` : `The bridge answered HTTP ${response.status}.` };
}
