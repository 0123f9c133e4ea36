/**
 * The WING adapter against the fake WING over real UDP and TCP: identity, sync through the channel ->
 * source -> gain path, meters over the native protocol, writes confirmed by read-back, desk changes, and a
 * lost desk coming back.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { ConnectionState, Console, DeskChange } from '../../../server/consoles/console';
import { createWingConsole, parseWingReply } from '../../../server/consoles/wing/wing-console';
import type { MeterFrame } from '../../../server/model/meter-frame';
import { readParam } from '../../../server/model/params';
import { FAKE_WING_CHANNEL_NAMES, fakeWingGainDb, startFakeWing, type FakeWing } from '../../fakes/fake-wing';
import { waitFor } from '../x32/console-harness';
import { WING_TEST_TIMING } from './wing-harness';


let fake: FakeWing;
let console: Console;
let controller: AbortController;
const frames: MeterFrame[] = [];
const changes: DeskChange[] = [];
const states: ConnectionState[] = [];

beforeEach(async () => {
  frames.length = 0;
  changes.length = 0;
  states.length = 0;
  fake = await startFakeWing({ seed: 2, meterLapseMs: 1500 });
  console = createWingConsole({ host: '127.0.0.1', port: fake.port, nativePort: fake.nativePort, ...WING_TEST_TIMING });
  console.onMeters((frame) => frames.push(frame));
  console.onDeskChange((change) => changes.push(change));
  console.onState((state) => states.push(state));
  controller = new AbortController();
  await console.start(controller.signal);
  await waitFor(() => console.state() === 'ready', 'ready');
});

afterEach(async () => {
  controller.abort();
  await fake.stop();
});

test('identifies the desk and reads names, sources, gains and faders', () => {
  const snapshot = console.snapshot();
  expect(snapshot.identity).toMatchObject({ kind: 'wing', model: 'WING Compact', firmware: '3.0.5-0-gfake:release', name: 'WING-FAKE' });
  expect(snapshot.identity.notes?.join(' ')).toMatch(/read only/);
  expect(snapshot.channels).toHaveLength(40);
  expect(snapshot.channels.slice(0, 24).map((c) => c.name)).toEqual(FAKE_WING_CHANNEL_NAMES.slice(0, 24));
  // Channel 3 plays local input 3; channel 12 AES50-A input 4; channel 20 StageConnect 4; 39 is USB.
  expect(readParam(snapshot, 'ch.3.preampGainDb')).toBe(fakeWingGainDb(3));
  expect(readParam(snapshot, 'ch.12.preampGainDb')).toBe(fakeWingGainDb(12));
  expect(readParam(snapshot, 'ch.20.preampGainDb')).toBe(fakeWingGainDb(20));
  expect(snapshot.channels[38]!.preampGainDb).toBeNull();
  expect(snapshot.channels[10]!.phantom).toBe(true);
  expect(readParam(snapshot, 'ch.1.faderDb')).toBe(-5);
  expect(readParam(snapshot, 'ch.30.faderDb')).toBe(-Infinity);
  expect(readParam(snapshot, 'mtx.1.faderDb')).toBe(-6);
  expect(snapshot.channels[12]!.sends[0]).toMatchObject({ bus: 1, levelDb: -3, on: true, preFader: true });
  expect(snapshot.outputs[0]!.source).toEqual({ kind: 'main' });
  expect(snapshot.outputs[3]!.source).toEqual({ kind: 'bus', index: 2 });
});

test('streams meters that follow the gain, and renews them past the desk lapse', async () => {
  fake.setSourceLevel(3, -40);
  const first = await waitFor(() => frames.find((f) => f.channelInputDbfs[2]! > -20), 'a meter frame after the level change');
  expect(first.channelInputDbfs).toHaveLength(40);
  expect(first.channelInputDbfs[2]).toBeGreaterThan(-40 + fakeWingGainDb(3) - 1.5);
  expect(first.channelInputDbfs[2]).toBeLessThan(-40 + fakeWingGainDb(3) + 0.5);
  expect(first.mainDbfs).toHaveLength(2);
  // The fake drops a stream 1.5 s after its last renewal; frames still arrive well after that.
  const seen = frames.length;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const latest = frames.length;
  await waitFor(() => frames.length > latest && frames.length > seen, 'frames after the lapse');
  expect(fake.activeMeterStreams()).toBe(1);
});

test('a meter link the desk closes is opened again while settings keep working', async () => {
  await waitFor(() => frames.length > 0, 'first frames');
  fake.dropNativeClients();
  const after = Date.now();
  await waitFor(() => frames.some((frame) => frame.atMs > after + 100) && fake.activeMeterStreams() === 1, 'frames after the drop');
  expect(console.state()).toBe('ready');
});

test('a gain write goes to the source the channel plays and is confirmed by read-back', async () => {
  const confirmed = await console.apply({ param: 'ch.12.preampGainDb', value: 31.3 });
  expect(confirmed).toBe(31.5);
  expect(fake.value('/io/in/A/4/g')).toBe(31.5);
  expect(readParam(console.snapshot(), 'ch.12.preampGainDb')).toBe(31.5);
  expect(console.paramSpec('ch.12.preampGainDb')).toMatchObject({ unit: 'dB', min: -3, max: 45.5, stepDb: 0.5 });
});

test('fader, mute and main writes; -Infinity is the desk floor', async () => {
  expect(await console.apply({ param: 'ch.2.faderDb', value: -7.04 })).toBe(-7);
  expect(fake.value('/ch/2/fdr')).toBe(-7);
  expect(await console.apply({ param: 'ch.2.on', value: 0 })).toBe(0);
  expect(fake.value('/ch/2/mute')).toBe(1);
  expect(await console.apply({ param: 'main.faderDb', value: -Infinity })).toBe(-Infinity);
  expect(fake.value('/main/1/fdr')).toBe(-144);
});

test.each([['ch.1.trimDb'], ['ch.1.eq.1.gainDb'], ['ch.1.send.1.levelDb'], ['ch.1.dynThresholdDb']])(
  '%s is read only, with a reason',
  async (param) => {
    expect(console.paramSpec(param)).toBeUndefined();
    await expect(console.apply({ param, value: 0 })).rejects.toMatchObject({ code: 'not-writable' });
  },
);

test('a USB channel has no preamp to write', async () => {
  await expect(console.apply({ param: 'ch.39.preampGainDb', value: 20 })).rejects.toMatchObject({ code: 'not-writable' });
});

test('a change at the desk is read and reported', async () => {
  fake.setFromDesk('/ch/5/fdr', -12);
  const change = await waitFor(() => changes.find((c) => c.param === 'ch.5.faderDb'), 'desk change');
  expect(change.value).toBe(-12);
  fake.setFromDesk('/io/in/LCL/6/g', 40);
  const gain = await waitFor(() => changes.find((c) => c.param === 'ch.6.preampGainDb'), 'gain change');
  expect(gain.value).toBe(40);
});

test('a re-patched channel follows its new source', async () => {
  fake.setFromDesk('/ch/1/in/conn/in', 7);
  await waitFor(() => readParam(console.snapshot(), 'ch.1.preampGainDb') === fakeWingGainDb(7), 'new source gain');
  expect(console.snapshot().channels[0]!.headampIndex).toBe(6);
});

test('a silent desk is lost, then resynced when it answers again', async () => {
  fake.setSilent(true);
  await waitFor(() => console.state() === 'lost', 'lost');
  fake.setFromDesk('/ch/4/fdr', -20);
  fake.setSilent(false);
  await waitFor(() => console.state() === 'ready' && readParam(console.snapshot(), 'ch.4.faderDb') === -20, 'resync');
  expect(console.counters().reconnects).toBeGreaterThanOrEqual(1);
  const after = frames.length;
  await waitFor(() => frames.length > after, 'meters after the resync');
}, 60_000);

test('an address the firmware lacks is asked on channel 1 only, and the rest still syncs', async () => {
  const older = await startFakeWing({ without: /\/eq\/[1-4][gfq]$/ });
  const run = new AbortController();
  const desk = createWingConsole({ host: '127.0.0.1', port: older.port, nativePort: older.nativePort, ...WING_TEST_TIMING, retries: 1 });
  try {
    await desk.start(run.signal);
    await waitFor(() => desk.state() === 'ready', 'ready without EQ bands');
    expect(older.received('/ch/1/eq/1g')).toBe(2);
    expect(older.received('/ch/2/eq/1g')).toBe(0);
    expect(readParam(desk.snapshot(), 'ch.3.preampGainDb')).toBe(fakeWingGainDb(3));
    expect(desk.snapshot().channels[2]!.eqBands[0]).toMatchObject({ gainDb: 0 });
    expect(desk.unknownAddresses()).toEqual(['/ch/*/eq/1f', '/ch/*/eq/1g', '/ch/*/eq/1q', '/ch/*/eq/2f', '/ch/*/eq/2g', '/ch/*/eq/2q', '/ch/*/eq/3f', '/ch/*/eq/3g', '/ch/*/eq/3q', '/ch/*/eq/4f', '/ch/*/eq/4g', '/ch/*/eq/4q']);
  } finally {
    run.abort();
    await older.stop();
  }
});

test('a get reply is text then the value; a push is not a reply', () => {
  expect(parseWingReply([{ type: 's', value: '-oo' }, { type: 'f', value: 0 }, { type: 'f', value: -144 }])).toEqual({ text: '-oo', value: -144 });
  expect(parseWingReply([{ type: 's', value: '1' }, { type: 'f', value: 1 }, { type: 'i', value: 1 }])).toEqual({ text: '1', value: 1 });
  expect(parseWingReply([{ type: 's', value: 'Kick' }])).toEqual({ text: 'Kick', value: null });
  expect(parseWingReply([{ type: 'f', value: 0.5 }])).toBeNull();
  expect(parseWingReply([{ type: 's', value: 'x'.repeat(65) }])).toBeNull();
});
