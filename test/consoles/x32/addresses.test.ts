import { describe, expect, test } from 'vitest';
import { X32_FAMILY, x32OutputSource } from '../../../server/consoles/x32/addresses';
import { FLOAT, SWITCH, intRange, toWireValue, type StateMap, type WireValue } from '../../../server/consoles/x-family/family';
import { X_LAWS } from '../../../server/consoles/x-family/law';
import type { ConsoleIdentity } from '../../../server/model/stages';

const IDENTITY: ConsoleIdentity = { kind: 'x32', model: 'X32', firmware: '4.06', name: 'test' };

/** A desk state: channel 17 on stage-box headamp 032, channel 31 on USB (no headamp). */
function deskState(extra: Record<string, WireValue> = {}): StateMap {
  return new Map<string, WireValue>(
    Object.entries({
      '/ch/01/config/name': 'Kick',
      '/-ha/00/index': 0,
      '/headamp/000/gain': (30 + 12) / 72,
      '/headamp/000/phantom': 0,
      '/ch/17/config/name': 'Sax',
      '/-ha/16/index': 32,
      '/headamp/016/gain': 0,
      '/headamp/032/gain': (45 + 12) / 72,
      '/headamp/032/phantom': 1,
      '/ch/31/config/name': 'USB L',
      '/-ha/30/index': -1,
      '/ch/31/preamp/trim': (6 + 18) / 36,
      '/ch/13/mix/01/type': 3,
      '/ch/13/mix/09/type': 4,
      '/ch/13/mix/02/level': 0.75,
      '/ch/13/mix/02/on': 1,
      '/bus/01/config/name': 'Mon 1',
      '/ch/05/mix/fader': 0.5,
      '/outputs/main/03/src': 4,
      ...extra,
    }),
  );
}

describe('X32 snapshot from the state map', () => {
  const snapshot = X32_FAMILY.buildSnapshot(deskState(), IDENTITY);

  test('preamp gain comes from the headamp the desk maps to the channel, not headamp N-1', () => {
    const sax = snapshot.channels[16];
    expect(sax?.headampIndex).toBe(32);
    expect(sax?.preampGainDb).toBe(45);
    expect(sax?.phantom).toBe(true);
  });

  test('a channel without headamp has no preamp gain or phantom, but keeps its trim', () => {
    const usb = snapshot.channels[30];
    expect(usb).toMatchObject({ headampIndex: null, preampGainDb: null, preampGainRange: null, phantom: null, trimDb: 6 });
  });

  test('names, faders and sends decode through their laws', () => {
    expect(snapshot.channels[0]).toMatchObject({ name: 'Kick', preampGainDb: 30, phantom: false });
    expect(snapshot.channels[4]?.faderDb).toBeCloseTo(-9.98, 2);
    const send = snapshot.channels[12]?.sends[1];
    expect(send).toEqual({ bus: 2, levelDb: 0, on: true, preFader: true });
    expect(snapshot.channels[12]?.sends[9]?.preFader).toBe(false);
    expect(snapshot.buses[0]?.name).toBe('Mon 1');
    expect(snapshot.outputs[2]?.source).toEqual({ kind: 'bus', index: 1 });
  });

  test('has the full X32 layout', () => {
    expect(snapshot.channels).toHaveLength(32);
    expect(snapshot.buses).toHaveLength(16);
    expect(snapshot.matrices).toHaveLength(6);
    expect(snapshot.outputs).toHaveLength(16);
    expect(snapshot.meters.matrices).toBe(true);
  });
});

describe('X32 parameter bindings', () => {
  const state = deskState();
  test.each([
    ['ch.3.trimDb', '/ch/03/preamp/trim', X_LAWS.trimDb],
    ['ch.17.preampGainDb', '/headamp/032/gain', X_LAWS.headampGainDb],
    ['ch.1.preampGainDb', '/headamp/000/gain', X_LAWS.headampGainDb],
    ['ch.5.faderDb', '/ch/05/mix/fader', X_LAWS.faderDb],
    ['ch.5.dynThresholdDb', '/ch/05/dyn/thr', X_LAWS.dynThresholdDb],
    ['ch.5.dynMakeupDb', '/ch/05/dyn/mgain', X_LAWS.dynMakeupDb],
    ['ch.5.gateThresholdDb', '/ch/05/gate/thr', X_LAWS.gateThresholdDb],
    ['ch.2.eq.4.gainDb', '/ch/02/eq/4/g', X_LAWS.eqGainDb],
    ['ch.5.send.12.levelDb', '/ch/05/mix/12/level', X_LAWS.sendLevelDb],
    ['bus.16.faderDb', '/bus/16/mix/fader', X_LAWS.faderDb],
    ['mtx.6.faderDb', '/mtx/06/mix/fader', X_LAWS.faderDb],
    ['main.faderDb', '/main/st/mix/fader', X_LAWS.faderDb],
  ])('%s is %s', (param, address, law) => {
    expect(X32_FAMILY.bindParam(param, state)).toMatchObject({ ok: true, binding: { kind: 'level', address, law } });
  });

  test.each([
    ['ch.17.phantom', '/headamp/032/phantom'],
    ['ch.4.on', '/ch/04/mix/on'],
  ])('%s is the switch %s', (param, address) => {
    expect(X32_FAMILY.bindParam(param, state)).toMatchObject({ ok: true, binding: { kind: 'switch', address } });
  });

  test.each([
    ['ch.31.preampGainDb', 'not-writable'],
    ['ch.31.phantom', 'not-writable'],
    ['ch.33.trimDb', 'unknown-param'],
    ['ch.2.eq.5.gainDb', 'unknown-param'],
    ['ch.1.send.17.levelDb', 'unknown-param'],
    ['bus.17.faderDb', 'unknown-param'],
    ['mtx.7.faderDb', 'unknown-param'],
    ['nonsense', 'unknown-param'],
  ])('%s is refused with %s', (param, code) => {
    expect(X32_FAMILY.bindParam(param, state)).toMatchObject({ ok: false, code });
  });

  test.each([
    ['ch.1.trimDb', 'Ch 1 Kick trim'],
    ['ch.25.trimDb', 'Ch 25 trim'],
    ['ch.13.send.1.levelDb', 'Ch 13 send to Bus 1 Mon 1'],
    ['ch.17.preampGainDb', 'Ch 17 Sax preamp gain'],
    ['bus.2.faderDb', 'Bus 2 fader'],
    ['main.faderDb', 'Main LR fader'],
  ])('%s is labelled "%s"', (param, label) => {
    const bound = X32_FAMILY.bindParam(param, state);
    expect(bound.ok && bound.binding.label).toBe(label);
  });
});

