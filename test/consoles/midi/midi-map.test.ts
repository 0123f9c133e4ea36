import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MapError } from '../../../server/consoles/mapped/map-file';
import { mapErrorOf } from './map-error-of';
import { bindingForMessage, bindingForNrpn, compileMidiMap, loadMidiMap, messagesFor } from '../../../server/consoles/midi/midi-map';
import { encodeMidiMessage, formatBytes } from '../../../server/consoles/midi/midi-message';

/** A small valid map; tests break one field at a time. */
function baseMap(): Record<string, unknown> {
  return {
    name: 'test',
    model: 'Test desk',
    description: 'for tests',
    notes: [],
    channels: 4,
    confirm: 'sent',
    tcp: null,
    stateRequest: null,
    meters: null,
    params: [
      {
        param: 'ch.{n}.faderDb',
        each: { from: 1, to: 4 },
        message: { type: 'cc', midiChannel: 1, controller: { first: 0, step: 1 } },
        law: { kind: 'gm-volume' },
        writable: true,
      },
    ],
  };
}

function withParam(change: Record<string, unknown>): Record<string, unknown> {
  const map = baseMap();
  const [param] = map.params as Array<Record<string, unknown>>;
  return { ...map, params: [{ ...param, ...change }] };
}

function compileError(raw: unknown): MapError {
  return mapErrorOf(() => compileMidiMap(raw, 'test-map.json'));
}

describe('shipped MIDI maps', () => {
  test.each(['qu', 'sq', 'dlive', 'avantis', 'mackie', 'cc'])('%s loads', async (name) => {
    const map = await loadMidiMap(name);
    expect(map.name).toBe(name);
    expect(map.bindings.length).toBeGreaterThan(0);
  });

  test('qu binds 11 parameters on each of 32 inputs, 7 mixes and the LR master', async () => {
    const map = await loadMidiMap('qu');
    expect(map.bindings.length).toBe(11 * 32 + 7 + 1);
    expect(map.bindings.filter((b) => b.writable).map((b) => b.param)).toContain('ch.32.preampGainDb');
    expect(map.byParam.get('ch.1.trimDb')?.writable).toBe(false);
  });

  test('qu: input 3 preamp gain to +30 dB is the documented NRPN', async () => {
    const map = await loadMidiMap('qu');
    const binding = map.byParam.get('ch.3.preampGainDb')!;
    const bytes = messagesFor(binding, binding.law.encode(30)).flatMap(encodeMidiMessage);
    expect(formatBytes(bytes)).toBe('B0 63 22 B0 62 19 B0 06 44 B0 26 07');
  });

  test('qu: a mute is note-on 7Fh then velocity 0; unmute is 3Fh', async () => {
    const map = await loadMidiMap('qu');
    const mute = map.byParam.get('ch.1.on')!;
    expect(formatBytes(messagesFor(mute, mute.law.encode(0)).flatMap(encodeMidiMessage))).toBe('90 20 7F 90 20 00');
    expect(formatBytes(messagesFor(mute, mute.law.encode(1)).flatMap(encodeMidiMessage))).toBe('90 20 3F 90 20 00');
  });

  test('qu: the LR fader is CH 67h, and an NRPN with another VX index is not it', async () => {
    const map = await loadMidiMap('qu');
    const parameter = (0x67 << 7) | 0x17;
    expect(bindingForNrpn(map, { channel: 0, parameter, dataMsb: 0x62, dataLsb: 7 })?.binding.param).toBe('main.faderDb');
    expect(bindingForNrpn(map, { channel: 0, parameter, dataMsb: 0x62, dataLsb: 3 })).toBeNull();
    expect(bindingForNrpn(map, { channel: 0, parameter, dataMsb: 0x62, dataLsb: null })).toBeNull();
  });

  test('mackie: fader 2 is pitch bend on MIDI channel 2, the master on channel 9', async () => {
    const map = await loadMidiMap('mackie');
    expect(bindingForMessage(map, { type: 'pitch-bend', channel: 1, value: 100 })?.binding.param).toBe('ch.2.faderDb');
    expect(bindingForMessage(map, { type: 'pitch-bend', channel: 8, value: 100 })?.binding.param).toBe('main.faderDb');
  });

  // Ardour 8, libs/surfaces/mackie/meter.cc: deflection (percent) from dB, then lrintf(deflection / 115 * 13).
  function ardourSegment(db: number): number {
    let deflection: number;
    if (db < -70) deflection = 0;
    else if (db < -60) deflection = (db + 70) * 0.25;
    else if (db < -50) deflection = (db + 60) * 0.5 + 2.5;
    else if (db < -40) deflection = (db + 50) * 0.75 + 7.5;
    else if (db < -30) deflection = (db + 40) * 1.5 + 15;
    else if (db < -20) deflection = (db + 30) * 2 + 30;
    else if (db < 6) deflection = (db + 20) * 2.5 + 50;
    else deflection = 115;
    return Math.round((deflection / 115) * 13);
  }

  test("mackie: each meter level's dBFS is one that Ardour sends as that level", async () => {
    const map = await loadMidiMap('mackie');
    const levels = map.meters!.levelsDbfs;
    expect(levels[0]).toBe(-Infinity);
    for (let level = 1; level < levels.length; level++) expect(ardourSegment(levels[level]!)).toBe(level);
  });

  test('cc: channel 5 fader is CC 7 on MIDI channel 5', async () => {
    const map = await loadMidiMap('cc');
    const binding = map.byParam.get('ch.5.faderDb')!;
    expect(formatBytes(messagesFor(binding, binding.law.encode(0)).flatMap(encodeMidiMessage))).toBe('B4 07 7F');
  });
});

