import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { gridAllowanceDb, paramRange } from '../../server/model/param-range';
import { suggest } from '../../server/engine/suggest';
import { predictLevelShift, unintendedMoves } from '../../server/model/level-model';
import type { MeterStatistics, PointStatistics } from '../../server/meters/statistics';
import type { BusSend, ChannelState, ConsoleSnapshot } from '../../server/model/stages';
import { NOW_MS, makeChannel, makePoint, makeProfile, makeSnapshot, onGrid } from './builders';

const send = fc.record<BusSend>({
  bus: fc.constantFrom(1, 2),
  levelDb: fc.oneof(onGrid(-60, 10, 0.5), fc.constant(-Infinity)),
  on: fc.boolean(),
  preFader: fc.boolean(),
});

const channelSettings = fc.record({
  preampGainDb: onGrid(-12, 60, 0.5),
  trimDb: onGrid(-18, 18, 0.25),
  dynOn: fc.boolean(),
  dynThresholdDb: onGrid(-60, 0, 0.5),
  dynRatio: fc.constantFrom(1.1, 2, 4, 100),
  dynMakeupDb: onGrid(0, 24, 0.5),
  gateOn: fc.boolean(),
  gateThresholdDb: onGrid(-80, 0, 0.5),
  faderDb: fc.oneof(onGrid(-60, 10, 0.1), fc.constant(-Infinity)),
  eqGainDb: onGrid(-15, 15, 0.25),
  sends: fc.uniqueArray(send, { maxLength: 2, selector: (s) => s.bus }),
});

const point = fc.record({
  averageDbfs: fc.double({ min: -80, max: 0, noNaN: true }),
  crestDb: fc.double({ min: 0, max: 30, noNaN: true }),
  activeMs: fc.integer({ min: 0, max: 8000 }),
  clipCount: fc.integer({ min: 0, max: 160 }),
}).map(({ averageDbfs, crestDb, activeMs, clipCount }): PointStatistics => {
  const peakDbfs = Math.min(averageDbfs + crestDb, 0);
  return makePoint({
    averageDbfs, peakDbfs, peakHoldDbfs: peakDbfs, activeMs, clipCount,
    recentClipCount: Math.min(clipCount, 10), lowDbfs: averageDbfs - 30, highDbfs: peakDbfs - 2,
  });
});

const band = fc.record({
  channels: fc.array(fc.record({ settings: channelSettings, input: point, grDb: fc.double({ min: 0, max: 30, noNaN: true }), postOffsetDb: fc.double({ min: -10, max: 10, noNaN: true }) }), { minLength: 1, maxLength: 4 }),
  buses: fc.array(point, { minLength: 2, maxLength: 2 }),
  main: point,
  busFaderDb: onGrid(-30, 10, 0.1),
});

type Band = typeof band extends fc.Arbitrary<infer T> ? T : never;

function build(b: Band): { snapshot: ConsoleSnapshot; stats: MeterStatistics } {
  const channels: Partial<ChannelState>[] = b.channels.map(({ settings }, i) => ({
    name: `Src ${i + 1}`,
    ...settings,
    eqBands: makeChannel(1).eqBands.map((band, k) => (k === 1 ? { ...band, gainDb: settings.eqGainDb } : band)),
  }));
  const snapshot = makeSnapshot({
    channels,
    buses: [1, 2].map((index) => ({ index, name: `Mon ${index}`, faderDb: b.busFaderDb, on: true })),
  });
  const stats: MeterStatistics = {
    windowMs: 8000,
    lastFrameAtMs: NOW_MS,
    channelInput: b.channels.map((c) => c.input),
    channelDynGrDb: b.channels.map((c) => makePoint({ averageDbfs: c.grDb, peakDbfs: c.grDb })),
    channelPostFader: b.channels.map((c) => makePoint({ ...c.input, averageDbfs: c.input.averageDbfs + c.postOffsetDb })),
    buses: b.buses,
    matrices: [],
    main: b.main,
  };
  return { snapshot, stats };
}

const profile = makeProfile({
  outputs: [
    { index: 1, amplifier: 'Main amp', inputSensitivityDbu: 4, dbuAtZeroDbfs: 21, feed: { kind: 'main' } },
    { index: 3, amplifier: 'Wedge amp', inputSensitivityDbu: 14, dbuAtZeroDbfs: 21, feed: { kind: 'bus', index: 1 } },
  ],
});

describe('engine properties', () => {
  test('every proposed value lies inside its parameter\'s range; one move per parameter; unique ids', () => {
    let movesSeen = 0;
    fc.assert(
      fc.property(band, (b) => {
        const { snapshot, stats } = build(b);
        const suggestions = suggest(snapshot, stats, profile, NOW_MS, []);
        const moves = suggestions.flatMap((s) => (s.change === null ? [] : [s.change, ...s.compensation]));
        movesSeen += moves.length;
        for (const move of moves) {
          const range = paramRange(snapshot, move.param);
          expect(range, move.param).not.toBeNull();
          expect(Number.isNaN(move.proposedValue)).toBe(false);
          expect(move.proposedValue).toBeGreaterThanOrEqual(range!.minDb);
          expect(move.proposedValue).toBeLessThanOrEqual(range!.maxDb);
          expect(move.deltaDb).toBeCloseTo(move.proposedValue - move.currentValue, 6);
        }
        expect(new Set(moves.map((m) => m.param)).size).toBe(moves.length);
        expect(new Set(suggestions.map((s) => s.id)).size).toBe(suggestions.length);
        for (const s of suggestions) {
          expect(s.confidence).toBeGreaterThanOrEqual(0);
          expect(s.confidence).toBeLessThanOrEqual(1);
          expect(s.reason).not.toMatch(/NaN|undefined/);
        }
      }),
      { numRuns: 50 },
    );
    // The property must have had something to check.
    expect(movesSeen).toBeGreaterThan(50);
  });
});

describe('the level invariant in every suggestion', () => {
  test('each suggestion\'s stated effect and residual are the level model\'s prediction of its whole change set', () => {
    let withResidual = 0;
    let checked = 0;
    fc.assert(
      fc.property(band, (b) => {
        const { snapshot, stats } = build(b);
        for (const s of suggest(snapshot, stats, profile, NOW_MS, [])) {
          if (s.change === null) {
            expect(s.effect).toEqual([]);
            continue;
          }
          checked++;
          const shift = predictLevelShift(snapshot, [s.change, ...s.compensation].map((c) => ({ param: c.param, value: c.proposedValue })), stats);
          const moves = unintendedMoves(shift, s.purpose, gridAllowanceDb(snapshot, [s.change, ...s.compensation].map((c) => c.param)));
          const worst = moves.reduce((w, m) => (Math.abs(m.deltaDb) > Math.abs(w) ? m.deltaDb : w), 0);
          expect(s.residualDb).toBeCloseTo(Number.isFinite(worst) ? Math.round(worst * 10) / 10 : worst, 6);
          expect(s.effect.map((e) => e.mix)).toEqual(shift.mixes.map((m) => m.mix));
          if (s.residualDb !== 0) {
            withResidual++;
            // A channel fix that cannot keep a level says so in its reason, with the figure.
            if (s.target.kind === 'channel') expect(s.reason).toMatch(/cannot follow|carried by the [a-z-]+ suggestion on .*: apply both|also carries .*the [a-z-]+ suggestion on .*: apply both/);
          }
          if (s.target.kind === 'channel') expect(s.purpose).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(30);
    expect(withResidual).toBeGreaterThan(0);
  });
});
