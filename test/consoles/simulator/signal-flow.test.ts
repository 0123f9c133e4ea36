import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { initialSnapshot } from '../../../server/consoles/simulator/band';
import { channelLevels, GATE_RANGE_DB, meterFrame } from '../../../server/consoles/simulator/signal-flow';
import { compressorGrDb, eqNetGainDb } from '../../../server/model/processor-curves';
import { sumLevelsDb } from '../../../server/model/db';
import { writeParam } from '../../../server/model/params';
import type { ChannelState, EqBand, EqBandType } from '../../../server/model/stages';

/** A plain channel: unity everywhere, no processing, one pre-fader and one post-fader send. */
function makeChannel(overrides: Partial<ChannelState> = {}): ChannelState {
  return {
    index: 1, name: 'Test', color: null, sourceType: 'other', headampIndex: 0,
    preampGainDb: 0, preampGainRange: null, trimDb: 0, trimRange: null, phantom: false,
    hpfOn: false, hpfHz: 20, eqOn: false, eqBands: [], dynOn: false, dynThresholdDb: 0, dynRatio: 4, dynMakeupDb: 0,
    gateOn: false, gateThresholdDb: -80, faderDb: 0, on: true, toMain: true,
    sends: [
      { bus: 1, levelDb: 0, on: true, preFader: true },
      { bus: 2, levelDb: 0, on: true, preFader: false },
    ],
    ...overrides,
  };
}

const band = (type: EqBandType, gainDb: number, q = 1): EqBand => ({ type, freqHz: 1000, gainDb, q });

describe('channel stages', () => {
  test.each([
    ['gain lifts the converter input', { preampGainDb: 30 }, -50, -20],
    ['the converter clips at 0 dBFS', { preampGainDb: 40 }, -30, 0],
    ['trim after the converter may exceed 0 dBFS', { preampGainDb: 40, trimDb: 6 }, -30, 6],
    ['a negative trim lowers a clipped signal but the clip stays', { preampGainDb: 40, trimDb: -6 }, -30, -6],
    ['no headamp counts as 0 dB', { preampGainDb: null, trimDb: null }, -20, -20],
  ])('%s', (_, overrides, sourceDbfs, inputDbfs) => {
    expect(channelLevels(makeChannel(overrides), sourceDbfs).inputDbfs).toBeCloseTo(inputDbfs, 9);
  });

  test('silence stays -Infinity through every stage, never NaN', () => {
    const ch = makeChannel({
      eqOn: true, eqBands: [band('lshv', 6)], dynOn: true, dynMakeupDb: 6, gateOn: true, faderDb: -Infinity,
    });
    const levels = channelLevels(ch, -Infinity);
    expect(levels.inputDbfs).toBe(-Infinity);
    expect(levels.preFaderDbfs).toBe(-Infinity);
    expect(levels.postFaderDbfs).toBe(-Infinity);
    expect(levels.dynGrDb).toBe(0);
  });

  test('the fader moves the post-fader level dB for dB; -Infinity and off silence it', () => {
    expect(channelLevels(makeChannel({ faderDb: -7.5 }), -20).postFaderDbfs).toBeCloseTo(-27.5, 9);
    expect(channelLevels(makeChannel({ faderDb: -Infinity }), -20).postFaderDbfs).toBe(-Infinity);
    expect(channelLevels(makeChannel({ on: false }), -20).postFaderDbfs).toBe(-Infinity);
  });

  test('compressor: static curve above the threshold, makeup added after', () => {
    const ch = makeChannel({ dynOn: true, dynThresholdDb: -20, dynRatio: 4, dynMakeupDb: 5 });
    const loud = channelLevels(ch, -8);
    expect(loud.dynGrDb).toBeCloseTo(9, 9);
    expect(loud.preFaderDbfs).toBeCloseTo(-8 - 9 + 5, 9);
    const quiet = channelLevels(ch, -30);
    expect(quiet.dynGrDb).toBe(0);
    expect(quiet.preFaderDbfs).toBeCloseTo(-25, 9);
  });

  test('makeup and threshold do nothing while the compressor is off', () => {
    const ch = makeChannel({ dynOn: false, dynThresholdDb: -40, dynMakeupDb: 12 });
    expect(channelLevels(ch, -10)).toMatchObject({ dynGrDb: 0, preFaderDbfs: -10 });
  });

  test('a gate closes below its threshold, keyed on the channel input', () => {
    const ch = makeChannel({ gateOn: true, gateThresholdDb: -40 });
    expect(channelLevels(ch, -50)).toMatchObject({ gateGrDb: GATE_RANGE_DB, preFaderDbfs: -50 - GATE_RANGE_DB });
    expect(channelLevels(ch, -30)).toMatchObject({ gateGrDb: 0, preFaderDbfs: -30 });
    expect(channelLevels(makeChannel({ gateThresholdDb: -40 }), -50).gateGrDb).toBe(0);
  });

  test('EQ adds its net broadband gain only when on', () => {
    const bands = [band('lshv', 6)];
    const net = eqNetGainDb(bands);
    expect(channelLevels(makeChannel({ eqOn: true, eqBands: bands }), -20).preFaderDbfs).toBeCloseTo(-20 + net, 9);
    expect(channelLevels(makeChannel({ eqOn: false, eqBands: bands }), -20).preFaderDbfs).toBe(-20);
  });
});

