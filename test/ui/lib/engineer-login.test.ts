import { describe, expect, test } from 'vitest';
import { requestEngineerToken } from '../../../ui/src/lib/engineer-login';

const reply = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status });

describe('requestEngineerToken', () => {
  test('posts the PIN as JSON and returns the token', async () => {
    let sent: { path: string; init: RequestInit } | null = null;
    const result = await requestEngineerToken(async (path, init) => {
      sent = { path, init };
      return new Response(JSON.stringify({ token: 'tok', role: 'engineer', expiresAtIso: '2030-01-01T00:00:00.000Z' }), { status: 200 });
    }, '2468');
    expect(result).toEqual({ ok: true, token: 'tok', expiresAtIso: '2030-01-01T00:00:00.000Z' });
    expect(sent!.path).toBe('/api/login');
    expect(sent!.init.method).toBe('POST');
    expect(JSON.parse(String(sent!.init.body))).toEqual({ pin: '2468' });
  });

  test.each([
    [reply(401, { code: 'wrong-pin', attemptsLeft: 2 }), 'Wrong PIN (2 tries left).'],
    [reply(401, { code: 'wrong-pin', attemptsLeft: 1 }), 'Wrong PIN (1 try left).'],
    [reply(429, { code: 'rate-limited', retryAfterSec: 30 }), 'Too many wrong PINs from this tablet. Try again in 30 s.'],
    [reply(400, { error: 'send {"pin": "..."} as JSON' }), 'The bridge refused: send {"pin": "..."} as JSON'],
    [async () => new Response('<html>', { status: 502 }), 'The bridge answered HTTP 502.'],
    [async () => { throw new Error('network down'); }, 'The bridge did not answer: network down'],
  ])('a refusal becomes a message, never an exception (%#)', async (post, message) => {
    expect(await requestEngineerToken(post, '1')).toEqual({ ok: false, message });
  });
});
