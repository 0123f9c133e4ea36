import { NO_METERS } from '../../server/model/level-model';
import { compensate } from '../../server/model/compensate';
import fc from 'fast-check';
import { beforeEach, describe, expect, test } from 'vitest';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { readParam } from '../../server/model/params';
import { MemoryJournal, type Journal, type JournalEntry } from '../../server/safety/journal';
import { SafeWriter, WriteError, type WriteRequest } from '../../server/safety/safe-writer';
import { CountingConsole } from '../support/counting-console';

const NOW_MS = Date.parse('2025-06-01T18:00:00.000Z');

async function rig(options: { readOnly?: boolean; journal?: Journal } = {}) {
  const sim = new SimulatorConsole({ seed: 1, autoRun: false });
  const desk = new CountingConsole(sim);
  await desk.start(new AbortController().signal);
  const journal = options.journal ?? new MemoryJournal();
  const written: JournalEntry[] = [];
  const writer = new SafeWriter({ meters: () => NO_METERS,
    console: desk,
    journal,
    readOnly: options.readOnly ?? false,
    maxStepDb: 6,
    nowMs: () => NOW_MS,
    onWrite: (entry) => written.push(entry),
  });
  return { sim, desk, journal, writer, written };
}

const request = (param: string, value: number, confirmed = false): WriteRequest => ({ param, value, client: 'tab1', origin: 'test', confirmed, purpose: 'any' });

async function refusal(promise: Promise<unknown>): Promise<WriteError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(WriteError);
  return error as WriteError;
}

describe('one write', () => {
  test.each([
    ['ch.1.preampGainDb', 80, 60],
    ['ch.1.preampGainDb', -40, -12],
    ['ch.1.preampGainDb', 34.3, 34.5],
    ['ch.1.trimDb', 30, 18],
    ['ch.1.trimDb', 1.1, 1],
    ['ch.1.eq.1.gainDb', 20, 15],
    ['ch.2.dynThresholdDb', -90, -60],
    ['main.faderDb', 20, 10],
  ])('%s asked %d is clamped and snapped to %d, and that is what the console confirms', async (param, asked, expected) => {
    const { writer, desk, journal } = await rig();
    const entry = await writer.apply(request(param, asked, true));
    expect(entry.requestedValue).toBe(expected);
    expect(entry.confirmedValue).toBe(expected);
    expect(readParam(desk.snapshot(), param)).toBe(expected);
    expect(journal.entries()).toEqual([entry]);
  });

  test('a journal entry records time, client, parameter, before, requested and confirmed', async () => {
    const { writer, written } = await rig();
    const entry = await writer.apply(request('ch.1.preampGainDb', 30));
    expect(entry).toEqual({
      seq: 1,
      atIso: '2025-06-01T18:00:00.000Z',
      client: 'tab1',
      param: 'ch.1.preampGainDb',
      label: 'Ch 1 Kick gain',
      beforeValue: 35,
      requestedValue: 30,
      confirmedValue: 30,
      origin: 'test',
      undoOf: null,
      soundcheckId: null,
      secondConfirmation: false,
      actionSeq: 1,
    });
    expect(written).toEqual([entry]);
  });

  test.each([
    ['ch.1.preampGainDb', 29, true],
    ['ch.1.preampGainDb', 28.5, false],
    ['ch.1.preampGainDb', 41, true],
    ['ch.1.preampGainDb', 41.5, false],
    ['ch.1.faderDb', -Infinity, false],
    ['ch.3.phantom', 0, false],
    ['ch.1.phantom', 0, false],
  ])('%s to %d without a second confirmation: written %s', async (param, value, writes) => {
    const { writer, desk, journal } = await rig();
    const before = readParam(desk.snapshot(), param);
    const attempt = writer.apply(request(param, value));
    if (writes) {
      await attempt;
      expect(desk.writes).toHaveLength(1);
    } else {
      expect((await refusal(attempt)).code).toBe('needs-confirmation');
      expect(desk.writes).toEqual([]);
      expect(journal.entries()).toEqual([]);
      expect(readParam(desk.snapshot(), param)).toBe(before);
      const confirmed = await writer.apply(request(param, value, true));
      expect(confirmed.secondConfirmation).toBe(true);
    }
  });

  test('read-only refuses every write path and the console sees nothing', async () => {
    const { writer, desk } = await rig({ readOnly: true });
    const attempts = [
      writer.apply(request('ch.1.trimDb', 1, true)),
      writer.applyAll({ purpose: [], changes: [{ param: 'ch.1.trimDb', value: 1 }], client: 't', origin: 'o', confirmed: true, soundcheckId: null, onFailure: 'stop' }),
      writer.undo('t', null, true),
      writer.undoSoundcheck('t', 'sc-1', true),
      writer.restore('t', [{ param: 'ch.1.trimDb', value: 3 }], true),
    ];
    for (const attempt of attempts) {
      const error = await refusal(attempt);
      expect(error.code).toBe('read-only');
      expect(error.message).toMatch(/read-only/);
    }
    expect(desk.writes).toEqual([]);
  });

  test.each(['ch.99.trimDb', 'bus.9.faderDb', 'nonsense', 'ch.1.eq.9.gainDb'])('%s is refused as unknown', async (param) => {
    const { writer, desk } = await rig();
    expect((await refusal(writer.apply(request(param, 0, true)))).code).toBe('unknown-param');
    expect(desk.writes).toEqual([]);
  });

  test('a journal that cannot record still leaves the write confirmed, reported and undoable', async () => {
    const entries: JournalEntry[] = [];
    const journal: Journal = {
      append: async (entry) => {
        entries.push(entry);
        throw new Error('disk full');
      },
      entries: () => entries,
    };
    const { writer, desk, written } = await rig({ journal });
    const error = await refusal(writer.apply(request('ch.1.trimDb', 2)));
    expect(error.code).toBe('journal-failed');
    expect(error.message).toMatch(/disk full/);
    expect(readParam(desk.snapshot(), 'ch.1.trimDb')).toBe(2);
    expect(written).toHaveLength(1);
  });
});