describe('compressorGrDb', () => {
  test.each([
    [-10, -20, 2, 5],
    [-10, -20, 4, 7.5],
    [-10, -20, 100, 9.9],
    [-20, -20, 4, 0],
    [-30, -20, 4, 0],
    [-Infinity, -20, 4, 0],
  ])('level %f, threshold %f, ratio %f:1 -> %f dB', (level, threshold, ratio, gr) => {
    expect(compressorGrDb(level, threshold, ratio)).toBeCloseTo(gr, 9);
  });
});

describe('eqNetGainDb (broadband estimate)', () => {
  const types: EqBandType[] = ['lcut', 'lshv', 'peq', 'veq', 'hshv', 'hcut'];
  const arbBand = fc.record({
    type: fc.constantFrom(...types),
    freqHz: fc.constant(1000),
    gainDb: fc.double({ min: -15, max: 15, noNaN: true }),
    q: fc.double({ min: 0.3, max: 10, noNaN: true }),
  });

  test('flat bands give 0 dB; cut filters ignore their gain field', () => {
    expect(eqNetGainDb([band('lshv', 0), band('peq', 0), band('hshv', 0)])).toBeCloseTo(0, 12);
    expect(eqNetGainDb([band('lcut', 12), band('hcut', -12)])).toBeCloseTo(0, 12);
    expect(eqNetGainDb([])).toBe(0);
  });

  test('a shelf weighs more than a narrow bell of the same gain', () => {
    expect(eqNetGainDb([band('lshv', 6)])).toBeGreaterThan(eqNetGainDb([band('peq', 6, 4)]));
  });

  test('a 6 dB shelf is 10*log10(0.65 + 0.35 * 10^0.6) dB', () => {
    expect(eqNetGainDb([band('hshv', 6)])).toBeCloseTo(10 * Math.log10(0.65 + 0.35 * 10 ** 0.6), 9);
  });

  test('the net gain lies between the lowest and highest band gain (and 0)', () => {
    fc.assert(
      fc.property(fc.array(arbBand, { maxLength: 6 }), (bands) => {
        const gains = [0, ...bands.map((b) => b.gainDb)];
        const net = eqNetGainDb(bands);
        expect(net).toBeGreaterThanOrEqual(Math.min(...gains) - 1e-9);
        expect(net).toBeLessThanOrEqual(Math.max(...gains) + 1e-9);
      }),
    );
  });

  test('raising any band never lowers the net gain', () => {
    fc.assert(
      fc.property(
        fc.array(arbBand, { minLength: 1, maxLength: 4 }),
        fc.nat(3),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (bands, i, liftDb) => {
          const k = i % bands.length;
          const lifted = bands.map((b, j) => (j === k ? { ...b, gainDb: b.gainDb + liftDb } : b));
          expect(eqNetGainDb(lifted)).toBeGreaterThanOrEqual(eqNetGainDb(bands) - 1e-9);
        },
      ),
    );
  });
});

