/**
 * A map whose bindings carry get requests (the A&H SQ and dLive) and whose desk gives channel names: the
 * adapter asks for everything at connect and is ready when the last answer is in (or the sync times out),
 * and with "confirm": "echo" a write is followed by its get and confirmed by the desk's answer.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ConsoleError, type Console } from '../../../server/consoles/console';
import { compileMidiMap } from '../../../server/consoles/midi/midi-map';
import { createMidiConsole } from '../../../server/consoles/midi/midi-console';
import { FakeMidiPorts } from './fake-midi-ports';

const HEADER = 'F0 00 00 1A 50 10 01 00';

/** Two inputs shaped like the dLive map: NRPN faders and pitch-bend gain, each with a SysEx get, and names. */
const MAP = compileMidiMap(
  {
    name: 'two',
    model: 'Two-input A&H-style desk',
    description: '',
    notes: [],
    channels: 2,
    confirm: 'echo',
    tcp: null,
    stateRequest: null,
    names: { midiChannel: 1, index: { first: 0, step: 1 }, request: `${HEADER} ch 01 ii F7`, replyPrefix: `${HEADER} ch 02 ii` },
    meters: null,
    params: [
      {
        param: 'ch.{n}.faderDb',
        each: { from: 1, to: 2 },
        message: { type: 'nrpn', midiChannel: 1, parameterMsb: { first: 0, step: 1 }, parameterLsb: 0x17, value: 'msb' },
        law: { kind: 'table', points: [[0, null], [1, -53.5], [107, 0], [127, 10]] },
        writable: true,
        get: { type: 'sysex', midiChannel: 1, index: { first: 0, step: 1 }, template: `${HEADER} ch 05 0B 17 ii F7` },
      },
      {
        param: 'ch.{n}.preampGainDb',
        each: { from: 1, to: 2 },
        message: { type: 'pitch-bend-index', midiChannel: 1, index: { first: 0, step: 1 } },
        law: { kind: 'linear', minDb: 5, maxDb: 60 },
        writable: true,
        get: { type: 'sysex', midiChannel: 1, index: { first: 0, step: 1 }, template: `${HEADER} ch 05 0B 19 ii F7` },
      },
    ],
  },
  'two.json',
);

const ANSWERS = [
  'B0 63 00 62 17 06 6B',
  'B0 63 01 62 17 06 61',
  'E0 00 3A',
  'E0 01 16',
  `${HEADER} 00 02 00 4B 69 63 6B F7`,
  `${HEADER} 00 02 01 53 6E 61 72 65 F7`,
];

const stops: AbortController[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop.abort();
  vi.useRealTimers();
});

async function started(ports: FakeMidiPorts, syncTimeoutMs = 10_000, requestPacing = { batch: 32, intervalMs: 20 }): Promise<Console> {
  const desk = await createMidiConsole({ map: MAP, transport: { kind: 'ports', ports }, syncTimeoutMs, echoTimeoutMs: 200, requestPacing });
  const stop = new AbortController();
  stops.push(stop);
  await desk.start(stop.signal);
  return desk;
}

describe('MIDI adapter with get requests and channel names', () => {
  test('asks for every value and name at connect and is ready only when the last answer is in', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started(ports);
    expect(ports.sentBytes()).toBe(
      [
        `${HEADER} 00 05 0B 17 00 F7`,
        `${HEADER} 00 05 0B 17 01 F7`,
        `${HEADER} 00 05 0B 19 00 F7`,
        `${HEADER} 00 05 0B 19 01 F7`,
        `${HEADER} 00 01 00 F7`,
        `${HEADER} 00 01 01 F7`,
      ].join(' '),
    );
    for (const answer of ANSWERS.slice(0, -1)) ports.deliverBytes(answer);
    expect(desk.state()).toBe('syncing');
    ports.deliverBytes(ANSWERS[ANSWERS.length - 1]!);
    expect(desk.state()).toBe('ready');
    const [one, two] = desk.snapshot().channels;
    expect(one).toMatchObject({ name: 'Kick', faderDb: 0 });
    expect(one?.preampGainDb).toBeCloseTo(30.118, 3);
    expect(two).toMatchObject({ name: 'Snare' });
    expect(two?.faderDb).toBeCloseTo(-5.047, 3);
    expect(two?.preampGainDb).toBeCloseTo(14.528, 3);
    expect(desk.counters().unexpected).toBe(0);
  });

  test('connect-time requests are paced in batches, and stopping drops the rest', async () => {
    vi.useFakeTimers();
    const ports = new FakeMidiPorts();
    await started(ports, 10_000, { batch: 4, intervalMs: 10 });
    expect(ports.sentBytes()).toBe(
      [`${HEADER} 00 05 0B 17 00 F7`, `${HEADER} 00 05 0B 17 01 F7`, `${HEADER} 00 05 0B 19 00 F7`, `${HEADER} 00 05 0B 19 01 F7`].join(' '),
    );
    ports.clearSent();
    vi.advanceTimersByTime(10);
    expect(ports.sentBytes()).toBe(`${HEADER} 00 01 00 F7 ${HEADER} 00 01 01 F7`);

    const again = new FakeMidiPorts();
    await started(again, 10_000, { batch: 1, intervalMs: 10 });
    for (const stop of stops.splice(0)) stop.abort();
    again.clearSent();
    vi.advanceTimersByTime(100);
    expect(again.sentBytes()).toBe('');
  });

  test('a desk that leaves a question unanswered is ready after the sync timeout, the timeout counted', async () => {
    vi.useFakeTimers();
    const ports = new FakeMidiPorts();
    const desk = await started(ports, 1000);
    for (const answer of ANSWERS.slice(1)) ports.deliverBytes(answer);
    expect(desk.state()).toBe('syncing');
    vi.advanceTimersByTime(1000);
    expect(desk.state()).toBe('ready');
    expect(desk.counters().timeouts).toBe(1);
    expect(desk.snapshot().channels[0]?.faderDb).toBe(-Infinity);
  });

  test('a write is followed by its get and confirmed with the value the desk answers', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started(ports);
    for (const answer of ANSWERS) ports.deliverBytes(answer);
    ports.clearSent();
    const applied = desk.apply({ param: 'ch.2.preampGainDb', value: 34 });
    expect(ports.sentBytes()).toBe(`E0 01 43 ${HEADER} 00 05 0B 19 01 F7`);
    // The desk holds its nearest step, not the one asked for: that is what counts.
    ports.deliverBytes('E0 01 44');
    expect(await applied).toBeCloseTo(5 + (0x44 * 55) / 127, 6);
  });

  test('a write the desk never answers is rejected with read-back-timeout', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started(ports);
    for (const answer of ANSWERS) ports.deliverBytes(answer);
    const error = await desk.apply({ param: 'ch.1.faderDb', value: -5 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).code).toBe('read-back-timeout');
  });
});