describe('batches', () => {
  test('a batch is checked whole: one step above the limit asks before anything is written', async () => {
    const { writer, desk } = await rig();
    const batch = { client: 't', origin: 'o', soundcheckId: null, onFailure: 'stop' as const };
    const error = await refusal(writer.applyAll({ purpose: [], ...batch, confirmed: false, changes: [{ param: 'ch.1.trimDb', value: 2 }, { param: 'ch.1.dynThresholdDb', value: -50 }] }));
    expect(error.code).toBe('needs-confirmation');
    expect(desk.writes).toEqual([]);
    const outcome = await writer.applyAll({ purpose: [], ...batch, confirmed: true, changes: [{ param: 'ch.1.trimDb', value: 2 }, { param: 'ch.1.dynThresholdDb', value: -50 }] });
    expect(outcome.entries.map((e) => [e.param, e.confirmedValue])).toEqual([['ch.1.trimDb', 2], ['ch.1.dynThresholdDb', -50]]);
  });

  test('the writes of one batch share one action number (the first write\'s seq); the next write starts its own', async () => {
    const { writer } = await rig();
    const outcome = await writer.applyAll({ purpose: [],
      client: 't', origin: 'o', soundcheckId: null, onFailure: 'stop', confirmed: true,
      changes: [{ param: 'ch.1.trimDb', value: 2 }, { param: 'ch.1.dynThresholdDb', value: -50 }],
    });
    const lone = await writer.apply(request('ch.1.preampGainDb', 33));
    expect([...outcome.entries, lone].map((e) => [e.seq, e.actionSeq])).toEqual([[1, 1], [2, 1], [3, 3]]);
  });

  test('steps within a batch are measured from what the earlier writes leave', async () => {
    const { writer } = await rig();
    const changes = [{ param: 'ch.1.trimDb', value: 5 }, { param: 'ch.1.trimDb', value: 10 }];
    const outcome = await writer.applyAll({ purpose: 'any', changes, client: 't', origin: 'o', confirmed: false, soundcheckId: null, onFailure: 'stop' });
    expect(outcome.entries.map((e) => [e.beforeValue, e.confirmedValue])).toEqual([[0, 5], [5, 10]]);
  });

  test("'stop' ends a batch at the first console failure, 'continue' tries every write", async () => {
    const { writer, sim } = await rig();
    sim.setOnline(false);
    const changes = [{ param: 'ch.1.trimDb', value: 1 }, { param: 'ch.2.trimDb', value: 1 }];
    const stopped = await writer.applyAll({ purpose: 'any', changes, client: 't', origin: 'o', confirmed: false, soundcheckId: null, onFailure: 'stop' });
    expect(stopped.failures.map((f) => [f.param, f.code])).toEqual([['ch.1.trimDb', 'console-failed']]);
    const continued = await writer.applyAll({ purpose: 'any', changes, client: 't', origin: 'o', confirmed: false, soundcheckId: null, onFailure: 'continue' });
    expect(continued.failures.map((f) => f.param)).toEqual(['ch.1.trimDb', 'ch.2.trimDb']);
    expect(continued.entries).toEqual([]);
  });
});

