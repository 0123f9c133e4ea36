/**
 * What a write on one desk does on the other desk of a stage box, as the safe writer's question and the
 * suggestion card state it (GainTracker.otherDeskMoves over two simulated desks, FOH owning the box).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { NO_METERS } from '../../server/model/level-model';
import { readParam } from '../../server/model/params';
import type { ConsoleSnapshot } from '../../server/model/stages';
import { MemoryJournal } from '../../server/safety/journal';
import { SafeWriter } from '../../server/safety/safe-writer';
import { otherDeskMoves } from '../../server/stage-box/other-desk-moves';
import { startSimDeskPair, type PairDesk, type SimDeskPair } from '../support/sim-desk-pair';

let pair: SimDeskPair;
afterEach(() => pair?.stop());

const gain = (desk: PairDesk, channel: number) => readParam(pair.sims[desk].snapshot(), `ch.${channel}.preampGainDb`)!;
const setTrim = (desk: PairDesk, channel: number, value: number) =>
  pair.writers[desk].applyAll({ changes: [{ param: `ch.${channel}.trimDb`, value }], client: 'test', origin: 'test', confirmed: true, soundcheckId: null, onFailure: 'stop', purpose: 'any' });

test('a FOH gain on a shared preamp names the monitor trim that follows it and that its mixes stay', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
  const start = gain('foh', 1);
  expect(pair.tracker.otherDeskMoves('foh', [{ param: 'ch.1.preampGainDb', value: start + 3 }, { param: 'ch.1.faderDb', value: -3 }])).toEqual([
    { desk: 'Monitors', text: 'On Monitors: Ch 1 Kick trim 0.0 -> -3.0 dB against box input 1, so its mixes stay.', residualDb: 0 },
  ]);
});

test('where the monitor trim runs out, the residual on that desk and its mixes are stated', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
  await setTrim('mon', 2, -15);
  const moves = pair.tracker.otherDeskMoves('foh', [{ param: 'ch.2.preampGainDb', value: gain('foh', 2) + 5 }]);
  expect(moves).toHaveLength(1);
  // Snare's compressor on the monitor desk takes some of the 2 dB the trim could not: the level model says how much.
  expect(moves[0]!.residualDb).toBeCloseTo(0.7, 1);
  expect(moves[0]!.text).toBe('On Monitors: Ch 2 Snare trim -15.0 -> -18.0 dB, the end of its range (2.0 dB short); PA: +0.7 dB · Mon 2: +0.7 dB · Mon 3: +0.7 dB · Mon 4: +0.7 dB · FX: +0.7 dB.');
});

test('a monitor trim already at the end it would need to pass is said to stay there, not shown moving to itself', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
  await setTrim('mon', 1, 18);
  expect(pair.tracker.otherDeskMoves('foh', [{ param: 'ch.1.preampGainDb', value: gain('foh', 1) - 3 }])).toEqual([
    { desk: 'Monitors', text: 'On Monitors: Ch 1 Kick trim stays at +18.0 dB (the end of its range); PA: −3.0 dB · Mon 1: −3.0 dB · Mon 2: −3.0 dB · Mon 3: −3.0 dB · Mon 4: −3.0 dB · Sub: −3.0 dB.', residualDb: -3 },
  ]);
});

test('the monitor desk writing the gain names the FOH trim (either desk may ask)', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
  expect(pair.tracker.otherDeskMoves('mon', [{ param: 'ch.3.preampGainDb', value: gain('mon', 3) - 2 }]).map((m) => m.text)).toEqual([
    'On FOH: Ch 3 Hi-Hat trim 0.0 -> +2.0 dB against box input 3, so its mixes stay.',
  ]);
});

test('48 V on a shared preamp is named on the other desk; faders, trims, unchanged gains and unshared channels are not', async () => {
  pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
  const on = readParam(pair.sims.foh.snapshot(), 'ch.4.phantom')! >= 0.5;
  expect(pair.tracker.otherDeskMoves('foh', [{ param: 'ch.4.phantom', value: on ? 0 : 1 }])).toEqual([
    { desk: 'Monitors', text: `On Monitors: 48 V switches ${on ? 'off' : 'on'} for ${pair.sims.mon.snapshot().channels[3]!.name === '' ? 'Ch 4' : `Ch 4 ${pair.sims.mon.snapshot().channels[3]!.name}`} too (box input 4).`, residualDb: 0 },
  ]);
  expect(pair.tracker.otherDeskMoves('foh', [
    { param: 'ch.1.faderDb', value: -5 },
    { param: 'ch.1.trimDb', value: 3 },
    { param: 'ch.2.preampGainDb', value: gain('foh', 2) },
    { param: 'ch.9.preampGainDb', value: 30 },
  ])).toEqual([]);
});

describe('a desk taking one preamp on two channels (Monitors Ch 5 also on box input 1) is named once, with both channels', () => {
  /** Ch 5 on Monitors reads the preamp's gain, as a channel on the same preamp does. */
  async function splitPair(): Promise<number> {
    pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0, alsoOnBox: [{ desk: 'mon', channel: 5, input: 1 }] });
    pair.sims.mon.deskChange('ch.5.preampGainDb', gain('foh', 1));
    await pair.settle();
    return gain('foh', 1);
  }
  test.each([
    {
      what: 'both trims follow',
      monTrim5Db: 0,
      change: (startDb: number) => ({ param: 'ch.1.preampGainDb', value: startDb + 3 }),
      expected: { desk: 'Monitors', text: 'On Monitors: Ch 1 Kick trim 0.0 -> -3.0 dB against box input 1; Ch 5 Tom 2 trim 0.0 -> -3.0 dB against box input 1, so its mixes stay.', residualDb: 0 },
    },
    {
      what: 'one trim runs out',
      monTrim5Db: -17,
      change: (startDb: number) => ({ param: 'ch.1.preampGainDb', value: startDb + 3 }),
      expected: {
        desk: 'Monitors',
        text: 'On Monitors: Ch 1 Kick trim 0.0 -> -3.0 dB against box input 1; Ch 5 Tom 2 trim -17.0 -> -18.0 dB, the end of its range (2.0 dB short); PA: +2.0 dB · Mon 1: ±0.0 dB · Mon 2: ±0.0 dB · Mon 3: ±0.0 dB · Mon 4: +2.0 dB · FX: +2.0 dB · Sub: +2.0 dB.',
        residualDb: 2,
      },
    },
    {
      what: '48 V switches',
      monTrim5Db: 0,
      change: () => ({ param: 'ch.1.phantom', value: 1 }),
      expected: { desk: 'Monitors', text: 'On Monitors: 48 V switches on for Ch 1 Kick and Ch 5 Tom 2 too (box input 1).', residualDb: 0 },
    },
  ])('$what', async ({ monTrim5Db, change, expected }) => {
    const startDb = await splitPair();
    if (monTrim5Db !== 0) await setTrim('mon', 5, monTrim5Db);
    expect(pair.tracker.otherDeskMoves('foh', [change(startDb)])).toEqual([expected]);
  });

  test("the safe writer's question names Monitors once", async () => {
    const startDb = await splitPair();
    const error = await pair.writers.foh.applyAll({ changes: [{ param: 'ch.1.preampGainDb', value: startDb + 8 }], client: 'test', origin: 'test', confirmed: false, soundcheckId: null, onFailure: 'stop', purpose: 'any' }).then(() => null, (e: unknown) => e as Error);
    expect(error?.message.match(/On Monitors:/g)).toHaveLength(1);
    expect(error?.message).toMatch(/ On Monitors: Ch 1 Kick trim 0\.0 -> -8\.0 dB against box input 1; Ch 5 Tom 2 trim 0\.0 -> -8\.0 dB against box input 1, so its mixes stay\. Confirm to apply\.$/);
  });
});

