import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { channelLevels as simulatedLevels } from '../../server/consoles/simulator/signal-flow';
import { compensate, compensationMoves } from '../../server/model/compensate';
import {
  effectText, LEVEL_TOLERANCE_DB, NO_METERS, predictChannelShift, predictLevelShift, unintendedMoves, type LevelMeters,
} from '../../server/model/level-model';
import { writeParam } from '../../server/model/params';
import type { BusSend, ChannelState, ConsoleSnapshot } from '../../server/model/stages';
import { makeChannel, makePoint, makeSnapshot, onGrid } from '../engine/builders';

const sends: BusSend[] = [
  { bus: 1, levelDb: -5, on: true, preFader: true },
  { bus: 2, levelDb: -5, on: true, preFader: false },
];

function desk(channel: Partial<ChannelState>): ConsoleSnapshot {
  return makeSnapshot({
    channels: [{ name: 'Vox 1', sends, ...channel }],
    buses: [{ index: 1, name: 'Mon 1', faderDb: 0, on: true }, { index: 2, name: 'Mon 2', faderDb: 0, on: true }],
  });
}

describe('compensate: a channel fix keeps the PA and every mix', () => {
  test.each([
    {
      name: 'gain +20 dB with the fader parked at +10 dB: the fader comes down to -10 dB, the pre-fader send 20 dB down',
      channel: { faderDb: 10 },
      purpose: [{ param: 'ch.1.preampGainDb', value: 50 }],
      expected: [{ param: 'ch.1.faderDb', value: -10 }, { param: 'ch.1.send.1.levelDb', value: -25 }],
      limits: 0,
    },
    {
      name: 'gain -6 dB: thresholds follow the gain, the fader and the pre-fader send go up',
      channel: { gateOn: true, gateThresholdDb: -50, dynOn: true, dynThresholdDb: -20 },
      purpose: [{ param: 'ch.1.preampGainDb', value: 24 }],
      expected: [
        { param: 'ch.1.gateThresholdDb', value: -56 },
        { param: 'ch.1.dynThresholdDb', value: -26 },
        { param: 'ch.1.faderDb', value: 6 },
        { param: 'ch.1.send.1.levelDb', value: 1 },
      ],
      limits: 0,
    },
    {
      name: 'makeup -9 dB: the fader and the pre-fader send go up 9 dB',
      channel: { dynOn: true, dynMakeupDb: 12, faderDb: -5 },
      purpose: [{ param: 'ch.1.dynMakeupDb', value: 3 }],
      expected: [{ param: 'ch.1.faderDb', value: 4 }, { param: 'ch.1.send.1.levelDb', value: 4 }],
      limits: 0,
    },
    {
      name: 'gain -6 dB with the fader at +10 dB: the PA cannot be kept; the post-fader send takes it for Mon 2',
      channel: { faderDb: 10 },
      purpose: [{ param: 'ch.1.preampGainDb', value: 24 }],
      expected: [{ param: 'ch.1.send.1.levelDb', value: 1 }, { param: 'ch.1.send.2.levelDb', value: 1 }],
      limits: 1,
    },
  ])('$name', ({ channel, purpose, expected, limits }) => {
    const snapshot = desk(channel);
    const set = compensate(snapshot, purpose, NO_METERS);
    expect(set.compensation).toEqual(expected);
    expect(set.limits).toHaveLength(limits);
    const moves = unintendedMoves(set.shift, []);
    if (limits === 0) {
      expect(moves).toEqual([]);
    } else {
      expect(moves).toEqual([{ mix: 'main', label: 'PA', channel: 1, channelLabel: 'Ch 1 Vox 1', deltaDb: -6 }]);
      expect(set.limits[0]).toMatch(/fader cannot follow.*\+10\.0 dB maximum.*PA it moves −6\.0 dB/);
    }
  });

  test('a gain cut on a clipping input is heard only by what the meter could show: the fader follows that', () => {
    const meters: LevelMeters = {
      channelInput: [makePoint({ averageDbfs: -6, peakDbfs: 0, clipCount: 40, activeMs: 8000, frames: 160, windowMs: 8000 })],
      channelDynGrDb: [],
      channelPostFader: [],
    };
    const set = compensate(desk({ faderDb: 0 }), [{ param: 'ch.1.preampGainDb', value: 20 }], meters);
    // 40 of 160 playing frames clipped: 4 dB hidden, so -10 dB of gain is heard as -6 dB.
    expect(set.compensation).toContainEqual({ param: 'ch.1.faderDb', value: 6 });
    expect(set.shift.channels.get(1)?.heardDb).toBeCloseTo(-6, 9);
  });

  test('effect text names the PA and each mix', () => {
    const set = compensate(desk({ faderDb: 10 }), [{ param: 'ch.1.preampGainDb', value: 24 }], NO_METERS);
    expect(effectText(set.shift)).toBe('PA: −6.0 dB · Mon 1: ±0.0 dB · Mon 2: ±0.0 dB');
  });
});

