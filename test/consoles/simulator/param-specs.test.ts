import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { initialSnapshot } from '../../../server/consoles/simulator/band';
import { simulatorParamIds, simulatorParamSpec } from '../../../server/consoles/simulator/param-specs';
import { quantiseFaderDb } from '../../../server/model/fader-law';
import { parseParamId } from '../../../server/model/params';

const snapshot = initialSnapshot();
const spec = (id: string) => {
  const found = simulatorParamSpec(snapshot, id);
  if (!found) throw new Error(`no spec for ${id}`);
  return found;
};

describe('X32 grids', () => {
  test.each([
    ['ch.1.trimDb', 1.13, 1.25],
    ['ch.1.trimDb', -0.1, 0],
    ['ch.1.trimDb', 30, 18],
    ['ch.1.preampGainDb', 33.3, 33.5],
    ['ch.1.preampGainDb', 33.2, 33],
    ['ch.1.preampGainDb', -40, -12],
    ['ch.1.preampGainDb', 99, 60],
    ['ch.2.eq.3.gainDb', 2.1, 2],
    ['ch.2.eq.3.gainDb', -20, -15],
    ['ch.2.dynThresholdDb', -17.3, -17.5],
    ['ch.2.dynMakeupDb', 3.7, 3.5],
    ['ch.2.dynMakeupDb', -2, 0],
    ['ch.4.gateThresholdDb', -81, -80],
    ['ch.3.phantom', 0.7, 1],
    ['ch.3.on', 0.2, 0],
  ])('%s: %f -> %f', (id, requested, held) => {
    expect(spec(id).quantise(requested)).toBe(held);
  });

  test.each(['ch.1.faderDb', 'ch.13.send.1.levelDb', 'bus.1.faderDb', 'mtx.2.faderDb', 'main.faderDb'])(
    '%s follows the X32 fader law, -inf..+10 dB',
    (id) => {
      const s = spec(id);
      expect(s.min).toBe(-Infinity);
      expect(s.max).toBe(10);
      expect(s.quantise(-Infinity)).toBe(-Infinity);
      expect(s.quantise(0)).toBe(quantiseFaderDb(0));
      expect(s.quantise(25)).toBe(10);
    },
  );

  test('quantising is idempotent and stays within the range for every parameter', () => {
    const ids = simulatorParamIds(snapshot);
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.double({ min: -100, max: 100, noNaN: true }), (id, value) => {
        const s = spec(id);
        const held = s.quantise(value);
        expect(s.quantise(held)).toBe(held);
        expect(held).toBeGreaterThanOrEqual(s.min);
        expect(held).toBeLessThanOrEqual(s.max);
      }),
      { numRuns: 500 },
    );
  });
});

describe('labels and coverage', () => {
  test.each([
    ['ch.1.preampGainDb', 'Ch 1 Kick gain', 'dB', 0.5],
    ['ch.13.trimDb', 'Ch 13 Vox 1 trim', 'dB', 0.25],
    ['ch.8.dynMakeupDb', 'Ch 8 Bass DI comp makeup', 'dB', 0.5],
    ['ch.6.phantom', 'Ch 6 OH L phantom', 'switch', 1],
    ['ch.13.send.1.levelDb', 'Ch 13 Vox 1 send to Bus 1 Mon 1', 'dB', 40 / 1023],
    ['ch.2.eq.4.gainDb', 'Ch 2 Snare EQ 4 gain', 'dB', 0.25],
    ['bus.6.faderDb', 'Bus 6 Sub fader', 'dB', 40 / 1023],
    ['mtx.1.faderDb', 'Mtx 1 Fill fader', 'dB', 40 / 1023],
    ['main.faderDb', 'Main LR fader', 'dB', 40 / 1023],
  ])('%s is "%s"', (id, label, unit, stepDb) => {
    expect(spec(id)).toMatchObject({ id, label, unit, stepDb });
  });

  test.each([
    'ch.17.trimDb', 'ch.1.eq.5.gainDb', 'ch.1.send.7.levelDb', 'bus.7.faderDb', 'mtx.3.faderDb', 'ch.1.gain', 'garbage',
  ])(
    '%s is not a parameter of this desk',
    (id) => {
      expect(simulatorParamSpec(snapshot, id)).toBeUndefined();
    },
  );

  test('every parameter kind of the model is writable on every strip', () => {
    const ids = simulatorParamIds(snapshot);
    const scopes = new Set(ids.map((id) => parseParamId(id)!.scope));
    expect(scopes).toEqual(new Set(['channel', 'channel-eq', 'channel-send', 'bus', 'matrix', 'main']));
    // 16 channels x (8 scalars + 4 EQ bands + 6 sends) + 6 buses + 2 matrices + main
    expect(ids).toHaveLength(16 * 18 + 6 + 2 + 1);
  });
});
