/**
 * The level-model invariant across desks, as a property: two simulated desks on one stage box with tracking
 * on, random gain moves on either desk (through Headroom with the desk's own compensation, or turned at the
 * owner's desk). After each move no post-fader or send level moves by more than 0.25 dB on a desk that
 * tracks it, nor on the desk that made it through Headroom (unless the compensation reported a range
 * running out); at the desk where a gain was turned Headroom writes nothing (that move is the engineer's).
 */
import fc from 'fast-check';
import { afterEach, expect, test } from 'vitest';
import { compensate } from '../../server/model/compensate';
import { NO_METERS, predictLevelShift, type LevelChange } from '../../server/model/level-model';
import { formatParamId, readParam } from '../../server/model/params';
import type { ConsoleSnapshot } from '../../server/model/stages';
import { startSimDeskPair } from '../support/sim-desk-pair';

const CHANNELS = 8;
const TOLERANCE_DB = 0.25;
/** Gain moves stay within this of where they started, so every trim keeps range to follow. */
const MAX_DRIFT_DB = 14;

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** Every level-bearing value of channel `channel` that differs between two snapshots, as a change set. */
function channelChanges(before: ConsoleSnapshot, after: ConsoleSnapshot, channel: number): LevelChange[] {
  const params = [
    ...(['preampGainDb', 'trimDb', 'faderDb', 'dynThresholdDb', 'gateThresholdDb'] as const).map((param) => formatParamId({ scope: 'channel', channel, param })),
    ...after.channels.find((c) => c.index === channel)!.sends.map((s) => formatParamId({ scope: 'channel-send', channel, bus: s.bus })),
  ];
  return params.flatMap((param) => {
    const value = readParam(after, param);
    return value !== undefined && value !== readParam(before, param) ? [{ param, value }] : [];
  });
}

/** The largest move of channel `channel`'s post-fader level or any of its sends between two snapshots, dB. */
function largestMoveDb(before: ConsoleSnapshot, after: ConsoleSnapshot, channel: number): number {
  const shift = predictLevelShift(before, channelChanges(before, after, channel), NO_METERS).channels.get(channel);
  if (!shift) return 0;
  const sends = [...shift.sendsDb.values()].filter(Number.isFinite);
  return Math.max(Math.abs(shift.postFaderDb), ...sends.map(Math.abs));
}

const move = fc.record({
  desk: fc.constantFrom('foh' as const, 'mon' as const),
  how: fc.constantFrom('headroom' as const, 'desk' as const),
  channel: fc.integer({ min: 1, max: CHANNELS }),
  deltaDb: fc.integer({ min: -12, max: 12 }).filter((n) => n !== 0).map((n) => n / 2),
});

test('with tracking on, neither desk\'s post-fader and send levels move more than 0.25 dB for gain moves on either desk', { timeout: 60_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(move, { minLength: 1, maxLength: 6 }), async (moves) => {
      const pair = await startSimDeskPair({ channels: CHANNELS, conflictWindowMs: 0 });
      stops.push(() => pair.stop());
      pair.tracker.setTracking('foh', 'mon', true);
      const { sims, writers } = pair;
      const drift = new Map<number, number>();
      for (const m of moves) {
        if (Math.abs((drift.get(m.channel) ?? 0) + m.deltaDb) > MAX_DRIFT_DB) continue;
        drift.set(m.channel, (drift.get(m.channel) ?? 0) + m.deltaDb);
        // A knob turned at a desk cannot be told from the box's echo: it is the owner's (FOH's) move.
        const mover = m.how === 'desk' ? 'foh' : m.desk;
        const other = mover === 'foh' ? 'mon' : 'foh';
        const before = { foh: sims.foh.snapshot(), mon: sims.mon.snapshot() };
        const gainParam = formatParamId({ scope: 'channel', channel: m.channel, param: 'preampGainDb' });
        const targetDb = readParam(before[mover], gainParam)! + m.deltaDb;
        let limited = false;
        if (m.how === 'desk') {
          sims.foh.deskChange(gainParam, targetDb);
        } else {
          const set = compensate(before[mover], [{ param: gainParam, value: targetDb }], NO_METERS);
          limited = set.limits.length > 0;
          const outcome = await writers[mover].applyAll({ changes: set.changes, client: 'property', origin: 'property', confirmed: true, soundcheckId: null, onFailure: 'stop', purpose: 'any' });
          expect(outcome.failures).toEqual([]);
        }
        await pair.settle();
        const after = { foh: sims.foh.snapshot(), mon: sims.mon.snapshot() };
        expect(readParam(after[other], gainParam)).toBe(readParam(after[mover], gainParam));
        expect(largestMoveDb(before[other], after[other], m.channel)).toBeLessThanOrEqual(TOLERANCE_DB);
        const ownMoveDb = largestMoveDb(before[mover], after[mover], m.channel);
        // At the desk where the knob was turned the move is the engineer's: Headroom writes nothing there.
        if (m.how === 'desk') expect(channelChanges(before.foh, after.foh, m.channel).map((c) => c.param)).toEqual([gainParam]);
        else if (!limited) expect(ownMoveDb).toBeLessThanOrEqual(TOLERANCE_DB);
      }
      stops.splice(0).forEach((stop) => stop());
    }),
    { numRuns: 30, seed: 21 },
  );
});
