import { afterEach, describe, expect, test, vi } from 'vitest';
import { ConsoleError, type Console, type DeskChange } from '../../../server/consoles/console';
import { compileMidiMap } from '../../../server/consoles/midi/midi-map';
import { createMidiConsole, type MidiConsoleOptions } from '../../../server/consoles/midi/midi-console';
import type { MeterFrame } from '../../../server/model/meter-frame';
import { FakeMidiPorts } from './fake-midi-ports';

const QU_STATE_REQUEST = 'F0 00 00 1A 50 11 01 00 7F 10 00 F7';
const QU16_IDENTITY = 'F0 00 00 1A 50 11 01 00 00 11 01 01 09 F7';
const QU_END_OF_SYNC = 'F0 00 00 1A 50 11 01 00 00 14 F7';
const MACKIE_HELLO = 'F0 00 00 66 14 01 00 00 00 00 00 00 00 00 00 00 00 F7';

const stops: AbortController[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop.abort();
});

async function started(options: Omit<MidiConsoleOptions, 'transport'>, ports: FakeMidiPorts): Promise<Console> {
  const desk = await createMidiConsole({ ...options, transport: { kind: 'ports', ports } });
  const stop = new AbortController();
  stops.push(stop);
  await desk.start(stop.signal);
  return desk;
}

/** A Qu-16 that has answered the state request: input 1 at 0 dB with +30 dB gain and 48V, input 2 muted. */
async function syncedQu(ports: FakeMidiPorts): Promise<Console> {
  const desk = await started({ map: 'qu' }, ports);
  ports.deliverBytes(QU16_IDENTITY);
  ports.deliverBytes('B0 63 20 62 17 06 62 26 07 63 20 62 19 06 44 26 07 63 20 62 69 06 01 26 07 90 21 7F 21 00');
  ports.deliverBytes(QU_END_OF_SYNC);
  ports.clearSent();
  return desk;
}

function rejection(promise: Promise<unknown>): Promise<ConsoleError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => {
      if (!(error instanceof ConsoleError)) throw error;
      return error;
    },
  );
}

