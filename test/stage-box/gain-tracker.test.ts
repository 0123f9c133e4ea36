/**
 * The gain tracker's conflicts and edges on two simulated desks: explicit warnings, never silent writes.
 */
import { afterEach, expect, test } from 'vitest';
import { readParam } from '../../server/model/params';
import { startSimDeskPair, type PairDesk, type SimDeskPair } from '../support/sim-desk-pair';

let pair: SimDeskPair;
afterEach(() => pair?.stop());

const gain = (desk: PairDesk, channel: number) => readParam(pair.sims[desk].snapshot(), `ch.${channel}.preampGainDb`)!;
const trim = (desk: PairDesk, channel: number) => readParam(pair.sims[desk].snapshot(), `ch.${channel}.trimDb`)!;
const write = (desk: PairDesk, param: string, value: number) =>
  pair.writers[desk].applyAll({ changes: [{ param, value }], client: 'tablet', origin: 'test', confirmed: true, soundcheckId: null, onFailure: 'stop', purpose: 'any' });
const warnings = (kind: string) => pair.tracker.state().warnings.filter((w) => w.kind === kind).map((w) => w.text);

test('both desks changing one preamp within the window is a conflict told to both; later it is not', async () => {
  let nowMs = 1_000_000;
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 5000, nowMs: () => nowMs });
  const start = gain('foh', 2);
  await write('mon', 'ch.2.preampGainDb', start + 2);
  await pair.settle();
  nowMs += 1000;
  pair.sims.foh.deskChange('ch.2.preampGainDb', start + 4);
  await pair.settle();
  expect(warnings('both-desks')).toEqual([`Box input 2: Monitors and FOH both changed its gain within 5 s; it is now +${(start + 4).toFixed(1)} dB.`]);
  nowMs += 6000;
  pair.sims.foh.deskChange('ch.2.preampGainDb', start + 5);
  await pair.settle();
  expect(warnings('both-desks')).toHaveLength(1);
});

test('48 V switched through Headroom by a desk that does not own the preamp is warned about; by the owner it is not', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 5000 });
  const on = readParam(pair.sims.foh.snapshot(), 'ch.4.phantom')!;
  await write('foh', 'ch.4.phantom', on >= 0.5 ? 0 : 1);
  await pair.settle();
  expect(warnings('non-owner-phantom')).toEqual([]);
  await write('mon', 'ch.4.phantom', on >= 0.5 ? 1 : 0);
  await pair.settle();
  expect(warnings('non-owner-phantom')).toEqual([`Box input 4: Monitors switched 48 V ${on >= 0.5 ? 'on' : 'off'} on a preamp FOH owns.`]);
  // The box carried it to the other desk; nothing else was written for it.
  expect(readParam(pair.sims.foh.snapshot(), 'ch.4.phantom')).toBe(on);
  expect(pair.journals.foh.entries().map((e) => e.param)).toEqual(['ch.4.phantom']);
});

test('48 V switched at a desk is told to every desk (over the box nobody can say which desk)', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 5000 });
  const on = readParam(pair.sims.mon.snapshot(), 'ch.1.phantom')!;
  pair.sims.mon.deskChange('ch.1.phantom', on >= 0.5 ? 0 : 1);
  await pair.settle();
  expect(warnings('phantom-at-desk')).toEqual([`Box input 1: 48 V switched ${on >= 0.5 ? 'off' : 'on'} at a desk; every desk on the box hears it.`]);
});

test('tracking is off by default: a gain turned at a desk writes nothing anywhere and says so', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 5000 });
  expect(pair.tracker.tracking('foh', 'mon')).toBe(false);
  pair.sims.foh.deskChange('ch.3.preampGainDb', gain('foh', 3) - 3);
  await pair.settle();
  expect(trim('mon', 3)).toBe(0);
  expect([...pair.journals.foh.entries(), ...pair.journals.mon.entries()]).toEqual([]);
  expect(warnings('untracked')).toEqual(['Box input 3 gain moved -3.0 dB at FOH; tracking is off for FOH and Monitors, so Monitors\'s mixes moved with it.']);
});

test('a trim that runs out is tracked as far as it goes and the rest is stated', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
  pair.tracker.setTracking('foh', 'mon', true);
  await write('mon', 'ch.1.trimDb', -15);
  const start = gain('foh', 1);
  pair.sims.foh.deskChange('ch.1.preampGainDb', start + 5);
  await pair.settle();
  expect(trim('mon', 1)).toBe(-18);
  expect(warnings('trim-ran-out')).toEqual(['Monitors Ch 1 Kick: the trim ran out at -18.0 dB; that desk\'s mixes move +2.0 dB with box input 1.']);
});

test('undoing a tracked change twice is refused the second time, and an unknown one too', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
  pair.tracker.setTracking('foh', 'mon', true);
  const start = gain('foh', 2);
  pair.sims.foh.deskChange('ch.2.preampGainDb', start + 1);
  await pair.settle();
  const [change] = pair.tracker.state().changes;
  const outcome = await pair.tracker.undo(change!.id, 'tablet', true);
  expect(outcome.failures).toEqual([]);
  await pair.settle();
  expect([gain('foh', 2), gain('mon', 2), trim('mon', 2)]).toEqual([start, start, 0]);
  await expect(pair.tracker.undo(change!.id, 'tablet', true)).rejects.toMatchObject({ code: 'nothing-to-undo' });
  await expect(pair.tracker.undo('nope', 'tablet', true)).rejects.toMatchObject({ code: 'nothing-to-undo' });
  expect(pair.tracker.state().changes).toHaveLength(1);
});

test('a preview states, per desk, what a gain change would write and that neither desk\'s mixes move', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
  const start = gain('foh', 1);
  const preview = pair.tracker.preview('foh', 1, start - 4)!;
  expect(preview.map((p) => p.desk)).toEqual(['foh', 'mon']);
  expect(preview[0]!.changes[0]).toEqual({ param: 'ch.1.preampGainDb', value: start - 4 });
  // The FOH desk keeps its own mixes with its fader and sends, as any compensated change does.
  expect(preview[0]!.changes.map((c) => c.param)).toContain('ch.1.faderDb');
  expect(preview[0]!.effect).not.toMatch(/[+−]\d/);
  expect(preview[1]).toEqual({ desk: 'mon', changes: [{ param: 'ch.1.trimDb', value: 4 }], effect: preview[1]!.effect, limits: [] });
  expect(preview[1]!.effect).not.toMatch(/[+−]\d/);
  // Nothing was written.
  expect([gain('foh', 1), trim('mon', 1)]).toEqual([start, 0]);
  expect(pair.tracker.preview('foh', 99, 30)).toBeNull();
});

test('a preview of a gain off the preamp\'s grid states where the write lands and the trim that answers that', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
  const start = gain('foh', 1);
  const preview = pair.tracker.preview('foh', 1, start - 4.2)!;
  expect(preview[0]!.changes[0]).toEqual({ param: 'ch.1.preampGainDb', value: start - 4 });
  expect(preview[1]!.changes).toEqual([{ param: 'ch.1.trimDb', value: 4 }]);
  // What the safe writer writes and the tracker answers is what was previewed.
  await pair.writers.foh.applyAll({ changes: [{ param: 'ch.1.preampGainDb', value: start - 4.2 }], client: 'test', origin: 'test', confirmed: true, soundcheckId: null, onFailure: 'stop', purpose: 'any' });
  await pair.settle();
  expect([gain('foh', 1), trim('mon', 1)]).toEqual([start - 4, 4]);
});