describe('MIDI map validation names the file and the field', () => {
  test.each<[string, unknown, string]>([
    ['not an object', 42, 'test-map.json: (top level):'],
    ['a missing field', { ...baseMap(), confirm: undefined }, 'test-map.json: confirm:'],
    ['an unknown field (a typo)', { ...baseMap(), chanels: 4 }, 'test-map.json: (top level):'],
    ['a MIDI channel out of range', withParam({ message: { type: 'cc', midiChannel: 17, controller: 7 } }), 'params[0].message.midiChannel'],
    ['an unknown law', withParam({ law: { kind: 'cubic' } }), 'params[0].law.kind'],
    ['a parameter id that is not one', withParam({ param: 'ch.{n}.fadr' }), 'params[0].param: "ch.1.fadr" is not a parameter id'],
    ['{n} without each', withParam({ each: undefined }), 'params[0].param: "ch.{n}.faderDb" has {n} but no "each"'],
    ['an indexed controller that runs past 127', withParam({ message: { type: 'cc', midiChannel: 1, controller: { first: 126, step: 1 } } }), 'params[0].message: ch.3.faderDb: controller 128'],
    ['an NRPN controller bound as a plain CC', withParam({ message: { type: 'cc', midiChannel: 1, controller: { first: 6, step: 0 } } }), 'carries NRPN/RPN data'],
    ['two parameters on one message', withParam({ message: { type: 'cc', midiChannel: 1, controller: 7 } }), 'params[0].message: ch.2.faderDb and ch.1.faderDb are carried by the same message'],
    ['a dB law on a switch', withParam({ param: 'ch.{n}.phantom' }), 'params[0].law: ch.1.phantom needs a switch law'],
    ['a table that does not cover the message', withParam({ law: { kind: 'table', points: [[0, null], [100, 0]] } }), 'params[0].law: points must run from raw 0 to raw 127'],
    ['a SysEx request without F7', { ...baseMap(), stateRequest: { send: 'F0 00 01', resendOn: [] } }, 'stateRequest.send: must be a complete SysEx'],
    ['a byte pattern with a typo', { ...baseMap(), stateRequest: { send: 'F0 0 F7', resendOn: [] } }, 'stateRequest.send: must be hex bytes'],
    [
      'falling meter levels',
      { ...baseMap(), meters: { kind: 'mackie-pressure', midiChannel: 1, strips: 8, firstChannel: 1, point: 'channelPostFader', levelsDbfs: [null, -10, -20] } },
      'meters.levelsDbfs[2]: levels must rise',
    ],
  ])('%s', (_, raw, message) => {
    const error = compileError(raw);
    expect(error.code).toBe('invalid-map');
    expect(error.message).toContain('test-map.json');
    expect(error.message).toContain(message);
  });

  test('a map file with a JSON syntax error is unreadable, by file name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'headroom-map-'));
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "name": "broken", }');
    const error = await loadMidiMap(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MapError);
    expect((error as MapError).code).toBe('map-unreadable');
    expect((error as MapError).message).toContain(file);
  });

  test('an unknown shipped name lists the shipped maps', async () => {
    const error = await loadMidiMap('yamaha').catch((e: unknown) => e);
    expect((error as MapError).code).toBe('map-not-found');
    expect((error as MapError).message).toContain('avantis, cc, dlive, mackie, qu, sq');
  });
});