describe('MIDI adapter with the Allen & Heath Qu map (injected ports)', () => {
  test('start sends the state request; the reply names the model and the dump fills the snapshot', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started({ map: 'qu' }, ports);
    expect(ports.sentBytes()).toBe(QU_STATE_REQUEST);
    expect(desk.state()).toBe('syncing');
    const changes: DeskChange[] = [];
    desk.onDeskChange((change) => changes.push(change));

    ports.deliverBytes(QU16_IDENTITY);
    ports.deliverBytes('B0 63 20 62 17 06 62 26 07 63 20 62 19 06 44 26 07 63 20 62 69 06 01 26 07 90 21 7F 21 00');
    ports.deliverBytes(QU_END_OF_SYNC);

    expect(desk.state()).toBe('ready');
    const snapshot = desk.snapshot();
    expect(snapshot.identity).toMatchObject({ kind: 'midi', model: 'Qu-16', firmware: '1.9' });
    expect(snapshot.channels).toHaveLength(16);
    expect(snapshot.channels[0]).toMatchObject({ faderDb: 0, preampGainDb: 30, phantom: true, on: true, trimDb: null });
    expect(snapshot.channels[0]!.preampGainRange).toMatchObject({ minDb: -5, maxDb: 60 });
    // The trim's law is unverified: shown when read, but never offered to the engine as a control.
    expect(snapshot.channels[0]!.trimRange).toBeNull();
    expect(snapshot.channels[1]!.on).toBe(false);
    expect(snapshot.channels[2]!.preampGainDb).toBeNull();
    expect(Object.values(snapshot.meters).every((provided) => provided === false)).toBe(true);
    expect(snapshot.identity.notes?.join(' ')).toMatch(/no meters/);
    expect(snapshot.identity.notes?.join(' ')).toMatch(/not read back/);
    expect(changes).toEqual([]);
  });

  test('an applied preamp gain arrives as the documented NRPN and is confirmed with the value sent', async () => {
    const ports = new FakeMidiPorts();
    const desk = await syncedQu(ports);
    const confirmed = await desk.apply({ param: 'ch.3.preampGainDb', value: 31 });
    expect(ports.sentBytes()).toBe('B0 63 22 B0 62 19 B0 06 46 B0 26 07');
    expect(confirmed).toBeCloseTo(30 + (2 * 10) / 19, 6);
    expect(desk.snapshot().channels[2]!.preampGainDb).toBe(confirmed);
  });

  test('every write is logged with what was asked and what went out', async () => {
    const ports = new FakeMidiPorts();
    const infos: Array<{ obj: object; msg: string }> = [];
    const logger = { debug: () => undefined, warn: () => undefined, info: (obj: object, msg: string) => infos.push({ obj, msg }) };
    const desk = await started({ map: 'qu', logger }, ports);
    ports.deliverBytes(QU_END_OF_SYNC);
    await desk.apply({ param: 'ch.2.faderDb', value: -10 });
    expect(infos).toContainEqual({ obj: expect.objectContaining({ param: 'ch.2.faderDb', requested: -10, wire: 0x3f, confirm: 'sent' }), msg: 'console write sent' });
  });

  test('48V on input 4 is the documented NRPN with VA 1', async () => {
    const ports = new FakeMidiPorts();
    const desk = await syncedQu(ports);
    expect(await desk.apply({ param: 'ch.4.phantom', value: 1 })).toBe(1);
    expect(ports.sentBytes()).toBe('B0 63 23 B0 62 69 B0 06 01 B0 26 07');
  });

  test('a value the desk already holds is not sent again', async () => {
    const ports = new FakeMidiPorts();
    const desk = await syncedQu(ports);
    expect(await desk.apply({ param: 'ch.1.preampGainDb', value: 30 })).toBe(30);
    expect(ports.sent).toEqual([]);
  });

  test('a fader moved at the desk updates the snapshot and is reported as a desk change', async () => {
    const ports = new FakeMidiPorts();
    const desk = await syncedQu(ports);
    const changes: DeskChange[] = [];
    desk.onDeskChange((change) => changes.push(change));
    ports.deliverBytes('B0 63 20 B0 62 17 B0 06 4F B0 26 07');
    expect(changes).toEqual([{ param: 'ch.1.faderDb', value: -5, atMs: expect.any(Number) }]);
    expect(desk.snapshot().channels[0]!.faderDb).toBe(-5);
  });

  test('read-only, unknown and out-of-model parameters are refused without sending', async () => {
    const ports = new FakeMidiPorts();
    const desk = await syncedQu(ports);
    expect((await rejection(desk.apply({ param: 'ch.1.trimDb', value: 0 }))).code).toBe('not-writable');
    expect((await rejection(desk.apply({ param: 'ch.1.gateThresholdDb', value: -40 }))).code).toBe('unknown-param');
    // A Qu-16 has 16 inputs even though the map covers 32.
    expect((await rejection(desk.apply({ param: 'ch.17.faderDb', value: 0 }))).code).toBe('unknown-param');
    expect(desk.paramSpec('ch.1.trimDb')).toBeUndefined();
    expect(desk.paramSpec('ch.17.faderDb')).toBeUndefined();
    expect(ports.sent).toEqual([]);
  });

  test('the parameter spec labels the control and snaps to the desk grid', async () => {
    const desk = await syncedQu(new FakeMidiPorts());
    const spec = desk.paramSpec('ch.1.preampGainDb')!;
    expect(spec).toMatchObject({ label: 'Ch 1 preamp gain', unit: 'dB', min: -5, max: 60 });
    expect(spec.quantise(31)).toBeCloseTo(31.052632, 6);
    expect(desk.paramSpec('ch.2.on')).toMatchObject({ unit: 'switch', label: 'Ch 2 on' });
  });

  test('writes wait for ready', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started({ map: 'qu' }, ports);
    expect((await rejection(desk.apply({ param: 'ch.1.faderDb', value: 0 }))).code).toBe('not-ready');
  });

  test('malformed input is counted and dropped; unmapped NRPNs are counted as unexpected; Active Sense is not', async () => {
    const ports = new FakeMidiPorts();
    const desk = await syncedQu(ports);
    const before = desk.counters();
    ports.deliverRaw({ _type: 'cc', channel: 0, controller: 300, value: 1 });
    ports.deliverRaw('not a message');
    ports.deliverRaw({ _type: 'sysex', bytes: [0xf0, 0x99, 0xf7] });
    ports.deliverBytes('B0 63 20 62 16 06 25 26 07');
    ports.deliverBytes('FE FE');
    const after = desk.counters();
    expect(after.malformed - before.malformed).toBe(3);
    expect(after.unexpected - before.unexpected).toBe(1);
    expect(desk.state()).toBe('ready');
  });

  test('stopping closes the ports and leaves the adapter idle', async () => {
    const ports = new FakeMidiPorts();
    const desk = await syncedQu(ports);
    stops.pop()!.abort();
    expect(ports.closed).toBe(true);
    expect(desk.state()).toBe('idle');
  });

  test('when the desk never finishes its state, the adapter becomes ready anyway and counts a timeout', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started({ map: 'qu', syncTimeoutMs: 20 }, ports);
    await vi.waitFor(() => expect(desk.state()).toBe('ready'), { timeout: 2000 });
    expect(desk.counters().timeouts).toBe(1);
  });
});