describe('a batch writing the gain of both FOH channels on one preamp (FOH Ch 5 also on box input 1) names Monitors once, with the net change', () => {
  /** Ch 5 on FOH reads the preamp's gain, as a channel on the same preamp does. */
  async function splitFoh(): Promise<number> {
    pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0, alsoOnBox: [{ desk: 'foh', channel: 5, input: 1 }] });
    pair.sims.foh.deskChange('ch.5.preampGainDb', gain('foh', 1));
    await pair.settle();
    return gain('foh', 1);
  }

  test('the box ends at the last value written, and the trim is named against that', async () => {
    const startDb = await splitFoh();
    expect(pair.tracker.otherDeskMoves('foh', [{ param: 'ch.1.preampGainDb', value: startDb + 2 }, { param: 'ch.5.preampGainDb', value: startDb + 3 }])).toEqual([
      { desk: 'Monitors', text: 'On Monitors: Ch 1 Kick trim 0.0 -> -3.0 dB against box input 1, so its mixes stay.', residualDb: 0 },
    ]);
  });

  test("the safe writer's question names Monitors and box input 1 once, at the value written last (Ch 1 again)", async () => {
    const startDb = await splitFoh();
    const changes = [{ param: 'ch.1.preampGainDb', value: startDb + 1 }, { param: 'ch.5.preampGainDb', value: startDb + 2 }, { param: 'ch.1.preampGainDb', value: startDb + 10 }];
    const error = await pair.writers.foh.applyAll({ changes, client: 'test', origin: 'test', confirmed: false, soundcheckId: null, onFailure: 'stop', purpose: 'any' }).then(() => null, (e: unknown) => e as Error);
    expect(error?.message.match(/On Monitors:/g)).toHaveLength(1);
    expect(error?.message).toMatch(/ On Monitors: Ch 1 Kick trim 0\.0 -> -10\.0 dB against box input 1, so its mixes stay\. Confirm to apply\.$/);
  });
});

