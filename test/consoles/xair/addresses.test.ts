import { describe, expect, test } from 'vitest';
import { XAIR_FAMILY, xairAuxOutputSource, xairFamily, xairMainOutputSource } from '../../../server/consoles/xair/addresses';
import { XAIR_METER_BANKS } from '../../../server/consoles/xair/meter-banks';
import type { StateMap, WireValue } from '../../../server/consoles/x-family/family';
import { X_LAWS } from '../../../server/consoles/x-family/law';
import { emptyMeterFrame } from '../../../server/model/meter-frame';
import type { ConsoleIdentity } from '../../../server/model/stages';

const IDENTITY: ConsoleIdentity = { kind: 'xair', model: 'XR18', firmware: '1.18', name: 'test' };

/** Ch 1 on input 1, ch 13 on input 15, ch 9 on input 9, ch 15 on aux L, ch 12 on a USB return, ch 16 off. */
function deskState(extra: Record<string, WireValue> = {}): StateMap {
  return new Map<string, WireValue>(
    Object.entries({
      '/ch/01/config/name': 'Kick',
      '/ch/01/config/insrc': 0,
      '/ch/01/preamp/rtnsw': 0,
      '/headamp/01/gain': (30 + 12) / 72,
      '/headamp/01/phantom': 1,
      '/ch/13/config/insrc': 14,
      '/ch/13/preamp/rtnsw': 0,
      '/headamp/13/gain': 0,
      '/headamp/15/gain': (40 + 12) / 72,
      '/ch/09/config/insrc': 8,
      '/ch/09/preamp/rtnsw': 0,
      '/headamp/09/gain': (24 + 12) / 72,
      '/headamp/17/gain': (8 + 12) / 32,
      '/ch/15/config/insrc': 16,
      '/ch/15/preamp/rtnsw': 0,
      '/ch/12/config/insrc': 11,
      '/ch/12/preamp/rtnsw': 1,
      '/ch/12/preamp/rtntrim': (4.5 + 18) / 36,
      '/ch/16/config/insrc': 18,
      '/ch/16/preamp/rtnsw': 0,
      '/ch/11/mix/01/level': 0.75,
      '/ch/11/mix/01/tap': 3,
      '/ch/11/mix/02/tap': 4,
      '/bus/1/config/name': 'Mon 1',
      '/routing/aux/01/src': 26,
      '/routing/main/01/src': 0,
      ...extra,
    }),
  );
}

describe('X-Air snapshot from the state map', () => {
  const snapshot = XAIR_FAMILY.buildSnapshot(deskState(), IDENTITY);

  test('preamp gain follows the channel source (insrc), not the channel number', () => {
    expect(snapshot.channels[0]).toMatchObject({ name: 'Kick', headampIndex: 1, preampGainDb: 30, phantom: true, trimDb: null });
    expect(snapshot.channels[12]).toMatchObject({ headampIndex: 15, preampGainDb: 40 });
  });

  test('an aux input has no headamp Headroom can adjust', () => {
    expect(snapshot.channels[14]).toMatchObject({ headampIndex: null, preampGainDb: null, phantom: null });
  });

  test('on an XR16 inputs 9..16 are line inputs on headamps 17..24, without phantom power', () => {
    expect(snapshot.channels[8]).toMatchObject({ headampIndex: 9, preampGainDb: 24 });
    const xr16 = xairFamily('XR16').buildSnapshot(deskState(), { ...IDENTITY, model: 'XR16' });
    expect(xr16.channels[8]).toMatchObject({
      headampIndex: 17,
      preampGainDb: 8,
      preampGainRange: { minDb: -12, maxDb: 20, stepDb: 0.5 },
      phantom: null,
    });
    expect(xr16.channels[0]).toMatchObject({ headampIndex: 1, preampGainDb: 30 });
  });

  test('a USB return has a trim and no headamp; a channel with its source off has neither', () => {
    expect(snapshot.channels[11]).toMatchObject({ headampIndex: null, preampGainDb: null, trimDb: 4.5, trimRange: { minDb: -18, maxDb: 18 } });
    expect(snapshot.channels[15]).toMatchObject({ headampIndex: null, preampGainDb: null, trimDb: null });
  });

  test('sends carry their tap; buses, main and outputs follow the X-Air layout', () => {
    expect(snapshot.channels[10]?.sends[0]).toEqual({ bus: 1, levelDb: 0, on: true, preFader: true });
    expect(snapshot.channels[10]?.sends[1]?.preFader).toBe(false);
    expect(snapshot.channels[10]?.sends).toHaveLength(6);
    expect(snapshot.buses).toHaveLength(6);
    expect(snapshot.buses[0]?.name).toBe('Mon 1');
    expect(snapshot.matrices).toEqual([]);
    expect(snapshot.outputs.map((output) => output.name)).toEqual(['Aux Out 1', 'Aux Out 2', 'Aux Out 3', 'Aux Out 4', 'Aux Out 5', 'Aux Out 6', 'Main L', 'Main R']);
    expect(snapshot.outputs[0]?.source).toEqual({ kind: 'bus', index: 1 });
    expect(snapshot.outputs[6]?.source).toEqual({ kind: 'main' });
  });
});

