import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NO_METERS, predictLevelShift, unintendedMoves } from '../../server/model/level-model';
import type { BusSend } from '../../server/model/stages';
import { diffProfile } from '../../server/profiles/recall-diff';
import { defaultProfile } from '../../server/profiles/default-profile';
import { recallPlan } from '../../server/venues/recall-plan';
import { makeSnapshot, onGrid } from '../engine/builders';

const channel = fc.record({
  preampGainDb: onGrid(-12, 60, 0.5),
  storedGainDb: onGrid(-12, 60, 0.5),
  trimDb: onGrid(-18, 18, 0.25),
  storedTrimDb: fc.option(onGrid(-18, 18, 0.25), { nil: undefined }),
  faderDb: fc.oneof(onGrid(-60, 10, 0.1), fc.constant(10)),
  dynOn: fc.boolean(),
  dynThresholdDb: onGrid(-60, 0, 0.5),
  gateOn: fc.boolean(),
  gateThresholdDb: onGrid(-80, 0, 0.5),
  sends: fc.uniqueArray(
    fc.record<BusSend>({ bus: fc.constantFrom(1, 2), levelDb: onGrid(-40, 10, 0.1), on: fc.constant(true), preFader: fc.boolean() }),
    { maxLength: 2, selector: (s) => s.bus },
  ),
});

describe('recall plans', () => {
  test('any subset recalls the stored gains with compensation: no mix moves unless a limit names the channel', () => {
    let kept = 0;
    fc.assert(
      fc.property(fc.array(channel, { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 5 }), (channels, chosen) => {
        const snapshot = makeSnapshot({
          channels: channels.map(({ storedGainDb: _g, storedTrimDb: _t, ...c }, i) => ({ ...c, name: `Src ${i + 1}` })),
          buses: [1, 2].map((index) => ({ index, name: `Mon ${index}`, faderDb: 0, on: true })),
        });
        const profile = defaultProfile();
        profile.channels = channels.map((c, i) => ({
          index: i + 1, name: `Src ${i + 1}`, sourceType: 'other' as const, expectedGainDb: c.storedGainDb, ...(c.storedTrimDb === undefined ? {} : { expectedTrimDb: c.storedTrimDb }),
        }));
        const selection = chosen.length === 0 ? { kind: 'preamps' as const } : { kind: 'channels' as const, channels: chosen };
        const plan = recallPlan(snapshot, diffProfile(snapshot, profile, selection), NO_METERS);
        const changes = plan.writes.map((w) => ({ param: w.param, value: w.proposedValue }));
        for (const move of unintendedMoves(predictLevelShift(snapshot, changes, NO_METERS), [])) {
          expect(plan.limits.some((l) => l.startsWith(`${move.channelLabel}:`)), JSON.stringify(move)).toBe(true);
        }
        // Only selected channels are touched; every stored gain in the selection is written as stored.
        for (const write of plan.writes) {
          const index = Number(write.param.split('.')[1]);
          if (selection.kind === 'channels') expect(chosen).toContain(index);
          if (write.param.endsWith('.preampGainDb')) expect(write.proposedValue).toBe(channels[index - 1]!.storedGainDb);
        }
        for (const effect of plan.effects) {
          if (effect.mixes.every((m) => Math.abs(m.deltaDb) <= 0.1)) kept++;
        }
      }),
      { numRuns: 200 },
    );
    expect(kept).toBeGreaterThan(50);
  });
});
