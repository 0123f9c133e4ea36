/** Roles over real HTTP and WebSocket: PIN login, tokens, viewers refused, Origin checked, wrong PINs rate-limited. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TokenStore } from '../../server/auth/token-store';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { ClientMessage } from '../../server/hub/protocol';
import { CountingConsole } from '../support/counting-console';
import { startTestBridge, TEST_PIN, type TestBridge } from '../support/test-bridge';
import { TestClient } from '../support/ws-client';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

const reply = (client: TestClient, requestId: string) => client.waitFor((m) => 'requestId' in m && m.requestId === requestId);

describe('tokens and roles', () => {
  const clock = { nowMs: Date.now() };
  let bridge: TestBridge<CountingConsole>;

  beforeAll(async () => {
    const tokens = new TokenStore({ ttlMs: 60_000, nowMs: () => clock.nowMs, maxTokens: 10 });
    bridge = await startTestBridge({ console: new CountingConsole(new SimulatorConsole({ seed: 1, autoRun: false })), tokens });
  });
  afterAll(async () => {
    await bridge.close();
  });

  test('the right PIN gets a token; a wrong one gets 401 with the attempts left; a malformed body 400', async () => {
    const ok = await post(`${bridge.url}/api/login`, { pin: TEST_PIN });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { token: string; role: string; expiresAtIso: string };
    expect(body.role).toBe('engineer');
    expect(body.token.length).toBeGreaterThanOrEqual(32);
    expect(Date.parse(body.expiresAtIso)).toBe(new Date(clock.nowMs + 60_000).getTime());

    const wrong = await post(`${bridge.url}/api/login`, { pin: '0000' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'wrong-pin', attemptsLeft: 4 });
    expect((await post(`${bridge.url}/api/login`, { code: TEST_PIN })).status).toBe(400);
    expect((await fetch(`${bridge.url}/api/login`, { method: 'POST', body: '{pin' })).status).toBe(400);
    expect((await fetch(`${bridge.url}/api/login`)).status).toBe(405);
  });

  test('without a token a tablet is a viewer: it sees everything, and every write or control message is forbidden', async () => {
    const viewer = await bridge.viewer();
    try {
      expect(viewer.messages.find((m) => m.type === 'role')).toMatchObject({ role: 'viewer', reason: 'no-token' });
      expect(viewer.messages.map((m) => m.type)).toEqual(expect.arrayContaining(['hello', 'status', 'snapshot', 'suggestions', 'journal', 'backup']));
      const attempts: ClientMessage[] = [
        { type: 'apply', requestId: 'w1', suggestionId: 'preamp-target:ch1:preamp', confirm: true },
        { type: 'dismiss', requestId: 'w2', suggestionId: 'preamp-target:ch1:preamp' },
        { type: 'undo', requestId: 'w3', confirm: true },
        { type: 'undo-soundcheck', requestId: 'w4', soundcheckId: 'sc-1', confirm: true },
        { type: 'restore-backup', requestId: 'w5', confirm: true },
        { type: 'soundcheck-start', requestId: 'w6', channels: [1] },
        { type: 'soundcheck-check-all', requestId: 'w7' },
        { type: 'soundcheck-apply', requestId: 'w8', soundcheckId: 'sc-1', channel: 1, confirm: true },
        { type: 'soundcheck-cancel', requestId: 'w9' },
      ];
      for (const message of attempts) {
        viewer.send(message);
        expect(await reply(viewer, message.requestId!)).toMatchObject({ type: 'error', code: 'forbidden' });
      }
      viewer.send({ type: 'journal-request', requestId: 'j1' });
      expect(await reply(viewer, 'j1')).toMatchObject({ type: 'journal', total: 0 });
      expect(bridge.console.writes).toEqual([]);
      expect(bridge.bridge.soundcheck.state()).toBeNull();
    } finally {
      await viewer.close();
    }
  });

  test('a token unlocks writing: on the URL, or later in an auth message; logout forgets it on the bridge', async () => {
    const engineer = await bridge.engineer();
    expect(engineer.messages.find((m) => m.type === 'role')).toMatchObject({ role: 'engineer', reason: 'token' });
    await engineer.close();

    const tablet = await bridge.viewer();
    try {
      const token = await bridge.login();
      tablet.send({ type: 'auth', requestId: 'a1', token });
      expect(await reply(tablet, 'a1')).toMatchObject({ type: 'role', role: 'engineer', reason: 'token' });
      tablet.send({ type: 'soundcheck-start', requestId: 's1', channels: [2] });
      expect(await reply(tablet, 's1')).toMatchObject({ type: 'accepted' });
      tablet.send({ type: 'logout', requestId: 'l1' });
      expect(await reply(tablet, 'l1')).toMatchObject({ type: 'role', role: 'viewer', reason: 'logout' });
      tablet.send({ type: 'soundcheck-cancel', requestId: 's2' });
      expect(await reply(tablet, 's2')).toMatchObject({ type: 'error', code: 'forbidden' });

      const again = await TestClient.connect(`${bridge.wsUrl}?token=${token}`);
      expect(await again.waitFor((m) => m.type === 'role')).toMatchObject({ role: 'viewer', reason: 'token-unknown' });
      await again.close();
    } finally {
      await tablet.close();
    }
  });

  test('a token that expires while connected demotes the tablet at its next message', async () => {
    const engineer = await bridge.engineer();
    try {
      clock.nowMs += 60_001;
      engineer.send({ type: 'soundcheck-cancel', requestId: 'c1' });
      const role = await engineer.next((m) => m.type === 'role');
      expect(role).toMatchObject({ role: 'viewer', reason: 'token-expired' });
      expect(await reply(engineer, 'c1')).toMatchObject({ type: 'error', code: 'forbidden' });
    } finally {
      await engineer.close();
    }
  });
});

describe('origin', () => {
  let bridge: TestBridge<SimulatorConsole>;

  beforeAll(async () => {
    bridge = await startTestBridge({ console: new SimulatorConsole({ seed: 1, autoRun: false }), allowedOrigins: ['http://10.0.0.5:5173'] });
  });
  afterAll(async () => {
    await bridge.close();
  });

  test('a WebSocket from a foreign origin is refused with 403; the own host and allowed origins connect', async () => {
    await expect(TestClient.connect(bridge.wsUrl, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(TestClient.connect(bridge.wsUrl, { origin: 'http://127.0.0.1:1' })).rejects.toThrow(/403/);
    for (const origin of [`http://127.0.0.1:${bridge.port}`, 'http://10.0.0.5:5173']) {
      const client = await TestClient.connect(bridge.wsUrl, { origin });
      await client.waitFor((m) => m.type === 'hello');
      await client.close();
    }
  });

  test('a login POST from a foreign origin is refused with 403 before the PIN is looked at', async () => {
    const response = await post(`${bridge.url}/api/login`, { pin: TEST_PIN }, { origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'forbidden-origin' });
  });
});

describe('failed PIN rate limit', () => {
  let bridge: TestBridge<SimulatorConsole>;

  beforeAll(async () => {
    bridge = await startTestBridge({ console: new SimulatorConsole({ seed: 1, autoRun: false }) });
  });
  afterAll(async () => {
    await bridge.close();
  });

  test('after five wrong PINs from one address even the right PIN gets 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(`${bridge.url}/api/login`, { pin: `99${i}9` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const locked = await post(`${bridge.url}/api/login`, { pin: TEST_PIN });
    expect(locked.status).toBe(429);
    const retryAfterSec = Number(locked.headers.get('retry-after'));
    expect(retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(retryAfterSec).toBeLessThanOrEqual(60);
    expect(await locked.json()).toMatchObject({ code: 'rate-limited', retryAfterSec });
  });
});