describe('X-Air parameter bindings', () => {
  const state = deskState();
  test.each([
    ['ch.1.preampGainDb', '/headamp/01/gain', X_LAWS.headampGainDb],
    ['ch.13.preampGainDb', '/headamp/15/gain', X_LAWS.headampGainDb],
    ['ch.12.trimDb', '/ch/12/preamp/rtntrim', X_LAWS.trimDb],
    ['ch.3.faderDb', '/ch/03/mix/fader', X_LAWS.faderDb],
    ['ch.3.eq.1.gainDb', '/ch/03/eq/1/g', X_LAWS.eqGainDb],
    ['ch.1.send.6.levelDb', '/ch/01/mix/06/level', X_LAWS.sendLevelDb],
    ['bus.6.faderDb', '/bus/6/mix/fader', X_LAWS.faderDb],
    ['main.faderDb', '/lr/mix/fader', X_LAWS.faderDb],
  ])('%s is %s', (param, address, law) => {
    expect(XAIR_FAMILY.bindParam(param, state)).toMatchObject({ ok: true, binding: { kind: 'level', address, law } });
  });

  test.each([
    ['ch.1.trimDb', 'not-writable'],
    ['ch.15.preampGainDb', 'not-writable'],
    ['ch.12.preampGainDb', 'not-writable'],
    ['ch.15.phantom', 'not-writable'],
    ['ch.16.preampGainDb', 'not-writable'],
    ['ch.17.faderDb', 'unknown-param'],
    ['ch.1.send.7.levelDb', 'unknown-param'],
    ['bus.7.faderDb', 'unknown-param'],
    ['mtx.1.faderDb', 'unknown-param'],
  ])('%s is refused with %s', (param, code) => {
    expect(XAIR_FAMILY.bindParam(param, state)).toMatchObject({ ok: false, code });
  });

  test('an XR16 line input takes the line gain law and has no phantom power', () => {
    const xr16 = xairFamily('XR16');
    expect(xr16.bindParam('ch.9.preampGainDb', state)).toMatchObject({
      ok: true,
      binding: { kind: 'level', address: '/headamp/17/gain', law: X_LAWS.lineHeadampGainDb },
    });
    expect(xr16.bindParam('ch.9.phantom', state)).toMatchObject({ ok: false, code: 'not-writable' });
    expect(xr16.forModel('XR18').bindParam('ch.9.preampGainDb', state)).toMatchObject({ ok: true, binding: { address: '/headamp/09/gain' } });
  });

  test('phantom power of a mic input is a switch on its headamp', () => {
    expect(XAIR_FAMILY.bindParam('ch.13.phantom', state)).toMatchObject({ ok: true, binding: { kind: 'switch', address: '/headamp/15/phantom' } });
  });
});