describe('undo', () => {
  let r: Awaited<ReturnType<typeof rig>>;
  beforeEach(async () => {
    r = await rig();
  });

  test('undo of the last change writes back the value read before it, and is journalled as an undo', async () => {
    const first = await r.writer.apply(request('ch.1.preampGainDb', 31));
    const undo = await r.writer.undo('tab2', null, true);
    expect(undo).toMatchObject({ param: 'ch.1.preampGainDb', beforeValue: 31, requestedValue: 35, confirmedValue: 35, origin: 'undo', undoOf: first.seq, client: 'tab2' });
    expect(readParam(r.desk.snapshot(), 'ch.1.preampGainDb')).toBe(35);
    expect((await refusal(r.writer.undo('tab2', null, false))).code).toBe('nothing-to-undo');
  });

  test('any entry can be undone by seq; undoing it twice is refused; undoing the undo redoes it', async () => {
    const a = await r.writer.apply(request('ch.1.trimDb', 3));
    await r.writer.apply(request('ch.2.trimDb', -3));
    const undoA = await r.writer.undo('t', a.seq, true);
    expect(readParam(r.desk.snapshot(), 'ch.1.trimDb')).toBe(0);
    expect(readParam(r.desk.snapshot(), 'ch.2.trimDb')).toBe(-3);
    expect((await refusal(r.writer.undo('t', a.seq, false))).message).toMatch(/already undone by #3/);
    await r.writer.undo('t', undoA.seq, true);
    expect(readParam(r.desk.snapshot(), 'ch.1.trimDb')).toBe(3);
    await r.writer.undo('t', a.seq, true);
    expect(readParam(r.desk.snapshot(), 'ch.1.trimDb')).toBe(0);
    expect((await refusal(r.writer.undo('t', 99, false))).message).toMatch(/No journal entry #99/);
  });

  test('an undo is a write like any other: a step above the limit and phantom power ask again', async () => {
    await r.writer.apply(request('ch.1.preampGainDb', 20, true));
    expect((await refusal(r.writer.undo('t', null, false))).code).toBe('needs-confirmation');
    await r.writer.undo('t', null, true);
    await r.writer.apply(request('ch.3.phantom', 0, true));
    expect((await refusal(r.writer.undo('t', null, false))).code).toBe('needs-confirmation');
    expect((await r.writer.undo('t', null, true)).confirmedValue).toBe(1);
  });

  test('a fader pulled fully down comes back to its exact value, and a fader raised from -inf goes back down', async () => {
    await r.writer.apply(request('ch.1.faderDb', -Infinity, true));
    expect((await r.writer.undo('t', null, true)).confirmedValue).toBe(readParam(r.sim.snapshot(), 'ch.1.faderDb'));
    expect(readParam(r.sim.snapshot(), 'ch.1.faderDb')).toBeCloseTo(-10, 0);
    const sendOff = 'ch.1.send.5.levelDb';
    expect(readParam(r.sim.snapshot(), sendOff)).toBe(-Infinity);
    await r.writer.apply(request(sendOff, -20, true));
    expect((await r.writer.undo('t', null, true)).confirmedValue).toBe(-Infinity);
  });

  test('undo-soundcheck undoes only that soundcheck\'s writes, newest first, back to the first before value', async () => {
    const batch = (soundcheckId: string | null, param: string, value: number) =>
      r.writer.applyAll({ purpose: [], changes: [{ param, value }], client: 't', origin: 'o', confirmed: true, soundcheckId, onFailure: 'stop' });
    await batch('sc-a', 'ch.1.trimDb', 4);
    await batch(null, 'ch.2.trimDb', 2);
    await batch('sc-a', 'ch.1.trimDb', 8);
    await batch('sc-a', 'ch.13.preampGainDb', 22);
    await batch('sc-b', 'ch.14.trimDb', 1);
    const outcome = await r.writer.undoSoundcheck('t', 'sc-a', true);
    expect(outcome.entries.map((e) => [e.param, e.confirmedValue, e.undoOf])).toEqual([
      ['ch.13.preampGainDb', 18, 4],
      ['ch.1.trimDb', 4, 3],
      ['ch.1.trimDb', 0, 1],
    ]);
    const snapshot = r.desk.snapshot();
    expect([readParam(snapshot, 'ch.1.trimDb'), readParam(snapshot, 'ch.2.trimDb'), readParam(snapshot, 'ch.14.trimDb')]).toEqual([0, 2, 1]);
    expect((await refusal(r.writer.undoSoundcheck('t', 'sc-a', true))).code).toBe('nothing-to-undo');
  });
});

const DB_PARAMS: readonly { param: string; min: number; max: number }[] = [
  { param: 'ch.1.preampGainDb', min: -12, max: 60 },
  { param: 'ch.1.trimDb', min: -18, max: 18 },
  { param: 'ch.13.preampGainDb', min: -12, max: 60 },
  { param: 'ch.2.dynThresholdDb', min: -60, max: 0 },
  { param: 'ch.4.eq.2.gainDb', min: -15, max: 15 },
  { param: 'bus.1.faderDb', min: -90, max: 10 },
];

test('property: undoing every write, newest first, restores exactly the values the console reported before', async () => {
  const write = fc.record({ which: fc.integer({ min: 0, max: DB_PARAMS.length - 1 }), at: fc.double({ min: 0, max: 1, noNaN: true }) });
  await fc.assert(
    fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 12 }), async (writes) => {
      const { writer, desk } = await rig();
      const original = new Map(DB_PARAMS.map((p) => [p.param, readParam(desk.snapshot(), p.param)]));
      const done: JournalEntry[] = [];
      for (const { which, at } of writes) {
        const { param, min, max } = DB_PARAMS[which]!;
        done.push(await writer.apply(request(param, min + at * (max - min), true)));
      }
      for (const entry of [...done].reverse()) {
        const undo = await writer.undo('t', null, true);
        expect(undo.undoOf).toBe(entry.seq);
        expect(undo.confirmedValue).toBe(entry.beforeValue);
      }
      for (const [param, value] of original) expect(readParam(desk.snapshot(), param)).toBe(value);
      expect((await refusal(writer.undo('t', null, true))).code).toBe('nothing-to-undo');
    }),
    { numRuns: 30 },
  );
});

