/**
 * A mix's total move is the power sum corrected by the contributions that move (model/mix-power.ts), not
 * summed again over every channel: it must agree with the whole sum in position order (the reference
 * below, the level model's earlier computation) within 1e-9 dB, also where a dominant contribution goes
 * silent or drops far and the correction leaves a small rest of a large sum.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dbToPower, powerToDb } from '../../server/model/db';
import { channelLevels, predictLevelShift, withLevelMemo, type LevelChange, type LevelMeters, type LevelShift, type MixShift } from '../../server/model/level-model';
import { powerAfter, type ContributionMove, type MixBase } from '../../server/model/mix-power';
import type { BusSend, ChannelState, ConsoleSnapshot } from '../../server/model/stages';
import { makePoint, makeSnapshot, onGrid } from '../engine/builders';

const AGREEMENT_DB = 1e-9;

/** The mix's move summed over every channel in position order, as the level model did before. */
function referenceMix(snapshot: ConsoleSnapshot, meters: LevelMeters, shift: LevelShift, mix: MixShift): Pick<MixShift, 'channels' | 'totalDb'> {
  if (mix.mix.startsWith('mtx')) return { channels: [], totalDb: mix.masterDb };
  const bus = mix.mix === 'main' ? null : Number(mix.mix.slice(4));
  const channels: MixShift['channels'] = [];
  let before = 0;
  let after = 0;
  let largestDb = 0;
  for (const channel of snapshot.channels) {
    const levels = channelLevels(snapshot, meters, channel);
    const level = bus === null ? levels.mainDbfs : levels.sendsDbfs.find((s) => s.bus === bus && s.on)?.levelDbfs ?? null;
    const moved = shift.channels.get(channel.index);
    const deltaDb = (moved === undefined ? 0 : bus === null ? moved.mainDb : moved.sendsDb.get(bus)) ?? 0;
    if (Math.abs(deltaDb) > 0.005) {
      channels.push({ channel: channel.index, label: channel.name.trim() === '' ? `Ch ${channel.index}` : `Ch ${channel.index} ${channel.name.trim()}`, deltaDb });
      if (Math.abs(deltaDb) > Math.abs(largestDb)) largestDb = deltaDb;
    }
    if (level === null || level === -Infinity) continue;
    before += dbToPower(level);
    after += !Number.isFinite(deltaDb) ? 0 : deltaDb === 0 ? dbToPower(level) : dbToPower(level + deltaDb);
  }
  const contributorsDb = before > 0 && Number.isFinite(largestDb) ? powerToDb(after) - powerToDb(before) : largestDb;
  return { channels, totalDb: contributorsDb + mix.masterDb };
}

function expectAgrees(actualDb: number, referenceDb: number): void {
  if (Number.isFinite(referenceDb)) expect(Math.abs(actualDb - referenceDb)).toBeLessThanOrEqual(AGREEMENT_DB);
  else expect(actualDb).toBe(referenceDb);
}

const BUSES = [1, 2, 3];

const send = fc.record<BusSend>({
  bus: fc.constantFrom(...BUSES),
  levelDb: fc.oneof(onGrid(-40, 10, 0.5), fc.constant(-Infinity)),
  on: fc.boolean(),
  preFader: fc.boolean(),
});

const channelArb = fc.record({
  settings: fc.record({
    faderDb: fc.oneof({ weight: 5, arbitrary: onGrid(-40, 10, 0.1) }, { weight: 1, arbitrary: fc.constant(-Infinity) }),
    on: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    toMain: fc.boolean(),
    dynOn: fc.boolean(),
    // Two sends to one bus now and then: the first switched-on one is the contribution.
    sends: fc.array(send, { maxLength: 4 }),
  }),
  // A few loud channels among many quiet ones: the dominant contribution the correction must survive.
  averageDbfs: fc.oneof({ weight: 4, arbitrary: fc.double({ min: -90, max: -30, noNaN: true }) }, { weight: 1, arbitrary: fc.double({ min: -20, max: 0, noNaN: true }) }),
  postMetered: fc.boolean(),
});

const moveArb = (channels: number) => fc.record({
  channel: fc.integer({ min: 1, max: channels }),
  kind: fc.constantFrom('faderDb', 'on', 'preampGainDb', 'send'),
  value: fc.oneof(onGrid(-60, 10, 0.1), fc.constant(-Infinity), fc.constant(-90)),
  bus: fc.constantFrom(...BUSES),
});