const randomSend = fc.record<BusSend>({
  bus: fc.constantFrom(1, 2, 3),
  levelDb: fc.oneof(onGrid(-60, 10, 0.1), fc.constant(-Infinity)),
  on: fc.boolean(),
  preFader: fc.boolean(),
});

const randomChannel = fc.record({
  preampGainDb: onGrid(-12, 60, 0.5),
  trimDb: onGrid(-18, 18, 0.25),
  dynOn: fc.boolean(),
  dynThresholdDb: onGrid(-60, 0, 0.5),
  dynRatio: fc.constantFrom(1, 2, 4, 100),
  dynMakeupDb: onGrid(0, 24, 0.5),
  gateOn: fc.boolean(),
  gateThresholdDb: onGrid(-80, 0, 0.5),
  faderDb: fc.oneof(onGrid(-90, 10, 0.1), fc.constant(-Infinity), fc.constant(10)),
  eqGainDb: onGrid(-15, 15, 0.25),
  on: fc.boolean(),
  toMain: fc.boolean(),
  sends: fc.uniqueArray(randomSend, { maxLength: 3, selector: (s) => s.bus }),
  inputDbfs: fc.double({ min: -70, max: -3, noNaN: true }),
  metered: fc.boolean(),
});

/** A purpose change on channel 1..n: gain, trim, makeup or an EQ band, to a value inside its range. */
const randomPurpose = fc.oneof(
  fc.record({ param: fc.constant('preampGainDb'), value: onGrid(-12, 60, 0.5) }),
  fc.record({ param: fc.constant('trimDb'), value: onGrid(-18, 18, 0.25) }),
  fc.record({ param: fc.constant('dynMakeupDb'), value: onGrid(0, 24, 0.5) }),
  fc.record({ param: fc.constant('eq.2.gainDb'), value: onGrid(-15, 15, 0.25) }),
);

const randomDesk = fc.record({
  channels: fc.array(randomChannel, { minLength: 1, maxLength: 4 }),
  purposes: fc.array(fc.record({ channel: fc.integer({ min: 1, max: 4 }), purpose: randomPurpose }), { minLength: 1, maxLength: 4 }),
});

type RandomDesk = typeof randomDesk extends fc.Arbitrary<infer T> ? T : never;

function build(d: RandomDesk): { snapshot: ConsoleSnapshot; meters: LevelMeters; purpose: { param: string; value: number }[] } {
  const snapshot = makeSnapshot({
    channels: d.channels.map(({ inputDbfs: _input, metered: _metered, eqGainDb, ...settings }, i) => ({
      name: `Src ${i + 1}`,
      ...settings,
      eqBands: makeChannel(1).eqBands.map((band, k) => (k === 1 ? { ...band, gainDb: eqGainDb } : band)),
    })),
    buses: [1, 2, 3].map((index) => ({ index, name: `Mon ${index}`, faderDb: 0, on: true })),
  });
  const meters: LevelMeters = {
    // One block of programme: its peak is its level, as the simulated desk plays it back below.
    channelInput: d.channels.map((c) => (c.metered ? makePoint({ averageDbfs: c.inputDbfs, peakDbfs: c.inputDbfs, clipCount: 0 }) : null)),
    channelDynGrDb: [],
    channelPostFader: [],
  };
  const seen = new Set<string>();
  const purpose = d.purposes
    .filter((p) => p.channel <= d.channels.length)
    .map((p) => ({ param: `ch.${p.channel}.${p.purpose.param}`, value: p.purpose.value }))
    .filter((p) => !seen.has(p.param) && seen.add(p.param));
  return { snapshot, meters, purpose };
}

/**
 * A random desk whose channels may take a shared headamp (an input split to two channels): channel i takes
 * headamp `headamps[i]`, and channels on one headamp read its one gain.
 */
const randomSplitDesk = fc.record({
  desk: randomDesk,
  headamps: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
});