describe('X-Air desk changes and syncing', () => {
  test.each([
    ['/headamp/15/gain', ['ch.13.preampGainDb']],
    ['/headamp/17/gain', []],
    ['/ch/13/config/insrc', ['ch.13.preampGainDb', 'ch.13.phantom', 'ch.13.trimDb']],
    ['/ch/12/preamp/rtntrim', ['ch.12.trimDb']],
    ['/ch/02/mix/03/level', ['ch.2.send.3.levelDb']],
    ['/bus/2/mix/fader', ['bus.2.faderDb']],
    ['/lr/mix/fader', ['main.faderDb']],
    ['/ch/02/mix/fader', ['ch.2.faderDb']],
  ])('%s concerns %j', (address, params) => {
    expect(XAIR_FAMILY.paramsAt(address, deskState())).toEqual(params);
  });

  test('a source change makes the new headamp (or the return trim) worth reading', () => {
    expect(XAIR_FAMILY.followUpAddresses('/ch/13/config/insrc', deskState({ '/ch/13/config/insrc': 3 }))).toEqual([
      '/headamp/04/gain',
      '/headamp/04/phantom',
    ]);
    expect(XAIR_FAMILY.followUpAddresses('/ch/13/preamp/rtnsw', deskState({ '/ch/13/preamp/rtnsw': 1 }))).toEqual(['/ch/13/preamp/rtntrim']);
  });

  test('phase 2 reads the mapped headamps only, line headamps without phantom', () => {
    expect(XAIR_FAMILY.dependentAddresses(deskState())).toEqual([
      '/headamp/01/gain', '/headamp/01/phantom', '/headamp/09/gain', '/headamp/09/phantom', '/headamp/15/gain', '/headamp/15/phantom',
    ]);
    expect(xairFamily('XR16').dependentAddresses(deskState())).toEqual(['/headamp/01/gain', '/headamp/01/phantom', '/headamp/17/gain', '/headamp/23/gain']);
    expect(XAIR_FAMILY.syncAddresses().some((address) => address.startsWith('/headamp/'))).toBe(false);
  });
});

test.each([
  [26, { kind: 'bus', index: 1 }],
  [31, { kind: 'bus', index: 6 }],
  [36, { kind: 'main' }],
  [37, { kind: 'main' }],
  [0, { kind: 'none' }],
  [40, { kind: 'none' }],
])('aux output source %i is %j', (src, source) => {
  expect(xairAuxOutputSource(src)).toEqual(source);
});

test.each([
  [0, { kind: 'main' }],
  [1, { kind: 'none' }],
  [5, { kind: 'none' }],
])('main output source %i is %j', (src, source) => {
  expect(xairMainOutputSource(src)).toEqual(source);
});

test('meter banks fill the frame in the X-Air layout; gain reduction turns positive', () => {
  const frame = emptyMeterFrame(0);
  const [mix, dynamics] = XAIR_METER_BANKS;
  mix?.fill(Array.from({ length: 40 }, (_, i) => -i), frame);
  dynamics?.fill(Array.from({ length: 39 }, (_, i) => (i === 0 ? -Infinity : -i / 2)), frame);
  expect(frame.channelInputDbfs).toEqual(Array.from({ length: 16 }, (_, i) => -i));
  expect(frame.busDbfs).toEqual([-26, -27, -28, -29, -30, -31]);
  expect(frame.mainDbfs).toEqual([-36, -37]);
  expect(frame.matrixDbfs).toEqual([]);
  expect(frame.channelGateGrDb[0]).toBe(120);
  expect(frame.channelGateGrDb[3]).toBe(1.5);
  expect(frame.channelDynGrDb[0]).toBe(8);
});