const deskArb = fc.array(channelArb, { minLength: 1, maxLength: 48 }).chain((channels) => fc.record({
  channels: fc.constant(channels),
  changes: fc.array(moveArb(channels.length), { minLength: 1, maxLength: 6 }),
}));


describe('mix totals from the corrected power sum', () => {
  test('agree with the whole sum in position order within 1e-9 dB, moved contributions listed the same', () => {
    let smallRests = 0;
    let compared = 0;
    fc.assert(
      fc.property(deskArb, ({ channels, changes }) => {
        const snapshot = makeSnapshot({
          channels: channels.map(({ settings }, i): Partial<ChannelState> => ({ name: i % 3 === 0 ? '' : `Src ${i + 1}`, ...settings })),
          buses: BUSES.map((index) => ({ index, name: `Mon ${index}`, faderDb: 0, on: true })),
        });
        const meters: LevelMeters = {
          channelInput: channels.map((c) => makePoint({ averageDbfs: c.averageDbfs, peakDbfs: c.averageDbfs + 10 })),
          channelDynGrDb: channels.map(() => makePoint({ averageDbfs: 3, peakDbfs: 6 })),
          channelPostFader: channels.map((c, i) => (c.postMetered ? makePoint({ averageDbfs: c.averageDbfs + (snapshot.channels[i]!.faderDb === -Infinity ? 0 : snapshot.channels[i]!.faderDb) }) : null)),
        };
        const levelChanges: LevelChange[] = changes.map((c) => ({
          param: c.kind === 'send' ? `ch.${c.channel}.send.${c.bus}.levelDb` : `ch.${c.channel}.${c.kind}`,
          value: c.kind === 'on' ? (c.value > -30 ? 1 : 0) : c.kind === 'preampGainDb' ? Math.max(-12, Math.min(60, c.value === -Infinity ? -12 : c.value + 30)) : c.value,
        }));
        // Inside a memo, as the engine predicts, and outside one: both read the same corrected sums.
        for (const shift of [predictLevelShift(snapshot, levelChanges, meters), withLevelMemo(() => predictLevelShift(snapshot, levelChanges, meters))]) {
          for (const mix of shift.mixes) {
            const reference = referenceMix(snapshot, meters, shift, mix);
            expect(mix.channels).toEqual(reference.channels);
            expectAgrees(mix.totalDb, reference.totalDb);
            compared += 1;
            if (Number.isFinite(reference.totalDb) && reference.totalDb - mix.masterDb < -30) smallRests += 1;
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(300);
    // Some mixes lost nearly all their power: the case the correction sums again.
    expect(smallRests).toBeGreaterThan(0);
  });

  test('a dominant contribution muted among 144 quiet ones: the rest agrees with the whole sum within 1e-9 dB', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -160, max: -70, noNaN: true }), { minLength: 144, maxLength: 144 }),
        fc.integer({ min: 0, max: 143 }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.oneof(fc.constant(-Infinity), fc.double({ min: -120, max: -40, noNaN: true })),
        fc.uniqueArray(fc.record({ position: fc.integer({ min: 0, max: 143 }), deltaDb: fc.double({ min: -12, max: 12, noNaN: true }).filter((d) => d !== 0) }), { maxLength: 8, selector: (m) => m.position }),
        (levels, loud, loudDbfs, loudDeltaDb, others) => {
          const levelDbfs = Float64Array.from(levels, (l, i) => (i === loud ? loudDbfs : l));
          const power = levelDbfs.map(dbToPower);
          let powerSum = 0;
          for (const p of power) powerSum += p;
          const base: MixBase = { levelDbfs, power, powerSum };
          const moves: ContributionMove[] = [{ position: loud, deltaDb: loudDeltaDb }, ...others.filter((m) => m.position !== loud)]
            .sort((a, b) => a.position - b.position);
          let reference = 0;
          for (let i = 0; i < 144; i += 1) {
            const move = moves.find((m) => m.position === i);
            reference += move === undefined ? power[i]! : Number.isFinite(move.deltaDb) ? dbToPower(levelDbfs[i]! + move.deltaDb) : 0;
          }
          expectAgrees(powerToDb(powerAfter(base, moves)) - powerToDb(powerSum), powerToDb(reference) - powerToDb(powerSum));
        },
      ),
      { numRuns: 300 },
    );
  });
});
