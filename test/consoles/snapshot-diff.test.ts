import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { diffSnapshots } from '../../server/consoles/snapshot-diff';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { writeParam } from '../../server/model/params';
import type { ConsoleSnapshot } from '../../server/model/stages';
import { applyStateChanges } from '../../ui/src/lib/state-patch';

const base = (): ConsoleSnapshot => new SimulatorConsole({ seed: 1, autoRun: false }).snapshot();

describe('diffSnapshots', () => {
  test('one fader move is one change at the fader’s path', () => {
    const before = base();
    const after = writeParam(before, 'ch.3.faderDb', -12.5);
    expect(diffSnapshots(before, after)).toEqual([{ path: 'channels.2.faderDb', value: -12.5 }]);
  });

  test('a send, the main and a channel name are named by their paths', () => {
    const before = base();
    let after = writeParam(before, 'ch.1.send.2.levelDb', -6);
    after = writeParam(after, 'main.faderDb', -Infinity);
    after = { ...after, channels: after.channels.map((ch) => (ch.index === 16 ? { ...ch, name: 'Click' } : ch)) };
    expect(diffSnapshots(before, after)).toEqual([
      { path: 'channels.0.sends.1.levelDb', value: -6 },
      { path: 'channels.15.name', value: 'Click' },
      { path: 'main.faderDb', value: -Infinity },
    ]);
  });

  test('an array that grew is one change carrying the whole array; the same snapshot gives none', () => {
    const before = { ...base(), channels: [] };
    const after = base();
    expect(diffSnapshots(after, after)).toEqual([]);
    expect(diffSnapshots(before, after)).toEqual([{ path: 'channels', value: after.channels }]);
  });

  test('an optional field that appears replaces its object', () => {
    const before = base();
    const after = { ...before, identity: { ...before.identity, notes: ['no meters'] } };
    expect(diffSnapshots(before, after)).toEqual([{ path: 'identity', value: after.identity }]);
  });

  test('property: the tablet’s patch of the changes rebuilds the new snapshot exactly', () => {
    const params = ['ch.1.faderDb', 'ch.4.preampGainDb', 'ch.7.trimDb', 'ch.2.send.3.levelDb', 'bus.2.faderDb', 'main.faderDb', 'ch.9.on', 'ch.5.eq.2.gainDb'];
    const write = fc.record({ param: fc.constantFrom(...params), value: fc.oneof(fc.double({ min: -60, max: 10, noNaN: true }), fc.constant(-Infinity)) });
    fc.assert(
      fc.property(fc.array(write, { minLength: 1, maxLength: 8 }), (writes) => {
        const before = base();
        const after = writes.reduce((snapshot, w) => writeParam(snapshot, w.param, w.value), before);
        const patched = applyStateChanges(before, diffSnapshots(before, after));
        expect(patched).toEqual({ ok: true, state: after });
      }),
      { numRuns: 100 },
    );
  });
});
