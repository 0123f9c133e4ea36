import { afterEach, describe, expect, test } from 'vitest';
import { ConsoleError } from '../../../server/consoles/console';
import { encodeMessage } from '../../../server/consoles/osc/codec';
import { createXAirConsole } from '../../../server/consoles/xair/xair-console';
import type { FakeDesk } from '../../fakes/fake-x-desk';
import { FAKE_XAIR_CHANNEL_NAMES, fakeXAirHeadampGainDb, startFakeXAir } from '../../fakes/fake-xair';
import { nextFrame, ready, startAdapter, waitFor, wire, type AdapterRun } from '../x32/console-harness';

let fake: FakeDesk | undefined;
let run: AdapterRun | undefined;

afterEach(async () => {
  run?.stop();
  run = undefined;
  await fake?.stop();
  fake = undefined;
});

async function setUp(options: Parameters<typeof startFakeXAir>[0] = {}, timing: Parameters<typeof startAdapter>[2] = {}) {
  fake = await startFakeXAir(options);
  run = await startAdapter(createXAirConsole, fake, timing);
  await ready(run);
  return { fake, run };
}

describe('X-Air adapter against the fake XR18', () => {
  test('syncs every value despite 10 % packet loss, following each channel source', async () => {
    const { run } = await setUp({ dropRate: 0.1, seed: 11 }, { requestTimeoutMs: 40, retries: 8 });
    const snapshot = run.console.snapshot();
    expect(run.console.identity()).toMatchObject({ kind: 'xair', model: 'XR18', firmware: '1.18', name: 'XR18-FAKE' });
    expect(snapshot.channels.map((channel) => channel.name)).toEqual(FAKE_XAIR_CHANNEL_NAMES);
    expect(snapshot.channels[0]).toMatchObject({ headampIndex: 1, preampGainDb: fakeXAirHeadampGainDb(1), trimDb: null });
    expect(snapshot.channels[12]).toMatchObject({ headampIndex: 15, preampGainDb: fakeXAirHeadampGainDb(15) });
    expect(snapshot.channels[13]).toMatchObject({ headampIndex: 13, preampGainDb: fakeXAirHeadampGainDb(13) });
    expect(snapshot.channels[14]).toMatchObject({ headampIndex: null, preampGainDb: null, phantom: null });
    expect(snapshot.channels[11]).toMatchObject({ headampIndex: null, preampGainDb: null, trimDb: 4.5 });
    expect(snapshot.channels[4]?.phantom).toBe(true);
    expect(snapshot.channels[10]?.sends[0]).toMatchObject({ levelDb: -4, preFader: true });
    expect(snapshot.buses.map((bus) => bus.name)).toEqual(['Mon 1', 'Mon 2', 'Mon 3', 'Mon 4', 'FX', 'Sub']);
    expect([1, 4, 5, 8, 9].map((n) => snapshot.channels[n - 1]?.color)).toEqual([
      { name: 'red', inverted: false },
      { name: 'red', inverted: false },
      { name: 'yellow', inverted: true },
      { name: 'yellow', inverted: true },
      { name: 'off', inverted: false },
    ]);
    expect(snapshot.outputs[4]?.source).toEqual({ kind: 'main' });
    expect(run.console.counters().timeouts).toBeGreaterThan(0);
    expect(run.states).toEqual(['connecting', 'syncing', 'ready']);
  });

  test('streams meter frames decoded from the int16 banks', async () => {
    const { run } = await setUp();
    const frame = await nextFrame(run, (candidate) => candidate.channelDynGrDb.length > 0);
    expect(frame.channelInputDbfs).toHaveLength(16);
    expect(frame.busDbfs).toHaveLength(6);
    expect(frame.matrixDbfs).toEqual([]);
    expect(frame.mainDbfs).toHaveLength(2);
    // Vox 1: -50 dBFS + 35 dB gain, less up to 1 dB of jitter; the 3:1 compressor above -18 dB takes ~1.3..2 dB.
    expect(frame.channelInputDbfs[10]).toBeGreaterThan(-16.1);
    expect(frame.channelInputDbfs[10]).toBeLessThanOrEqual(-14.9);
    expect(frame.channelDynGrDb[10]).toBeGreaterThan(1.2);
    expect(frame.channelDynGrDb[10]).toBeLessThan(2.1);
    expect(frame.channelDynGrDb[0]).toBe(0);
  });

  test('changes at the desk reach the snapshot and onDeskChange, source changes included', async () => {
    const { fake, run } = await setUp();
    fake.setFromDesk('/lr/mix/fader', 0.5);
    const main = await waitFor(() => run.changes.find((change) => change.param === 'main.faderDb'), 'the main fader change');
    expect(main.value).toBeCloseTo(-9.98, 2);

    fake.setFromDesk('/ch/03/config/insrc', 7);
    const gain = await waitFor(() => run.changes.find((change) => change.param === 'ch.3.preampGainDb'), 'the new source gain');
    expect(gain.value).toBe(fakeXAirHeadampGainDb(8));
    expect(run.console.snapshot().channels[2]?.headampIndex).toBe(8);
  });

  test('apply resolves with the value read back and the desk holds the quantised value', async () => {
    const { fake, run } = await setUp();
    await expect(run.console.apply({ param: 'ch.13.preampGainDb', value: 33.3 })).resolves.toBe(33.5);
    expect(fake.state.get('/headamp/15/gain')).toBe(wire(45.5 / 72));

    await expect(run.console.apply({ param: 'ch.12.trimDb', value: -2.1 })).resolves.toBe(-2);
    expect(fake.state.get('/ch/12/preamp/rtntrim')).toBe(wire(16 / 36));

    await expect(run.console.apply({ param: 'ch.1.send.2.levelDb', value: -8.1 })).resolves.toBe(-8);
    expect(fake.state.get('/ch/01/mix/02/level')).toBe(wire(88 / 160));

    const refused = await run.console.apply({ param: 'ch.1.trimDb', value: 3 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConsoleError);
    expect((refused as ConsoleError).code).toBe('not-writable');
  });

  test('an XR16 is recognised: its inputs 9..16 are line inputs with their own range', async () => {
    const { fake, run } = await setUp({ model: 'XR16' });
    // The X-Air's /xinfo carries five strings (ip, server version, name, model, firmware): none is unexpected.
    expect(run.console.identity()).toMatchObject({ model: 'XR16', name: 'XR16-FAKE', firmware: '1.18' });
    expect(run.console.counters().unexpected).toBe(0);
    expect(run.console.snapshot().channels[9]).toMatchObject({
      headampIndex: 18,
      preampGainDb: fakeXAirHeadampGainDb(18),
      preampGainRange: { minDb: -12, maxDb: 20 },
      phantom: null,
    });
    await expect(run.console.apply({ param: 'ch.10.preampGainDb', value: 25 })).resolves.toBe(20);
    expect(fake.state.get('/headamp/18/gain')).toBe(1);
  });

  test('silence -> lost -> the desk returns -> ready again with meters flowing', async () => {
    const { fake, run } = await setUp({}, { livenessTimeoutMs: 300, reconnectBackoffMs: { initial: 50, max: 200 } });
    await nextFrame(run);
    fake.setSilent(true);
    await waitFor(() => run.console.state() === 'lost', 'the link to be lost');
    expect(run.console.snapshot().channels[0]?.name).toBe('Kick');
    fake.setSilent(false);
    await ready(run);
    expect(run.states).toEqual(['connecting', 'syncing', 'ready', 'lost', 'syncing', 'ready']);
    const frame = await nextFrame(run);
    expect(frame.channelInputDbfs).toHaveLength(16);
    expect(fake.activeMeterStreams()).toBe(2);
  });

  test('malformed meter blobs are counted, never thrown', async () => {
    const { fake, run } = await setUp();
    const blob = new Uint8Array(4 + 39 * 2);
    new DataView(blob.buffer).setInt32(0, 40, true);
    fake.sendRawToClients(encodeMessage('/meters/1', [{ type: 'b', value: blob }]));
    fake.sendRawToClients(encodeMessage('/meters/6', [{ type: 'b', value: blob.subarray(0, 2) }]));
    await waitFor(() => run.console.counters().malformed >= 2, 'two malformed blobs');
    expect(run.console.counters().malformed).toBe(2);
    expect(run.console.state()).toBe('ready');
    await nextFrame(run);
  });
});
