import { describe, expect, test } from 'vitest';
import type { ServerMessage } from '../../../server/hub/protocol';
import type { WireStageBox } from '../../../server/stage-box/stage-box-wire';
import { StageBox } from '../../../ui/src/lib/stage-box.svelte';
import { stageBoxRows, trackedChangeText } from '../../../ui/src/lib/stage-box-rows';

const box = (overrides: Partial<WireStageBox> = {}): WireStageBox => ({
  desks: [
    { id: 'foh', name: 'FOH', role: 'foh', httpPort: 8080, state: 'ready' },
    { id: 'mon', name: 'Monitors', role: 'monitor', httpPort: 8081, state: 'ready' },
  ],
  pairs: [{ desks: ['foh', 'mon'], tracking: false }],
  preamps: [
    {
      input: 1,
      owner: 'foh',
      gainDb: 32.5,
      phantom: true,
      members: [
        { desk: 'foh', channel: 17, label: 'Ch 17 Sax', trimDb: 0, trimRoomDb: { down: 18, up: 18 } },
        { desk: 'mon', channel: 5, label: 'Ch 5 Sax', trimDb: -16, trimRoomDb: { down: 2, up: 34 } },
      ],
    },
  ],
  changes: [],
  warnings: [],
  ...overrides,
});
const message = (stageBox: WireStageBox, desk = 'mon'): ServerMessage => ({ type: 'stage-box', desk, stageBox });
const change = { id: 'c1', atIso: '2026-12-03T12:00:00.000Z', input: 1, deltaDb: 4, mover: 'foh', how: 'desk' as const, desks: ['foh', 'mon'], undone: false };

describe('stageBoxRows', () => {
  test('one row per shared preamp: owner, gain, 48 V, and each desk\'s channel and trim, low trim room flagged', () => {
    expect(stageBoxRows(box(), 'mon')).toEqual([
      {
        input: 1,
        ownerName: 'FOH',
        ownedHere: false,
        gain: '+32.5 dB',
        phantom: '48 V',
        cells: [
          { desk: 'foh', channel: 'Ch 17 Sax', trim: 'trim 0.0 dB', lowRoom: false },
          { desk: 'mon', channel: 'Ch 5 Sax', trim: 'trim -16.0 dB', lowRoom: true },
        ],
      },
    ]);
    expect(stageBoxRows(box(), 'foh')[0]!.ownedHere).toBe(true);
  });

  test('a tracked change reads as who, how much, where and on which desks', () => {
    expect(trackedChangeText(box(), change)).toBe('FOH +4.0 dB on box input 1 (at the desk), tracked on Monitors');
    expect(trackedChangeText(box(), { ...change, deltaDb: -2, mover: 'mon', how: 'headroom', desks: ['mon', 'foh'] })).toBe('Monitors \u22122.0 dB on box input 1 (through Headroom), tracked on FOH');
  });
});

describe('StageBox', () => {
  const setup = () => {
    const notices: string[] = [];
    const requests: { path: string; init: RequestInit | undefined }[] = [];
    let token: string | null = null;
    const stageBox = new StageBox({
      http: async (path, init) => {
        requests.push({ path, init });
        return new Response(JSON.stringify({ message: 'Undid 2 values.' }), { status: 200 });
      },
      token: () => token,
      notify: (tone, text) => notices.push(`${tone}: ${text}`),
    });
    return { stageBox, notices, requests, unlock: () => (token = 't0k3n') };
  };

  test('takes the state and this tablet\'s desk; other messages are not its own', () => {
    const { stageBox } = setup();
    expect(stageBox.state).toBeNull();
    expect(stageBox.receive({ type: 'backup', backup: { takenAtIso: null, valueCount: 0, savedTo: null, problem: null } })).toBe(false);
    expect(stageBox.receive(message(box()))).toBe(true);
    expect([stageBox.desk, stageBox.state?.preamps.length]).toEqual(['mon', 1]);
  });

  test('warnings and tracked changes that arrive later are told once; those there on connect are not', () => {
    const { stageBox, notices } = setup();
    const old = { id: 'w0', atIso: '', kind: 'untracked' as const, input: 1, text: 'old news' };
    stageBox.receive(message(box({ warnings: [old] })));
    expect(notices).toEqual([]);
    const fresh = { id: 'w1', atIso: '', kind: 'trim-running-out' as const, input: 1, text: 'Monitors Ch 5 Sax: the trim is at -16.0 dB' };
    stageBox.receive(message(box({ warnings: [old, fresh], changes: [change] })));
    stageBox.receive(message(box({ warnings: [old, fresh], changes: [change] })));
    expect(notices).toEqual(['error: Stage box: Monitors Ch 5 Sax: the trim is at -16.0 dB', 'ok: Gain tracking: FOH +4.0 dB on box input 1 (at the desk), tracked on Monitors.']);
  });

  test('actions need the engineer login and go to the bridge with its token', async () => {
    const { stageBox, notices, requests, unlock } = setup();
    await stageBox.setTracking('foh', true);
    expect(requests).toEqual([]);
    expect(notices).toEqual(['error: This needs the engineer role: unlock this tablet with the PIN.']);
    unlock();
    await stageBox.undo('c1');
    expect(requests.map((r) => [r.path, r.init?.body, (r.init?.headers as Record<string, string>).authorization])).toEqual([
      ['/api/stage-box/undo', '{"id":"c1","confirm":true}', 'Bearer t0k3n'],
    ]);
    expect(notices.at(-1)).toBe('ok: Undid 2 values.');
  });
});
