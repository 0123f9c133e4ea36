import { expect, test } from 'vitest';
import { PendingWrites } from '../../server/stage-box/pending-writes';

const write = { desk: 'foh', kind: 'headroom' as const, param: 'ch.1.preampGainDb', value: 30, journalFrom: 4 };

test('a move to the announced value (within half the 0.5 dB grid) is that write, taken once', () => {
  const pending = new PendingWrites(() => 0);
  pending.note(1, write);
  expect(pending.take(1, 'preampGainDb', 30.3)).toBeNull();
  expect(pending.take(1, 'preampGainDb', 30.25)).toEqual({ ...write, atMs: 0 });
  expect(pending.take(1, 'preampGainDb', 30)).toBeNull();
});

test('a 48 V move is not a gain write, another input is not this one, and a write not seen in 10 s is forgotten', () => {
  let nowMs = 0;
  const pending = new PendingWrites(() => nowMs);
  pending.note(1, write);
  expect(pending.take(1, 'phantom', 30)).toBeNull();
  expect(pending.take(2, 'preampGainDb', 30)).toBeNull();
  nowMs = 10_000;
  expect(pending.take(1, 'preampGainDb', 30)).toBeNull();
});