describe('X32 desk changes and syncing', () => {
  test('a headamp change concerns every channel it feeds', () => {
    const state = deskState({ '/-ha/17/index': 32 });
    expect(X32_FAMILY.paramsAt('/headamp/032/gain', state)).toEqual(['ch.17.preampGainDb', 'ch.18.preampGainDb']);
    expect(X32_FAMILY.paramsAt('/headamp/005/gain', state)).toEqual([]);
  });

  test.each([
    ['/ch/05/mix/fader', ['ch.5.faderDb']],
    ['/ch/05/mix/on', ['ch.5.on']],
    ['/ch/05/preamp/trim', ['ch.5.trimDb']],
    ['/ch/05/eq/3/g', ['ch.5.eq.3.gainDb']],
    ['/ch/05/mix/07/level', ['ch.5.send.7.levelDb']],
    ['/ch/05/config/name', []],
    ['/bus/03/mix/fader', ['bus.3.faderDb']],
    ['/mtx/02/mix/fader', ['mtx.2.faderDb']],
    ['/main/st/mix/fader', ['main.faderDb']],
    ['/-ha/16/index', ['ch.17.preampGainDb', 'ch.17.phantom']],
  ])('%s concerns %j', (address, params) => {
    expect(X32_FAMILY.paramsAt(address, deskState())).toEqual(params);
  });

  test('a routing change makes the new headamp worth reading', () => {
    const state = deskState({ '/-ha/16/index': 100 });
    expect(X32_FAMILY.followUpAddresses('/-ha/16/index', state)).toEqual(['/headamp/100/gain', '/headamp/100/phantom']);
    expect(X32_FAMILY.followUpAddresses('/ch/01/mix/fader', state)).toEqual([]);
  });

  test('phase 1 reads no headamp; phase 2 reads only the mapped ones, once each', () => {
    const phase1 = X32_FAMILY.syncAddresses();
    expect(phase1.some((address) => address.startsWith('/headamp/'))).toBe(false);
    expect(phase1).toContain('/-ha/31/index');
    expect(phase1).toContain('/outputs/main/16/src');
    const state = deskState({ '/-ha/17/index': 32 });
    expect(X32_FAMILY.dependentAddresses(state)).toEqual([
      '/headamp/000/gain', '/headamp/000/phantom', '/headamp/032/gain', '/headamp/032/phantom',
    ]);
  });
});

test.each([
  [0, { kind: 'none' }],
  [1, { kind: 'main' }],
  [2, { kind: 'main' }],
  [3, { kind: 'none' }],
  [4, { kind: 'bus', index: 1 }],
  [19, { kind: 'bus', index: 16 }],
  [20, { kind: 'matrix', index: 1 }],
  [25, { kind: 'matrix', index: 6 }],
  [26, { kind: 'none' }],
  [76, { kind: 'none' }],
])('output source %i is %j', (src, source) => {
  expect(x32OutputSource(src)).toEqual(source);
});

describe('toWireValue checks what the desk sent', () => {
  test.each([
    ['a float in range', FLOAT, [{ type: 'f', value: 0.25 }], 0.25],
    ['a float above 1', FLOAT, [{ type: 'f', value: 1.5 }], null],
    ['an int where a float belongs', FLOAT, [{ type: 'i', value: 1 }], null],
    ['a switch', SWITCH, [{ type: 'i', value: 1 }], 1],
    ['an int out of range', intRange(-1, 127), [{ type: 'i', value: 128 }], null],
    ['no argument', SWITCH, [], null],
    ['two arguments', SWITCH, [{ type: 'i', value: 1 }, { type: 'i', value: 1 }], null],
  ] as const)('%s', (_name, spec, args, expected) => {
    expect(toWireValue(spec, [...args])).toBe(expected);
  });
});
