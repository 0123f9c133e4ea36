/**
 * What an attack on a real bridge (HTTP and WebSocket on 127.0.0.1) found, each reproduced: a message
 * flood without any PIN, a DNS-rebinding pair of Host and Origin, and connections that never read.
 */
import { request } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BridgeLogger } from '../../server/bridge';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { startTestBridge, TEST_PIN, type TestBridge } from '../support/test-bridge';

interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

function recordingLogger(lines: LogLine[]): BridgeLogger {
  return {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve({ code: -1, reason: 'already closed' });
    else socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

function opened(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** An HTTP request with headers a browser on a rebinding page would send (fetch may not set Host). */
function httpRequest(url: string, method: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('finding 1: a flood from one socket', () => {
  const lines: LogLine[] = [];
  let bridge: TestBridge<SimulatorConsole>;
  beforeAll(async () => {
    bridge = await startTestBridge({ console: new SimulatorConsole({ seed: 1, autoRun: false }), logger: recordingLogger(lines) });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  test('100,000 one-byte frames: the socket is terminated, the flood logged once with a count, and the bridge answers', async () => {
    const socket = await opened(bridge.wsUrl);
    const close = closed(socket);
    const logLinesBefore = lines.length;
    for (let i = 0; i < 100_000 && socket.readyState === WebSocket.OPEN; i++) socket.send('x');
    const { code } = await close;
    // Terminated (no close handshake): the client sees an abnormal closure, not 1008.
    expect(code).toBe(1006);
    await expect.poll(() => lines.some((l) => l.msg === 'tablet disconnected'), { timeout: 15_000, interval: 20 }).toBe(true);
    const flood = lines.filter((l) => l.msg === 'tablet flooding: disconnected');
    expect(flood).toHaveLength(1);
    expect((flood[0]!.obj as { refused: number }).refused).toBeGreaterThanOrEqual(200);
    // connected, flooding, bad-message warnings for the 40 messages within budget, disconnected.
    expect(lines.length - logLinesBefore).toBeLessThanOrEqual(45);
    const status = await fetch(`${bridge.url}/api/status`);
    expect(status.status).toBe(200);
    expect(bridge.bridge.hub.clientCount()).toBe(0);
  }, 60_000);
});

describe('finding 2: DNS rebinding (a hostile name resolved to this machine)', () => {
  let bridge: TestBridge<SimulatorConsole>;
  beforeAll(async () => {
    bridge = await startTestBridge({ console: new SimulatorConsole({ seed: 1, autoRun: false }), allowedHosts: ['headroom.venue.lan'] });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  const rebinding = (port: number) => ({ Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` });

  test('a WebSocket with Host and Origin both on the hostile name is refused with 403 and gets no snapshot', async () => {
    const refused = await opened(bridge.wsUrl, rebinding(bridge.port)).then(
      () => 'opened',
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/403/);
  });

  test('POST /api/login and GET /api/snapshot with the hostile Host get 403', async () => {
    const login = await httpRequest(`${bridge.url}/api/login`, 'POST', { ...rebinding(bridge.port), 'content-type': 'application/json' }, JSON.stringify({ pin: TEST_PIN }));
    expect(login.status).toBe(403);
    expect(JSON.parse(login.body)).toMatchObject({ code: 'forbidden-host' });
    expect(login.body).not.toMatch(/token/);
    const snapshot = await httpRequest(`${bridge.url}/api/snapshot`, 'GET', { Host: `evil.example:${bridge.port}` });
    expect(snapshot.status).toBe(403);
  });

  test('the names this machine answers to still work: localhost, its address, and --allow-host', async () => {
    for (const host of [`localhost:${bridge.port}`, `127.0.0.1:${bridge.port}`, `headroom.venue.lan:${bridge.port}`]) {
      const login = await httpRequest(`${bridge.url}/api/login`, 'POST', { Host: host, Origin: `http://${host}`, 'content-type': 'application/json' }, JSON.stringify({ pin: TEST_PIN }));
      expect(login.status, host).toBe(200);
      const socket = await opened(bridge.wsUrl, { Host: host, Origin: `http://${host}` });
      socket.terminate();
    }
  });
});

describe('finding 3: connections that never read', () => {
  let bridge: TestBridge<SimulatorConsole>;
  const lines: LogLine[] = [];
  beforeAll(async () => {
    bridge = await startTestBridge({
      console: new SimulatorConsole({ seed: 1, autoRun: false }),
      connectionLimits: { perAddress: 4, total: 6 },
      logger: recordingLogger(lines),
    });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  test('past the per-address cap a connection is closed with 1013 and a reason, and logged', async () => {
    const kept = await Promise.all(Array.from({ length: 4 }, () => opened(bridge.wsUrl)));
    for (const socket of kept) socket.pause();
    const extra = await opened(bridge.wsUrl);
    const { code, reason } = await closed(extra);
    expect(code).toBe(1013);
    expect(reason).toMatch(/too many connections from this address/);
    expect(lines.filter((l) => l.msg.startsWith('tablet connection refused'))).toHaveLength(1);
    expect(bridge.bridge.hub.clientCount()).toBe(4);
    const gone = closed(kept[0]!);
    kept[0]!.resume();
    kept[0]!.close();
    await gone;
    await expect.poll(() => bridge.bridge.hub.clientCount(), { timeout: 15_000, interval: 20 }).toBe(3);
    const again = await opened(bridge.wsUrl);
    expect(again.readyState).toBe(WebSocket.OPEN);
    for (const socket of [...kept.slice(1), again]) socket.terminate();
  });
});