describe('the level invariant at the one write path', () => {
  const compensated = (channel: number, snapshot: ReturnType<SimulatorConsole['snapshot']>, gainDeltaDb: number) => {
    const ch = snapshot.channels[channel - 1]!;
    return compensate(snapshot, [{ param: `ch.${channel}.preampGainDb`, value: ch.preampGainDb! + gainDeltaDb }], NO_METERS).changes;
  };

  test('a gain change with its compensation writes without a question; alone it asks, naming every mix it moves', async () => {
    // The snare's compressor (3:1, no meters) passes a third of a 1 dB gain change: -0.3 dB in each mix.
    const r = await rig();
    const batch = { client: 't', origin: 'o', soundcheckId: null, onFailure: 'stop' as const, purpose: [] as const };
    const gainDb = r.desk.snapshot().channels[1]!.preampGainDb!;
    const alone = await refusal(r.writer.applyAll({ ...batch, confirmed: false, changes: [{ param: 'ch.2.preampGainDb', value: gainDb - 1 }] }));
    expect(alone.code).toBe('needs-confirmation');
    expect(alone.message).toMatch(/moves levels beyond its purpose: Ch 2 Snare −0\.3 dB in PA, Mon 2, Mon 3, Mon 4, FX\. /);
    expect(r.desk.writes).toHaveLength(0);
    const before = r.desk.snapshot();
    const outcome = await r.writer.applyAll({ ...batch, confirmed: false, changes: compensated(2, before, -1) });
    expect(outcome.failures).toEqual([]);
    expect(readParam(r.desk.snapshot(), 'ch.2.faderDb')).toBeCloseTo(before.channels[1]!.faderDb + 1, 1);
  });

  test('undoing a whole action keeps the PA; undoing only its gain asks first', async () => {
    const r = await rig();
    const batch = { client: 't', origin: 'o', soundcheckId: null, onFailure: 'stop' as const, purpose: [] as const, confirmed: false };
    const before = r.desk.snapshot();
    const { entries } = await r.writer.applyAll({ ...batch, changes: compensated(2, before, -1) });
    const gain = entries.find((e) => e.param === 'ch.2.preampGainDb')!;
    expect((await refusal(r.writer.undo('t', gain.seq, false))).message).toMatch(/Ch 2 Snare \+0\.3 dB in PA/);
    const undone = await r.writer.undoAction('t', null, false);
    expect(undone.entries.map((e) => e.param).sort()).toEqual(entries.map((e) => e.param).sort());
    for (const entry of entries) expect(readParam(r.desk.snapshot(), entry.param)).toBe(readParam(before, entry.param));
    expect((await refusal(r.writer.undoAction('t', null, false))).code).toBe('nothing-to-undo');
  });

  test('a master fader move is a mix move by purpose: no question for the mix it names, one for any other', async () => {
    const r = await rig();
    const batch = { client: 't', origin: 'o', soundcheckId: null, onFailure: 'stop' as const, confirmed: false };
    const [bus1, bus2] = r.desk.snapshot().buses;
    await r.writer.applyAll({ ...batch, purpose: ['bus.1'], changes: [{ param: 'bus.1.faderDb', value: bus1!.faderDb - 3 }] });
    expect(readParam(r.desk.snapshot(), 'bus.1.faderDb')).toBeCloseTo(bus1!.faderDb - 3, 1);
    expect((await refusal(r.writer.applyAll({ ...batch, purpose: ['bus.1'], changes: [{ param: 'bus.2.faderDb', value: bus2!.faderDb - 3 }] }))).message)
      .toMatch(/Mon 2 master −3\.0 dB in Mon 2/);
  });
});

