import { expect, test } from 'vitest';
import { ChangeFeed, type SnapshotChanges } from '../../server/consoles/change-feed';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { writeParam } from '../../server/model/params';
import type { ConsoleSnapshot } from '../../server/model/stages';

function feedOver(initial: ConsoleSnapshot) {
  let snapshot = initial;
  const ticks: (() => void)[] = [];
  const errors: unknown[] = [];
  const feed = new ChangeFeed(() => snapshot, (error) => errors.push(error), (run) => ticks.push(run));
  const batches: SnapshotChanges[] = [];
  feed.listen((batch) => batches.push(batch));
  const endTick = () => ticks.splice(0).forEach((run) => run());
  return { feed, batches, errors, endTick, set: (next: ConsoleSnapshot) => (snapshot = next), get: () => snapshot };
}

test('changes within one tick reach listeners as one batch with the snapshot they lead to', () => {
  const desk = feedOver(new SimulatorConsole({ seed: 1, autoRun: false }).snapshot());
  desk.set(writeParam(desk.get(), 'ch.1.faderDb', -5));
  desk.feed.touch();
  desk.set(writeParam(desk.get(), 'ch.1.faderDb', -6));
  desk.feed.touch();
  desk.set(writeParam(desk.get(), 'ch.2.faderDb', -7));
  desk.feed.touch();
  expect(desk.batches).toEqual([]);
  desk.endTick();
  expect(desk.batches).toHaveLength(1);
  expect(desk.batches[0]!.changes).toEqual([
    { path: 'channels.0.faderDb', value: -6 },
    { path: 'channels.1.faderDb', value: -7 },
  ]);
  expect(desk.batches[0]!.snapshot).toBe(desk.get());
});

test('a touch that changed nothing a snapshot shows emits nothing (a rebuilt but equal snapshot)', () => {
  const desk = feedOver(new SimulatorConsole({ seed: 1, autoRun: false }).snapshot());
  desk.set({ ...desk.get() });
  desk.feed.touch();
  desk.endTick();
  expect(desk.batches).toEqual([]);
});

test('the simulator reports a desk change through onChanges once the tick is over', async () => {
  const sim = new SimulatorConsole({ seed: 1, autoRun: false });
  const batches: SnapshotChanges[] = [];
  sim.onChanges((batch) => batches.push(batch));
  await sim.start(new AbortController().signal);
  sim.deskChange('ch.4.faderDb', -10);
  await new Promise((resolve) => setImmediate(resolve));
  // The value on the desk's fader grid, as the snapshot holds it.
  const faderDb = sim.snapshot().channels[3]!.faderDb;
  expect(faderDb).toBeCloseTo(-10, 1);
  expect(batches.map((b) => b.changes)).toEqual([[{ path: 'channels.3.faderDb', value: faderDb }]]);
  expect(batches[0]!.snapshot).toBe(sim.snapshot());
});