describe('where the other desk shows no mix for the channel, its sends decide (the level model\'s unreadSendMoves there)', () => {
  const preamps = [{ input: 1, owner: 'foh', members: [{ desk: 'foh', channel: 1 }, { desk: 'mon', channel: 1 }] }];
  /** Monitors' Ch 1 Kick feeding no mix its snapshot shows (off the main, no sends read), with or without a trim, seen as a mapping-file desk sees it when `sendsUnread`. */
  const monitors = (snapshot: ConsoleSnapshot, how: { sendsUnread: boolean; trimDb: number | null }): ConsoleSnapshot => ({
    ...snapshot,
    identity: how.sendsUnread ? { ...snapshot.identity, sendsUnread: true } : snapshot.identity,
    channels: snapshot.channels.map((ch) => (ch.index === 1 ? { ...ch, toMain: false, sends: [], trimDb: how.trimDb, trimRange: how.trimDb === null ? null : ch.trimRange } : { ...ch, sends: how.sendsUnread ? [] : ch.sends })),
  });
  test.each([
    {
      what: 'no trim, sends not read: the mixes cannot be measured, every pre-fader send moves with the gain',
      how: { sendsUnread: true, trimDb: null },
      expected: { text: "On Monitors: Ch 1 Kick has no trim to follow box input 1 (+3.0 dB); that desk's sends are not read, so its monitor mixes cannot be kept: every send taken before the fader moves with the channel (Ch 1 Kick +3.0 dB).", residualDb: 3 },
    },
    {
      what: 'a trim at its end, sends not read: what it could not follow',
      how: { sendsUnread: true, trimDb: -17 },
      expected: { text: "On Monitors: Ch 1 Kick trim -17.0 -> -18.0 dB, the end of its range (2.0 dB short); that desk's sends are not read, so its monitor mixes cannot be kept: every send taken before the fader moves with the channel (Ch 1 Kick +2.0 dB).", residualDb: 2 },
    },
    {
      what: 'no trim, sends read and none on: no mix moves, and none is claimed',
      how: { sendsUnread: false, trimDb: null },
      expected: { text: 'On Monitors: Ch 1 Kick has no trim to follow box input 1 (+3.0 dB); no mix level changes.', residualDb: 0 },
    },
  ])('$what', async ({ how, expected }) => {
    pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
    const moves = otherDeskMoves({
      mover: 'foh',
      changes: [{ param: 'ch.1.preampGainDb', value: gain('foh', 1) + 3 }],
      preamps,
      skipInputs: new Set(),
      snapshotOf: (desk) => (desk === 'mon' ? monitors(pair.sims.mon.snapshot(), how) : pair.sims.foh.snapshot()),
      nameOf: (desk) => (desk === 'mon' ? 'Monitors' : 'FOH'),
      meters: NO_METERS,
    });
    expect(moves).toEqual([{ desk: 'Monitors', ...expected }]);
  });

  test("the safe writer asks with that figure, and its question does not also say no mix changes", async () => {
    pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
    const how = { sendsUnread: true, trimDb: null };
    const writer = new SafeWriter({
      console: pair.sims.foh, journal: new MemoryJournal(), readOnly: false, maxStepDb: 6, nowMs: Date.now, onWrite: () => undefined, meters: () => NO_METERS,
      otherDesks: (changes) => otherDeskMoves({
        mover: 'foh', changes, preamps, skipInputs: new Set(), meters: NO_METERS,
        snapshotOf: (desk) => (desk === 'mon' ? monitors(pair.sims.mon.snapshot(), how) : pair.sims.foh.snapshot()),
        nameOf: (desk) => (desk === 'mon' ? 'Monitors' : 'FOH'),
      }),
    });
    const startDb = gain('foh', 1);
    const error = await writer.apply({ param: 'ch.1.preampGainDb', value: startDb + 3, client: 'tab', origin: 'script', confirmed: false, purpose: 'any' }).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toBe("This change moves another desk's mixes: Monitors +3.0 dB where its trim cannot follow. Predicted: PA: +3.0 dB · Mon 1: +3.0 dB · Mon 2: +3.0 dB · Mon 3: +3.0 dB · Mon 4: +3.0 dB · Sub: +3.0 dB. On Monitors: Ch 1 Kick has no trim to follow box input 1 (+3.0 dB); that desk's sends are not read, so its monitor mixes cannot be kept: every send taken before the fader moves with the channel (Ch 1 Kick +3.0 dB). Confirm to apply.");
    expect(gain('foh', 1)).toBe(startDb);
  });
});