function buildSplit({ desk: d, headamps }: { desk: RandomDesk; headamps: number[] }): ReturnType<typeof build> {
  const built = build(d);
  const gainOf = new Map<number, number | null>();
  const channels = built.snapshot.channels.map((channel, i) => {
    const headampIndex = headamps[i]!;
    if (!gainOf.has(headampIndex)) gainOf.set(headampIndex, channel.preampGainDb);
    return { ...channel, headampIndex, preampGainDb: gainOf.get(headampIndex)! };
  });
  return { ...built, snapshot: { ...built.snapshot, channels } };
}

describe('the invariant over random desks', () => {
  test('with inputs split to several channels, compensation still keeps every mix or states why', () => {
    let split = 0;
    fc.assert(
      fc.property(randomSplitDesk, (d) => {
        const { snapshot, meters, purpose } = buildSplit(d);
        if (new Set(snapshot.channels.map((c) => c.headampIndex)).size < snapshot.channels.length) split++;
        const set = compensate(snapshot, purpose, meters);
        for (const move of unintendedMoves(set.shift, [])) {
          expect(move.channel).not.toBeNull();
          expect(set.limits.some((l) => l.startsWith(`${move.channelLabel}:`)), JSON.stringify(move)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    expect(split).toBeGreaterThan(50);
  });


  test('after compensation every contribution to the PA and every mix moves <= 0.1 dB, or the residual is stated', () => {
    let kept = 0;
    let stated = 0;
    fc.assert(
      fc.property(randomDesk, (d) => {
        const { snapshot, meters, purpose } = build(d);
        const set = compensate(snapshot, purpose, meters);
        const moves = unintendedMoves(set.shift, []);
        if (moves.length === 0) {
          kept++;
          return;
        }
        stated++;
        // Every moved level belongs to a channel whose limits say why and by how much.
        for (const move of moves) {
          expect(move.channel).not.toBeNull();
          expect(set.limits.some((l) => l.startsWith(`${move.channelLabel}:`)), JSON.stringify(move)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    expect(kept).toBeGreaterThan(50);
    expect(stated).toBeGreaterThan(0);
  });

  test('the predicted shift of the whole change set equals the simulated desk\'s, stage by stage', () => {
    fc.assert(
      fc.property(randomDesk, (d) => {
        const { snapshot, meters, purpose } = build(d);
        const set = compensate(snapshot, purpose, meters);
        const after = set.changes.reduce((s, c) => writeParam(s, c.param, c.value), snapshot);
        for (const [index, shift] of set.shift.channels) {
          const raw = d.channels[index - 1]!;
          if (!raw.metered) continue;
          const before = snapshot.channels[index - 1]!;
          // What reaches the preamp at 0 dB gain, so the simulated input meter reads the metered average.
          const atPreamp = raw.inputDbfs - (before.preampGainDb ?? 0) - (before.trimDb ?? 0);
          const was = simulatedLevels(before, atPreamp);
          const now = simulatedLevels(after.channels[index - 1]!, atPreamp);
          if (was.inputDbfs - (before.trimDb ?? 0) >= 0 || now.inputDbfs - (after.channels[index - 1]!.trimDb ?? 0) >= 0) continue;
          if (before.gateOn && (was.gateGrDb !== 0 || now.gateGrDb !== 0)) continue;
          expect(shift.preFaderDb).toBeCloseTo(now.preFaderDbfs - was.preFaderDbfs, 6);
          if (before.on && Number.isFinite(before.faderDb) && Number.isFinite(after.channels[index - 1]!.faderDb)) {
            expect(shift.postFaderDb).toBeCloseTo(now.postFaderDbfs - was.postFaderDbfs, 6);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  test('a change set within tolerance states no residual; moves of masters are mix moves by purpose', () => {
    const snapshot = desk({});
    const shift = predictLevelShift(snapshot, [{ param: 'bus.1.faderDb', value: -3 }], NO_METERS);
    expect(unintendedMoves(shift, ['bus.1'])).toEqual([]);
    expect(unintendedMoves(shift, [])).toEqual([{ mix: 'bus.1', label: 'Mon 1', channel: null, channelLabel: null, deltaDb: -3 }]);
    expect(LEVEL_TOLERANCE_DB).toBe(0.1);
  });
});

describe('one preamp split to two channels (the same headampIndex on one desk)', () => {
  // Ch 1 and Ch 17 take headamp 0 (an X32 vocal split to two channels); each sends pre-fader to Mon 1 and feeds the PA.
  function split(): ConsoleSnapshot {
    return makeSnapshot({
      channels: Array.from({ length: 17 }, (_, i) => (i === 0 || i === 16
        ? { name: i === 0 ? 'Vox' : 'Vox FX', headampIndex: 0, preampGainDb: 30, faderDb: -5, sends: [{ bus: 1, levelDb: -5, on: true, preFader: true }] }
        : {})),
      buses: [{ index: 1, name: 'Mon 1', faderDb: 0, on: true }],
    });
  }
  // Ch 1's gain +6 dB with its own fader and send 6 dB down: Ch 1 stays, the shared headamp moves Ch 17.
  const compensated = [
    { param: 'ch.1.preampGainDb', value: 36 },
    { param: 'ch.1.faderDb', value: -11 },
    { param: 'ch.1.send.1.levelDb', value: -11 },
  ];

  test('the sibling channel\'s levels and its contribution to every mix move by the preamp step', () => {
    const shift = predictLevelShift(split(), compensated, NO_METERS);
    expect(shift.channels.get(17)).toMatchObject({ inputDb: 6, preFaderDb: 6, postFaderDb: 6, mainDb: 6, sendsDb: new Map([[1, 6]]) });
    expect(shift.mixes.map((m) => [m.label, m.channels])).toEqual([
      ['PA', [{ channel: 17, label: 'Ch 17 Vox FX', deltaDb: 6 }]],
      ['Mon 1', [{ channel: 17, label: 'Ch 17 Vox FX', deltaDb: 6 }]],
    ]);
    expect(unintendedMoves(shift, []).map((m) => [m.label, m.channel, m.deltaDb])).toEqual([['PA', 17, 6], ['Mon 1', 17, 6]]);
    expect(predictChannelShift(split(), compensated, NO_METERS, 17)?.preFaderDb).toBe(6);
  });

  test('a change set writing the headamp through both channels ends at the last write, on both', () => {
    const changes = [{ param: 'ch.1.preampGainDb', value: 36 }, { param: 'ch.17.preampGainDb', value: 33 }];
    const shift = predictLevelShift(split(), changes, NO_METERS);
    expect([shift.channels.get(1)?.inputDb, shift.channels.get(17)?.inputDb]).toEqual([3, 3]);
    expect(predictChannelShift(split(), changes, NO_METERS, 1)?.inputDb).toBe(3);
  });

  test('compensation covers every channel the preamp moves: the sibling\'s thresholds, fader and pre-fader send too', () => {
    const snapshot = split();
    snapshot.channels[16] = { ...snapshot.channels[16]!, gateOn: true, gateThresholdDb: -40, dynOn: true, dynThresholdDb: -20 };
    const set = compensate(snapshot, [{ param: 'ch.1.preampGainDb', value: 36 }], NO_METERS);
    expect(set.compensation).toEqual([
      { param: 'ch.1.faderDb', value: -11 },
      { param: 'ch.1.send.1.levelDb', value: -11 },
      { param: 'ch.17.gateThresholdDb', value: -34 },
      { param: 'ch.17.dynThresholdDb', value: -14 },
      { param: 'ch.17.faderDb', value: -11 },
      { param: 'ch.17.send.1.levelDb', value: -11 },
    ]);
    expect(compensationMoves(snapshot, [{ param: 'ch.1.preampGainDb', value: 36 }], NO_METERS).compensation).toEqual(set.compensation);
    expect(unintendedMoves(set.shift, [])).toEqual([]);
    expect(set.limits).toEqual([]);
  });

  test('where the sibling\'s fader runs out, the rest is stated as its residual, not hidden', () => {
    const snapshot = split();
    snapshot.channels[16] = { ...snapshot.channels[16]!, faderDb: 8 };
    const set = compensate(snapshot, [{ param: 'ch.1.preampGainDb', value: 24 }], NO_METERS);
    expect(set.compensation).toContainEqual({ param: 'ch.17.faderDb', value: 10 });
    expect(set.limits).toEqual([expect.stringMatching(/^Ch 17 Vox FX: the fader cannot follow .* in the PA it moves −4\.0 dB\.$/)]);
  });

  test('trim is per channel (digital, after the split): a trim change is compensated on its own channel only', () => {
    const set = compensate(split(), [{ param: 'ch.1.trimDb', value: 6 }], NO_METERS);
    expect(set.compensation.map((c) => c.param)).toEqual(['ch.1.faderDb', 'ch.1.send.1.levelDb']);
  });

  test('phantom power on the shared headamp moves no level; a channel on its own headamp moves alone', () => {
    expect(predictLevelShift(split(), [{ param: 'ch.1.phantom', value: 1 }], NO_METERS).channels.has(17)).toBe(false);
    expect(predictLevelShift(split(), [{ param: 'ch.2.preampGainDb', value: 36 }], NO_METERS).channels.size).toBe(1);
  });
});