describe('meterFrame routing', () => {
  const sources = (levelDbfs: number) => Array.from({ length: 16 }, () => levelDbfs);
  /** The band's desk with every channel flat, at unity, unrouted; channel 1 and 2 to main and Bus 1/5. */
  function routedDesk() {
    let s = initialSnapshot();
    s = {
      ...s,
      channels: s.channels.map((ch) => ({
        ...ch, preampGainDb: 0, trimDb: 0, eqOn: false, dynOn: false, gateOn: false, faderDb: 0, toMain: ch.index <= 2,
        sends: ch.sends.map((send) => ({
          ...send,
          levelDb: ch.index <= 2 && [1, 5].includes(send.bus) ? 0 : -Infinity,
        })),
      })),
      buses: s.buses.map((b) => ({ ...b, faderDb: 0 })),
      main: { ...s.main, faderDb: 0 },
      matrices: s.matrices.map((m) => ({ ...m, faderDb: -6 })),
    };
    return s;
  }

  test('two equal uncorrelated channels power-sum to +3.01 dB on main, buses and matrices follow', () => {
    const frame = meterFrame(routedDesk(), sources(-20), 123);
    expect(frame.atMs).toBe(123);
    expect(frame.mainDbfs[0]).toBeCloseTo(-20 + 3.0103, 3);
    expect(frame.mainDbfs[1]).toBe(frame.mainDbfs[0]);
    expect(frame.busDbfs[0]).toBeCloseTo(-20 + 3.0103, 3);
    expect(frame.matrixDbfs[0]).toBeCloseTo(-20 + 3.0103 - 6, 3);
    expect(frame.busDbfs[2]).toBe(-Infinity);
  });

  test('fader -inf silences the channel post-fader and takes it out of main and post-fader sends', () => {
    const desk = writeParam(routedDesk(), 'ch.1.faderDb', -Infinity);
    const frame = meterFrame(desk, sources(-20), 0);
    expect(frame.channelPostFaderDbfs[0]).toBe(-Infinity);
    expect(frame.mainDbfs[0]).toBeCloseTo(-20, 9);
    expect(frame.busDbfs[4]).toBeCloseTo(-20, 9);
    expect(frame.busDbfs[0]).toBeCloseTo(-20 + 3.0103, 3);
  });

  test('a pre-fader send ignores the fader; a post-fader send follows it', () => {
    const before = meterFrame(routedDesk(), sources(-20), 0);
    const after = meterFrame(writeParam(writeParam(routedDesk(), 'ch.1.faderDb', -10), 'ch.2.faderDb', -10), sources(-20), 0);
    expect(after.busDbfs[0]).toBe(before.busDbfs[0]);
    expect(after.busDbfs[4]).toBeCloseTo(before.busDbfs[4]! - 10, 9);
  });

  test('muting a channel silences its pre-fader sends too', () => {
    const desk = writeParam(routedDesk(), 'ch.1.on', 0);
    expect(meterFrame(desk, sources(-20), 0).busDbfs[0]).toBeCloseTo(-20, 9);
  });

  test('bus, matrix and main faders move their meters dB for dB', () => {
    let desk = writeParam(routedDesk(), 'bus.1.faderDb', 4);
    desk = writeParam(desk, 'main.faderDb', -3);
    desk = writeParam(desk, 'mtx.2.faderDb', -12);
    const frame = meterFrame(desk, sources(-20), 0);
    const twoChannels = sumLevelsDb([-20, -20]);
    expect(frame.busDbfs[0]).toBeCloseTo(twoChannels + 4, 9);
    expect(frame.mainDbfs[0]).toBeCloseTo(twoChannels - 3, 9);
    expect(frame.matrixDbfs[1]).toBeCloseTo(twoChannels - 3 - 12, 9);
  });

  test('a meter frame has one reading per channel, bus and matrix', () => {
    const frame = meterFrame(initialSnapshot(), sources(-60), 0);
    expect(frame.channelInputDbfs).toHaveLength(16);
    expect(frame.channelGateGrDb).toHaveLength(16);
    expect(frame.channelDynGrDb).toHaveLength(16);
    expect(frame.channelPostFaderDbfs).toHaveLength(16);
    expect(frame.busDbfs).toHaveLength(6);
    expect(frame.matrixDbfs).toHaveLength(2);
    expect(frame.mainDbfs).toHaveLength(2);
  });
});
