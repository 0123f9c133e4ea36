/** The Ui state map -> stage model, bindings and the parameters behind a key (pure functions, no sockets). */
import { describe, expect, test } from 'vitest';
import { UI_LAYOUTS, bindUiParam, buildUiSnapshot, uiModelOf, uiParamsAt, uiPreampKey, uiRequiredKeys } from '../../../server/consoles/soundcraft-ui/ui-keys';

const identity = { kind: 'soundcraft-ui' as const, model: 'Soundcraft Ui24R', firmware: '', name: 'desk' };

function ui24State(entries: Record<string, number | string> = {}): Map<string, number | string> {
  return new Map<string, number | string>(Object.entries({
    model: 'ui24',
    'i.0.name': 'KICK',
    'i.0.src': 'hw.4',
    'hw.4.gain': 0.4126984127,
    'hw.4.phantom': 1,
    'i.0.mix': 0.7647058823,
    'i.0.mute': 0,
    'i.0.aux.0.value': 0.7647058823,
    'i.0.aux.0.post': 0,
    'i.0.fx.1.value': 0,
    'i.0.fx.1.mute': 1,
    'i.1.src': 'none',
    'i.1.mute': 1,
    'a.0.name': 'MON 1',
    'a.0.mix': 0.7115203609,
    'f.0.mute': 1,
    'm.mix': 1,
    ...entries,
  }));
}

describe('buildUiSnapshot', () => {
  const snapshot = buildUiSnapshot(ui24State(), UI_LAYOUTS.ui24, identity);

  test('channels: name, the preamp its src names, fader, mute; default names where the desk has none', () => {
    expect(snapshot.channels).toHaveLength(24);
    expect(snapshot.channels[0]).toMatchObject({ name: 'KICK', headampIndex: 5, preampGainDb: 20, phantom: true, faderDb: 0, on: true, trimDb: null });
    expect(snapshot.channels[1]).toMatchObject({ name: 'CH 2', headampIndex: null, preampGainDb: null, phantom: null, faderDb: -Infinity, on: false });
  });

  test('processing the desk does not publish a curve for stays off with neutral placeholders', () => {
    expect(snapshot.channels[0]).toMatchObject({ eqOn: false, eqBands: [], dynOn: false, gateOn: false, hpfOn: false });
  });

  test('sends: aux buses 1..10, then FX buses 11..14, with pre/post and on', () => {
    const sends = snapshot.channels[0]!.sends;
    expect(sends).toHaveLength(14);
    expect(sends[0]).toEqual({ bus: 1, levelDb: 0, on: true, preFader: true });
    expect(sends[11]).toEqual({ bus: 12, levelDb: -Infinity, on: false, preFader: false });
  });

  test('buses and main', () => {
    expect(snapshot.buses.map((b) => b.name)).toEqual([...Array.from({ length: 10 }, (_, i) => (i === 0 ? 'MON 1' : `AUX ${i + 1}`)), 'FX 1', 'FX 2', 'FX 3', 'FX 4']);
    expect(snapshot.buses[0]).toMatchObject({ faderDb: -2, on: true });
    expect(snapshot.buses[10]).toMatchObject({ on: false });
    expect(snapshot.main).toEqual({ name: 'MASTER', faderDb: 10, on: true });
    expect(snapshot.meters).toMatchObject({ channelInput: true, channelPostFader: true, gateReduction: false, dynamicsReduction: false });
  });
});

describe('bindUiParam', () => {
  const state = ui24State();
  test.each([
    ['ch.1.preampGainDb', { kind: 'gain', key: 'hw.4.gain' }],
    ['ch.1.phantom', { kind: 'switch', key: 'hw.4.phantom', inverted: false }],
    ['ch.1.on', { kind: 'switch', key: 'i.0.mute', inverted: true }],
    ['ch.1.faderDb', { kind: 'fader', key: 'i.0.mix' }],
    ['ch.1.send.3.levelDb', { kind: 'fader', key: 'i.0.aux.2.value' }],
    ['ch.1.send.11.levelDb', { kind: 'fader', key: 'i.0.fx.0.value' }],
    ['bus.10.faderDb', { kind: 'fader', key: 'a.9.mix' }],
    ['bus.14.faderDb', { kind: 'fader', key: 'f.3.mix' }],
    ['main.faderDb', { kind: 'fader', key: 'm.mix' }],
  ])('%s -> %j', (param, binding) => {
    const bound = bindUiParam(param, state, UI_LAYOUTS.ui24);
    expect(bound.ok && bound.binding).toMatchObject(binding);
  });

  test.each([
    ['ch.2.preampGainDb', 'not-writable'],
    ['ch.1.trimDb', 'not-writable'],
    ['ch.1.eq.2.gainDb', 'not-writable'],
    ['ch.1.dynMakeupDb', 'not-writable'],
    ['ch.25.faderDb', 'unknown-param'],
    ['bus.15.faderDb', 'unknown-param'],
    ['ch.1.send.15.levelDb', 'unknown-param'],
    ['mtx.1.faderDb', 'unknown-param'],
    ['nonsense', 'unknown-param'],
  ])('%s is refused: %s', (param, code) => {
    expect(bindUiParam(param, state, UI_LAYOUTS.ui24)).toMatchObject({ ok: false, code });
  });

  test('on a Ui12 the preamp is the channel itself', () => {
    const bound = bindUiParam('ch.8.preampGainDb', new Map(), UI_LAYOUTS.ui12);
    expect(bound.ok && bound.binding).toMatchObject({ kind: 'gain', key: 'i.7.gain', range: { minDb: -40, maxDb: 50 } });
  });
});

describe('uiParamsAt', () => {
  const state = ui24State({ 'i.2.src': 'hw.4' });
  test.each([
    ['hw.4.gain', ['ch.1.preampGainDb', 'ch.3.preampGainDb']],
    ['i.0.src', ['ch.1.preampGainDb', 'ch.1.phantom']],
    ['i.0.mix', ['ch.1.faderDb']],
    ['i.0.mute', ['ch.1.on']],
    ['i.0.fx.1.value', ['ch.1.send.12.levelDb']],
    ['a.1.mix', ['bus.2.faderDb']],
    ['f.3.mix', ['bus.14.faderDb']],
    ['m.mix', ['main.faderDb']],
    ['i.0.gain', []],
    ['i.30.mix', []],
    ['i.0.eq.b1.gain', []],
  ])('%s -> %j', (key, params) => {
    expect(uiParamsAt(key, state, UI_LAYOUTS.ui24)).toEqual(params);
  });
});

test('the model, the preamp key and the values a sync needs', () => {
  expect(uiModelOf(new Map([['model', 'ui16']]))).toBe('ui16');
  expect(uiModelOf(new Map([['model', 'ui32']]))).toBeNull();
  expect(uiPreampKey(ui24State({ 'i.0.src': 'ua.3' }), UI_LAYOUTS.ui24, 1)).toBeNull();
  const keys = uiRequiredKeys(new Map(), UI_LAYOUTS.ui12);
  // Per input: mix, mute, gain, phantom and 8 sends; per bus: mix and mute; and the master.
  expect(keys).toHaveLength(8 * (4 + 8) + 8 * 2 + 1);
  expect(keys).toContain('i.7.fx.3.value');
});
