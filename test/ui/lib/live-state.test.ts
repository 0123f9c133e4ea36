import { describe, expect, test } from 'vitest';
import type { Suggestion } from '../../../server/engine/suggestion';
import type { MeterLayout, ServerMessage, WireSnapshot } from '../../../server/hub/protocol';
import { encodeMeterFrame } from '../../../server/hub/meter-binary';
import { emptyMeterFrame } from '../../../server/model/meter-frame';
import { LiveState } from '../../../ui/src/lib/live-state.svelte';
import { makeSnapshot } from '../../engine/builders';

const wire = (): WireSnapshot => JSON.parse(JSON.stringify(makeSnapshot({ channels: [{}, { name: 'Snare' }] }))) as WireSnapshot;
const snapshotMessage = (version: number, snapshot = wire()): ServerMessage & { type: 'snapshot' } => ({ type: 'snapshot', version, snapshot, meterLayout: null });
const delta = (version: number, path: string, value: unknown): ServerMessage & { type: 'delta' } => ({ type: 'delta', version, changes: [{ path, value }] });

function suggestion(id: string, averageDbfs: number | null): Suggestion {
  return {
    id, rule: 'preamp-target', severity: 'advice', confidence: 0.8, target: { kind: 'channel', index: 1 }, label: 'Ch 1', stage: 'preamp',
    change: { param: 'ch.1.preampGainDb', currentValue: 40, proposedValue: 32, deltaDb: -8 }, compensation: [],
    evidence: { windowMs: 8000, averageDbfs: averageDbfs as number }, reason: 'r', purpose: [], effect: [], residualDb: 0, version: 'v1', dependsOn: [], dependencyNote: null,
  };
}

describe('LiveState', () => {
  test('deltas one version on are applied; a fader fully down (null) reads -Infinity; unchanged channels keep their objects', () => {
    const live = new LiveState();
    live.receive(snapshotMessage(7));
    const snare = live.snapshot!.channels[1];
    expect(live.receive(delta(8, 'channels.0.faderDb', null))).toBe('applied');
    expect(live.snapshot!.channels[0]!.faderDb).toBe(-Infinity);
    expect(live.snapshot!.channels[1]).toBe(snare);
    expect(live.receive(delta(9, 'channels.0.name', 'Kick In'))).toBe('applied');
    expect(live.snapshot!.channels[0]!.name).toBe('Kick In');
    expect(live.version).toBe(9);
  });

  test('a missed delta asks for a resync; nothing is applied until the snapshot comes; then deltas flow again', () => {
    const live = new LiveState();
    live.receive(snapshotMessage(3));
    // Version 4 was lost on the way.
    expect(live.receive(delta(5, 'channels.1.faderDb', -5))).toBe('resync');
    expect(live.receive(delta(6, 'channels.1.faderDb', -6))).toBe('stale');
    expect(live.snapshot!.channels[1]!.faderDb).toBe(0);
    const atBridge = wire();
    atBridge.channels[0]!.faderDb = -4;
    atBridge.channels[1]!.faderDb = -6;
    live.receive(snapshotMessage(6, atBridge));
    expect(live.snapshot!.channels.map((c) => c.faderDb)).toEqual([-4, -6]);
    expect(live.receive(delta(6, 'channels.1.faderDb', -99))).toBe('stale');
    expect(live.receive(delta(7, 'channels.1.faderDb', -7))).toBe('applied');
    expect(live.snapshot!.channels[1]!.faderDb).toBe(-7);
  });

  test('a delta whose path is not in the snapshot held is a gap too', () => {
    const live = new LiveState();
    live.receive(snapshotMessage(1));
    expect(live.receive(delta(2, 'channels.5.faderDb', -5))).toBe('resync');
  });

  test('suggestion diffs add, patch and remove by id; a gap in their versions asks for a resync', () => {
    const live = new LiveState();
    live.receive({ type: 'suggestions', version: 10, suggestions: [suggestion('a', -20), suggestion('b', null)] });
    expect(live.suggestions.map((s) => [s.id, s.evidence.averageDbfs])).toEqual([['a', -20], ['b', -Infinity]]);
    expect(live.receive({ type: 'suggestions-diff', version: 11, added: [suggestion('c', -30)], changed: [{ id: 'a', evidence: { windowMs: 8000, averageDbfs: -21 } }], removed: ['b'] })).toBe('applied');
    expect(live.suggestions.map((s) => [s.id, s.evidence.averageDbfs])).toEqual([['a', -21], ['c', -30]]);
    expect(live.receive({ type: 'suggestions-diff', version: 13, added: [], changed: [], removed: ['a'] })).toBe('resync');
    expect(live.suggestions.map((s) => s.id)).toEqual(['a', 'c']);
  });

  test('binary meters are read with the layout announced; until then they are another layout', () => {
    const live = new LiveState();
    const layout: MeterLayout = { id: 4, segments: [{ area: 'mainDbfs', first: 0, count: 2, areaLength: 2, encoding: 'i16' }] };
    const frame = { ...emptyMeterFrame(5), mainDbfs: [-10, -Infinity] as [number, number] };
    const bytes = encodeMeterFrame(frame, layout).buffer as ArrayBuffer;
    expect(live.decodeMeters(bytes)).toEqual({ kind: 'other-layout', layoutId: 4 });
    live.receive({ type: 'meter-layout', layout });
    const decoded = live.decodeMeters(bytes);
    expect(decoded.kind === 'frame' && decoded.frame.mainDbfs).toEqual([-10, -Infinity]);
  });
});