describe('a desk whose sends are not read (mapping files)', () => {
  /** The simulator seen as a mapping-file desk sees it: no sends in the snapshot, and the identity says so. */
  class SendsUnread extends CountingConsole {
    override identity() {
      return { ...super.identity(), sendsUnread: true as const };
    }
    override snapshot() {
      const snapshot = super.snapshot();
      return { ...snapshot, identity: this.identity(), channels: snapshot.channels.map((ch) => ({ ...ch, sends: [] })) };
    }
  }

  async function unreadRig() {
    const sim = new SimulatorConsole({ seed: 1, autoRun: false });
    const desk = new SendsUnread(sim);
    await desk.start(new AbortController().signal);
    const writer = new SafeWriter({ meters: () => NO_METERS, console: desk, journal: new MemoryJournal(), readOnly: false, maxStepDb: 6, nowMs: () => NOW_MS, onWrite: () => undefined });
    return { desk, writer };
  }
  const batch = { client: 't', origin: 'o', soundcheckId: null, onFailure: 'stop' as const, purpose: [] as const };

  test('a compensated gain change still asks: the monitor mixes fed before the fader move with it, unseen', async () => {
    const { desk, writer } = await unreadRig();
    const before = desk.snapshot();
    const gainDb = before.channels[0]!.preampGainDb!;
    const changes = compensate(before, [{ param: 'ch.1.preampGainDb', value: gainDb - 4 }], NO_METERS).changes;
    const asked = await refusal(writer.applyAll({ ...batch, confirmed: false, changes }));
    expect(asked.code).toBe('needs-confirmation');
    expect(asked.message).toMatch(/This desk's sends are not read, so its monitor mixes cannot be kept: every send taken before the fader moves with the channel \(Ch 1 Kick −4\.0 dB\)\./);
    expect(desk.writes).toHaveLength(0);
    const confirmed = await writer.applyAll({ ...batch, confirmed: true, changes });
    expect(confirmed.failures).toEqual([]);
    expect(readParam(desk.snapshot(), 'ch.1.preampGainDb')).toBe(gainDb - 4);
  });

  test('a fader move leaves every pre-fader send where it was: no question', async () => {
    const { desk, writer } = await unreadRig();
    const faderDb = desk.snapshot().channels[0]!.faderDb;
    const outcome = await writer.applyAll({ ...batch, purpose: ['main'], confirmed: false, changes: [{ param: 'ch.1.faderDb', value: faderDb - 2 }] });
    expect(outcome.failures).toEqual([]);
    expect(desk.writes).toHaveLength(1);
  });

  test('undoing the whole action returns the sends to where they were: no question', async () => {
    const { desk, writer } = await unreadRig();
    const before = desk.snapshot();
    const changes = compensate(before, [{ param: 'ch.1.preampGainDb', value: before.channels[0]!.preampGainDb! - 4 }], NO_METERS).changes;
    await writer.applyAll({ ...batch, confirmed: true, changes });
    const undone = await writer.undoAction('t', null, false);
    expect(undone.failures).toEqual([]);
    expect(readParam(desk.snapshot(), 'ch.1.preampGainDb')).toBe(before.channels[0]!.preampGainDb);
  });
});

describe('one preamp split to two channels', () => {
  /** The simulator with Ch 5 Tom 2 taking Ch 1's headamp, as an X32 does with /-ha/NN/index equal for both. */
  class SplitPreamp extends CountingConsole {
    override snapshot() {
      const snapshot = super.snapshot();
      const kick = snapshot.channels[0]!;
      return { ...snapshot, channels: snapshot.channels.map((ch) => (ch.index === 5 ? { ...ch, headampIndex: kick.headampIndex, preampGainDb: kick.preampGainDb } : ch)) };
    }
  }
  const batch = { client: 't', origin: 'o', soundcheckId: null, onFailure: 'stop' as const, purpose: [] as const };

  test('a gain change compensated on its own channel still asks, naming the other channel\'s move in every mix it feeds', async () => {
    const desk = new SplitPreamp(new SimulatorConsole({ seed: 1, autoRun: false }));
    await desk.start(new AbortController().signal);
    const writer = new SafeWriter({ meters: () => NO_METERS, console: desk, journal: new MemoryJournal(), readOnly: false, maxStepDb: 6, nowMs: () => NOW_MS, onWrite: () => undefined });
    const before = desk.snapshot();
    // compensate() covers Ch 5 too now: leave its moves out to get the change compensated on Ch 1 only.
    const changes = compensate(before, [{ param: 'ch.1.preampGainDb', value: before.channels[0]!.preampGainDb! - 2 }], NO_METERS)
      .changes.filter((c) => !c.param.startsWith('ch.5.'));
    const asked = await refusal(writer.applyAll({ ...batch, confirmed: false, changes }));
    expect(asked.code).toBe('needs-confirmation');
    expect(asked.message).toMatch(/moves levels beyond its purpose: Ch 5 Tom 2 −2\.0 dB in PA, Mon 4, FX, Sub\. /);
    expect(asked.message).not.toMatch(/Ch 1 Kick/);
    expect(desk.writes).toHaveLength(0);
  });

  test('the same change through compensate() keeps Ch 5\'s mixes too, so it goes through unconfirmed', async () => {
    const desk = new SplitPreamp(new SimulatorConsole({ seed: 1, autoRun: false }));
    await desk.start(new AbortController().signal);
    const writer = new SafeWriter({ meters: () => NO_METERS, console: desk, journal: new MemoryJournal(), readOnly: false, maxStepDb: 6, nowMs: () => NOW_MS, onWrite: () => undefined });
    const before = desk.snapshot();
    const set = compensate(before, [{ param: 'ch.1.preampGainDb', value: before.channels[0]!.preampGainDb! - 2 }], NO_METERS);
    expect(set.compensation.map((c) => c.param)).toContain('ch.5.faderDb');
    const outcome = await writer.applyAll({ ...batch, confirmed: false, changes: set.changes });
    expect(outcome.entries.map((e) => e.param)).toEqual(set.changes.map((c) => c.param));
    expect(desk.writes).toHaveLength(set.changes.length);
  });
});

describe('compensation the console cannot write', () => {
  /** A desk whose sends are read-only (as the WING's are until their ranges are documented). */
  class NoSendWrites extends CountingConsole {
    override paramSpec(param: string) {
      return param.includes('.send.') ? undefined : super.paramSpec(param);
    }
  }

  test('is left out, and the level check states the monitor moves it would have kept before anything is written', async () => {
    const sim = new SimulatorConsole({ seed: 1, autoRun: false });
    const desk = new NoSendWrites(sim);
    await desk.start(new AbortController().signal);
    const writer = new SafeWriter({
      meters: () => NO_METERS, console: desk, journal: new MemoryJournal(), readOnly: false, maxStepDb: 6, nowMs: () => NOW_MS, onWrite: () => {},
    });
    const snapshot = desk.snapshot();
    const set = compensate(snapshot, [{ param: 'ch.2.preampGainDb', value: snapshot.channels[1]!.preampGainDb! - 3 }], NO_METERS);
    const ids = new Set(set.changes.map((c) => c.param));
    const changes = set.changes.map((c, i) => ({ ...c, compensation: i > 0 }));
    expect([...ids].some((p) => p.includes('.send.'))).toBe(true);
    const batch = { client: 't', origin: 'o', soundcheckId: null, onFailure: 'stop' as const, purpose: [] as const, changes };
    const asked = await refusal(writer.applyAll({ ...batch, confirmed: false }));
    expect(asked.code).toBe('needs-confirmation');
    // The fader still keeps the PA; the pre-fader monitor sends cannot follow.
    expect(asked.message).toMatch(/beyond its purpose: Ch 2 Snare −3\.0 dB in Mon 2, Mon 3, Mon 4\. Predicted: PA: ±0\.0 dB/);
    expect(asked.message).not.toMatch(/in PA/);
    expect(desk.writes).toEqual([]);
    const outcome = await writer.applyAll({ ...batch, confirmed: true });
    expect(outcome.failures).toEqual([]);
    expect(outcome.entries.map((e) => e.param).filter((p) => p.includes('.send.'))).toEqual([]);
    expect(outcome.entries.map((e) => e.param)).toContain('ch.2.faderDb');
  });
});

describe('a change made at the desk, recorded', () => {
  test('is journalled without writing to the console, and undone by writing back the value before it', async () => {
    const { sim, desk, journal, writer, written } = await rig();
    const beforeDb = readParam(sim.snapshot(), 'ch.1.preampGainDb')!;
    sim.deskChange('ch.1.preampGainDb', beforeDb + 3);
    const entry = await writer.record({ param: 'ch.1.preampGainDb', beforeValue: beforeDb, value: beforeDb + 3, client: 'desk', origin: 'gain-tracking:t1' });
    expect(desk.writes).toEqual([]);
    expect(entry).toMatchObject({ seq: 1, client: 'desk', label: 'Ch 1 Kick gain', beforeValue: beforeDb, requestedValue: beforeDb + 3, confirmedValue: beforeDb + 3, origin: 'gain-tracking:t1', actionSeq: 1, undoOf: null });
    expect(journal.entries()).toEqual([entry]);
    expect(written).toEqual([entry]);
    const undone = await writer.undoAction('tab1', entry.actionSeq, false);
    expect(undone.failures).toEqual([]);
    expect(desk.writes).toEqual([{ param: 'ch.1.preampGainDb', value: beforeDb }]);
    expect(readParam(sim.snapshot(), 'ch.1.preampGainDb')).toBe(beforeDb);
  });

  test('is refused in read-only mode (nothing could undo it) and for a parameter the console cannot write', async () => {
    const { writer, journal } = await rig({ readOnly: true });
    expect((await refusal(writer.record({ param: 'ch.1.preampGainDb', beforeValue: 30, value: 33, client: 'desk', origin: 'x' }))).code).toBe('read-only');
    const writable = await rig();
    expect((await refusal(writable.writer.record({ param: 'ch.99.preampGainDb', beforeValue: 30, value: 33, client: 'desk', origin: 'x' }))).code).toBe('unknown-param');
    expect(journal.entries()).toEqual([]);
  });
});
