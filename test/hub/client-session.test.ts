import { describe, expect, test } from 'vitest';
import type { WebSocket } from 'ws';
import type { TokenCheck } from '../../server/auth/token-store';
import { ClientSession, type SessionContext } from '../../server/hub/client-session';
import { FanOut } from '../../server/hub/fan-out';
import { MessageRouter } from '../../server/hub/message-router';
import type { BridgeStatus } from '../../server/hub/protocol';
import { emptyMeterFrame, type MeterFrame } from '../../server/model/meter-frame';
import { makeSnapshot } from '../engine/builders';
import { FakeWsSocket } from '../support/fake-ws-socket';

function session(format: 'binary' | 'json' = 'binary') {
  const socket = new FakeWsSocket();
  let bad = 0;
  const snapshot = makeSnapshot();
  const context: SessionContext = {
    tokens: { check: (token): TokenCheck => (token === 'good' ? { ok: true, expiresAtMs: 1e13 } : { ok: false, reason: 'token-unknown' }), revoke: () => undefined },
    fanOut: new FanOut({ stalledBytes: 1e6, warn: () => undefined }),
    router: new MessageRouter([], () => undefined),
    features: [],
    status: () => ({ readOnly: false }) as BridgeStatus,
    state: () => ({ version: 12, snapshot }),
    suggestionState: () => ({ version: 3, suggestions: [] }),
    latestSuggestion: () => undefined,
    latestFrame: () => ({ ...emptyMeterFrame(5), channelInputDbfs: [-18], mainDbfs: [-6, -6] }),
    countBadMessage: () => {
      bad++;
    },
    meterIntervalMs: 40,
    maxBufferedBytes: 1e5,
    nowMs: () => 0,
    logger: { info: () => undefined, warn: () => undefined },
  };
  const tablet = new ClientSession(context, 't1', socket as unknown as WebSocket, format);
  return { tablet, socket, bad: () => bad };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ClientSession', () => {
  test('on connect: hello, role, status, the snapshot with its version and meter layout, the suggestions', () => {
    const { tablet, socket } = session();
    tablet.welcome('good');
    const messages = socket.messages();
    expect(messages.map((m) => m.type)).toEqual(['hello', 'role', 'status', 'meter-layout', 'snapshot', 'suggestions']);
    expect(messages[1]).toMatchObject({ role: 'engineer', reason: 'token' });
    expect(messages[4]).toMatchObject({ type: 'snapshot', version: 12, meterLayout: { segments: [{ area: 'channelInputDbfs' }, { area: 'mainDbfs' }] } });
    expect(messages[5]).toEqual({ type: 'suggestions', version: 3, suggestions: [] });
  });

  test('resync answers with the snapshot and the suggestions as they are now', async () => {
    const { tablet, socket } = session('json');
    tablet.welcome(null);
    socket.sent.length = 0;
    tablet.receive('{"type":"resync"}', false);
    await settle();
    expect(socket.messages().map((m) => [m.type, 'version' in m ? m.version : null])).toEqual([['snapshot', 12], ['suggestions', 3]]);
  });

  test('meters-view sets what the tablet receives and announces the new layout at once', async () => {
    const { tablet, socket } = session();
    tablet.welcome(null);
    socket.sent.length = 0;
    tablet.receive(JSON.stringify({ type: 'meters-view', view: { kind: 'mix', bus: null } }), false);
    await settle();
    expect(socket.messages()).toMatchObject([{ type: 'meter-layout', layout: { segments: [{ area: 'mainDbfs', count: 2 }] } }]);
  });

  test('meter frames: one interval of tolerance, so a frame right after another goes at once and a third waits for its slot', () => {
    const { tablet, socket } = session();
    tablet.welcome(null);
    const frame = (level: number): MeterFrame => ({ ...emptyMeterFrame(5), channelInputDbfs: [level], mainDbfs: [-6, -6] });
    const binaryFrames = () => socket.frames.filter((f) => f.binary).length;
    tablet.offerMeters(frame(-20));
    tablet.offerMeters(frame(-21));
    expect(binaryFrames()).toBe(2);
    tablet.offerMeters(frame(-22));
    expect(binaryFrames()).toBe(2);
    tablet.close();
  });

  test('a flood is refused with a rate-limited reply, counted, and the socket terminated after 200 refusals', () => {
    const { tablet, socket, bad } = session();
    for (let i = 0; i < 40 + 200; i++) tablet.receive('{"type":"resync"}', false);
    expect(socket.messages().filter((m) => m.type === 'error' && m.code === 'rate-limited').length).toBeGreaterThanOrEqual(1);
    expect(bad()).toBe(200);
    expect(socket.terminated).toBe(true);
    expect(tablet.flood).toEqual({ refused: 200, terminated: true });
  });
});