describe('MIDI adapter with the Mackie Control map (injected ports)', () => {
  test('start says hello as a surface and says it again when the host wakes up', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started({ map: 'mackie' }, ports);
    expect(ports.sentBytes()).toBe(MACKIE_HELLO);
    expect(desk.state()).toBe('ready');
    ports.clearSent();
    ports.deliverBytes('F0 00 00 66 14 00 F7');
    expect(ports.sentBytes()).toBe(MACKIE_HELLO);
  });

  test('an applied fader is pitch bend on its strip channel, confirmed by the host echo', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started({ map: 'mackie' }, ports);
    ports.clearSent();
    ports.onSend = (message) => {
      if (message.type === 'pitch-bend') queueMicrotask(() => ports.deliver(message));
    };
    const changes: DeskChange[] = [];
    desk.onDeskChange((change) => changes.push(change));
    const confirmed = await desk.apply({ param: 'ch.2.faderDb', value: 0 });
    const raw = Math.round(Math.pow(192 / 198, 8) * 16383);
    const hex = (byte: number): string => byte.toString(16).toUpperCase().padStart(2, '0');
    expect(ports.sentBytes()).toBe(`E1 ${hex(raw & 0x7f)} ${hex(raw >> 7)}`);
    expect(Math.abs(confirmed)).toBeLessThan(0.01);
    expect(desk.snapshot().channels[1]!.faderDb).toBe(confirmed);
    // The echo of our own write is a confirmation, not a change made at the desk.
    expect(changes).toEqual([]);
  });

  test('a host that does not echo lets the write time out', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started({ map: 'mackie', echoTimeoutMs: 20 }, ports);
    expect((await rejection(desk.apply({ param: 'main.faderDb', value: -10 }))).code).toBe('read-back-timeout');
    expect(desk.counters().timeouts).toBe(1);
  });

  test('a fader moved in the DAW arrives as pitch bend and moves the snapshot', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started({ map: 'mackie' }, ports);
    ports.deliverBytes('E8 7F 7F');
    expect(desk.snapshot().main.faderDb).toBeCloseTo(6.0206, 3);
  });

  test('channel-pressure meters become post-fader frames; clip codes are not levels', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started({ map: 'mackie', meterFrameMs: 10 }, ports);
    const frame = new Promise<MeterFrame>((resolve) => desk.onMeters(resolve));
    ports.deliverBytes('D0 35 0E 1C');
    const { channelPostFaderDbfs, channelInputDbfs, mainDbfs } = await frame;
    expect(channelPostFaderDbfs).toHaveLength(8);
    expect(channelPostFaderDbfs[3]).toBe(-22.9);
    expect(channelPostFaderDbfs[1]).toBe(2.5);
    expect(channelPostFaderDbfs[0]).toBe(-Infinity);
    expect(channelInputDbfs).toEqual([]);
    expect(mainDbfs).toEqual([]);
    expect(desk.snapshot().meters).toMatchObject({ channelPostFader: true, channelInput: false, main: false });
  });
});

describe('MIDI adapter with a map of its own', () => {
  const map = compileMidiMap(
    {
      name: 'trim-desk',
      model: 'Trim desk',
      description: 'a 14-bit NRPN trim on every channel',
      notes: [],
      channels: 4,
      confirm: 'sent',
      tcp: null,
      stateRequest: null,
      meters: null,
      params: [
        {
          param: 'ch.{n}.trimDb',
          each: { from: 1, to: 4 },
          message: { type: 'nrpn', midiChannel: 1, parameterMsb: 1, parameterLsb: { first: 0, step: 1 }, value: 'msb-lsb' },
          law: { kind: 'linear', minDb: -20, maxDb: 20 },
          writable: true,
        },
      ],
    },
    'trim-desk.json',
  );

  test('an applied trim arrives as a 14-bit NRPN: parameter, data MSB, data LSB', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started({ map }, ports);
    const confirmed = await desk.apply({ param: 'ch.2.trimDb', value: -6 });
    // -6 dB on -20..+20 over 0..16383 is raw 5734 = 2Ch:66h.
    expect(ports.sentBytes()).toBe('B0 63 01 B0 62 01 B0 06 2C B0 26 66');
    expect(confirmed).toBeCloseTo(-20 + (5734 * 40) / 16383, 6);
    expect(desk.snapshot().channels[1]!.trimRange).toMatchObject({ minDb: -20, maxDb: 20 });
  });

  test('an incoming 14-bit NRPN updates the trim', async () => {
    const ports = new FakeMidiPorts();
    const desk = await started({ map }, ports);
    ports.deliverBytes('B0 63 01 62 03 06 7F 26 7F');
    expect(desk.snapshot().channels[3]!.trimDb).toBe(20);
  });
});
