import { expect, test } from 'vitest';
import { PreampWatch } from '../../server/stage-box/preamp-watch';
import type { SharedPreamp } from '../../server/stage-box/stage-box';
import { makeChannel, makeSnapshot } from '../engine/builders';

const preamp: SharedPreamp = { input: 3, owner: 'foh', members: [{ desk: 'foh', channel: 1 }, { desk: 'mon', channel: 5 }] };
const snapshot = (index: number, gainDb: number, phantom: boolean) => makeSnapshot({ channels: [makeChannel(index, { preampGainDb: gainDb, phantom })] });

test('the first desk to report a move counts; the same move seen on the other desk is the box\'s echo', () => {
  const watch = new PreampWatch();
  expect(watch.see('foh', snapshot(1, 30, false), [preamp], true)).toEqual([]);
  expect(watch.see('mon', snapshot(5, 30, false), [preamp], true)).toEqual([]);
  expect(watch.see('foh', snapshot(1, 33, true), [preamp], false)).toEqual([
    { kind: 'gain', preamp, fromDb: 30, toDb: 33 },
    { kind: 'phantom', preamp, on: true },
  ]);
  expect(watch.see('mon', snapshot(5, 33, true), [preamp], false)).toEqual([]);
});

test('a desk\'s first look after reconnecting learns nothing new as a move; float noise under 0.01 dB is no move', () => {
  const watch = new PreampWatch();
  watch.see('foh', snapshot(1, 30, false), [preamp], true);
  expect(watch.see('mon', snapshot(5, 36, false), [preamp], true)).toEqual([]);
  expect(watch.see('foh', snapshot(1, 30.005, false), [preamp], false)).toEqual([]);
});
