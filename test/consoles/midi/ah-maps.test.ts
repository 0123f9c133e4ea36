/**
 * Byte fixtures for the Allen & Heath SQ, dLive and Avantis maps: each message shape a map uses, written
 * and read, against the examples and tables of the protocol documents (section named beside each).
 */
import { describe, expect, test } from 'vitest';
import { bindingForMessage, bindingForNrpn, compileMidiMap, loadMidiMap, messagesFor, type MidiBinding, type MidiMap } from '../../../server/consoles/midi/midi-map';
import { channelNameOf } from '../../../server/consoles/midi/channel-names';
import { encodeMidiMessage, formatBytes, type MidiMessage } from '../../../server/consoles/midi/midi-message';
import { mapErrorOf } from './map-error-of';

function hex(messages: readonly MidiMessage[]): string {
  return formatBytes(messages.flatMap(encodeMidiMessage));
}

function bytes(text: string): number[] {
  return text.split(' ').map((token) => Number.parseInt(token, 16));
}

function binding(map: MidiMap, param: string): MidiBinding {
  const found = map.byParam.get(param);
  if (!found) throw new Error(`${param} is not bound`);
  return found;
}

function write(map: MidiMap, param: string, value: number): string {
  const b = binding(map, param);
  return hex(messagesFor(b, b.law.encode(value)));
}

describe('sq (SQ MIDI Protocol Issue 3)', () => {
  test('3.4 Levels: Ip1 to LR at 0 dB is B0 63 40 B0 62 00 B0 06 76 B0 26 5C (Linear Taper)', async () => {
    const map = await loadMidiMap('sq');
    expect(write(map, 'ch.1.faderDb', 0)).toBe('B0 63 40 B0 62 00 B0 06 76 B0 26 5C');
    expect(write(map, 'ch.40.faderDb', -40)).toBe('B0 63 40 B0 62 27 B0 06 51 B0 26 4F');
    expect(write(map, 'ch.1.faderDb', -Infinity)).toBe('B0 63 40 B0 62 00 B0 06 00 B0 26 00');
  });

  test('reference table read back: 6D 39 is -10 dB, 7F 7F +10 dB; the LR master is 4F 00', async () => {
    const map = await loadMidiMap('sq');
    const read = bindingForNrpn(map, { channel: 0, parameter: 0x40 * 128 + 5, dataMsb: 0x6d, dataLsb: 0x39 });
    expect(read?.binding.param).toBe('ch.6.faderDb');
    expect(read?.binding.law.decode(read.raw)).toBe(-10);
    const main = bindingForNrpn(map, { channel: 0, parameter: 0x4f * 128, dataMsb: 0x7f, dataLsb: 0x7f });
    expect(main?.binding.param).toBe('main.faderDb');
    expect(main?.binding.law.decode(main.raw)).toBe(10);
  });

  test('3.3 Mutes: Ip1 mute on is B0 63 00 B0 62 00 B0 06 00 B0 26 01, off ... 26 00', async () => {
    const map = await loadMidiMap('sq');
    expect(write(map, 'ch.1.on', 0)).toBe('B0 63 00 B0 62 00 B0 06 00 B0 26 01');
    expect(write(map, 'ch.1.on', 1)).toBe('B0 63 00 B0 62 00 B0 06 00 B0 26 00');
  });

  test('3.7 Getting values: Ip1 to LR level is asked with B0 63 40 B0 62 00 B0 60 7F', async () => {
    const map = await loadMidiMap('sq');
    expect(hex(binding(map, 'ch.1.faderDb').get ?? [])).toBe('B0 63 40 B0 62 00 B0 60 7F');
    expect(hex(binding(map, 'bus.12.faderDb').get ?? [])).toBe('B0 63 4F B0 62 0C B0 60 7F');
  });

  test('binds no preamp gain, phantom or names: the document has none', async () => {
    const map = await loadMidiMap('sq');
    expect(map.byParam.has('ch.1.preampGainDb')).toBe(false);
    expect(map.byParam.has('ch.1.phantom')).toBe(false);
    expect(map.names).toBeNull();
  });
});

describe('dlive (dLive MIDI Over TCP/IP Protocol V2.0)', () => {
  test('Set Socket Preamp Gain: pitch bend EN MP GV; +60 dB on socket 1 is E0 00 7F, +30 dB on socket 64 E0 3F 3A', async () => {
    const map = await loadMidiMap('dlive');
    expect(write(map, 'ch.1.preampGainDb', 60)).toBe('E0 00 7F');
    expect(write(map, 'ch.64.preampGainDb', 30)).toBe('E0 3F 3A');
    const read = bindingForMessage(map, { type: 'pitch-bend', channel: 0, value: (0x7f << 7) | 0x02 });
    expect(read?.binding.param).toBe('ch.3.preampGainDb');
    expect(read?.binding.law.decode(read.raw)).toBe(60);
    expect(hex(binding(map, 'ch.3.preampGainDb').get ?? [])).toBe('F0 00 00 1A 50 10 01 00 00 05 0B 19 02 F7');
  });

  test('Fader Level: NRPN B0 63 CH 62 17 06 LV without a data LSB; 6Bh is 0 dB; get header 00 05 0B 17 CH F7', async () => {
    const map = await loadMidiMap('dlive');
    expect(write(map, 'ch.2.faderDb', 0)).toBe('B0 63 01 B0 62 17 B0 06 6B');
    expect(write(map, 'main.faderDb', 10)).toBe('B4 63 30 B4 62 17 B4 06 7F');
    const read = bindingForNrpn(map, { channel: 4, parameter: (0x30 << 7) | 0x17, dataMsb: 0x57, dataLsb: null });
    expect(read?.binding.param).toBe('main.faderDb');
    expect(read?.binding.law.decode(read.raw)).toBeCloseTo(-10, 0);
    expect(hex(binding(map, 'ch.2.faderDb').get ?? [])).toBe('F0 00 00 1A 50 10 01 00 00 05 0B 17 01 F7');
  });

  test('Mute ON / OFF: 90 CH 7F|3F then velocity 0; received 40h reads muted, 3Fh unmuted', async () => {
    const map = await loadMidiMap('dlive');
    expect(write(map, 'ch.1.on', 0)).toBe('90 00 7F 90 00 00');
    expect(write(map, 'ch.1.on', 1)).toBe('90 00 3F 90 00 00');
    const mute = binding(map, 'ch.1.on');
    expect(mute.law.decode(0x40)).toBe(0);
    expect(mute.law.decode(0x3f)).toBe(1);
    expect(mute.law.decode(0x01)).toBe(1);
  });

  test('Set Socket Preamp 48V: header 00 0C MP 7F F7; the reply to Get (0A) is header 00 0B MP 7F F7', async () => {
    const map = await loadMidiMap('dlive');
    expect(write(map, 'ch.5.phantom', 1)).toBe('F0 00 00 1A 50 10 01 00 00 0C 04 7F F7');
    expect(hex(binding(map, 'ch.5.phantom').get ?? [])).toBe('F0 00 00 1A 50 10 01 00 00 0A 04 F7');
    const on = bindingForMessage(map, { type: 'sysex', bytes: bytes('F0 00 00 1A 50 10 01 00 00 0B 04 7F F7') });
    expect(on?.binding.param).toBe('ch.5.phantom');
    expect(on?.binding.law.decode(on.raw)).toBe(1);
    // The set shape is not a reply: the desk answers in 0B.
    expect(bindingForMessage(map, { type: 'sysex', bytes: bytes('F0 00 00 1A 50 10 01 00 00 0C 04 7F F7') })).toBeNull();
  });

  test('Get Channel Name: header 00 01 CH F7, answered by header 00 02 CH name F7', async () => {
    const map = await loadMidiMap('dlive');
    expect(hex(map.names?.requests.slice(0, 1) ?? [])).toBe('F0 00 00 1A 50 10 01 00 00 01 00 F7');
    const reply = bytes('F0 00 00 1A 50 10 01 00 00 02 7F 4B 69 63 6B F7');
    expect(channelNameOf(map.names!, reply)).toEqual({ channel: 128, name: 'Kick' });
    expect(channelNameOf(map.names!, bytes('F0 00 00 1A 50 10 01 00 00 03 00 4B F7'))).toBeNull();
  });
});

describe('avantis (Avantis MIDI TCP/IP Protocol V1.0)', () => {
  test('base channel 12: input 1 fader to 0 dB is BB 63 00 BB 62 17 BB 06 6B; main 1 on N+4 is BF 63 30', async () => {
    const map = await loadMidiMap('avantis');
    expect(write(map, 'ch.1.faderDb', 0)).toBe('BB 63 00 BB 62 17 BB 06 6B');
    expect(write(map, 'main.faderDb', 0)).toBe('BF 63 30 BF 62 17 BF 06 6B');
    expect(write(map, 'ch.3.on', 0)).toBe('9B 02 7F 9B 02 00');
  });

  test('no get for levels (writes count as sent), names asked as header 0B 01 CH F7', async () => {
    const map = await loadMidiMap('avantis');
    expect(map.confirm).toBe('sent');
    expect(map.bindings.every((b) => b.get === null)).toBe(true);
    expect(hex(map.names?.requests.slice(1, 2) ?? [])).toBe('F0 00 00 1A 50 10 01 00 0B 01 01 F7');
    expect(map.byParam.has('ch.1.preampGainDb')).toBe(false);
    // Which mixes exist is the show's configuration, which the protocol cannot read.
    expect(map.bindings.some((b) => b.ref.scope === 'bus')).toBe(false);
  });
});

describe('new message shapes are validated', () => {
  const base = {
    name: 't',
    model: 'T',
    description: '',
    notes: [],
    channels: 2,
    confirm: 'echo',
    tcp: null,
    stateRequest: null,
    meters: null,
  };
  const fader = { param: 'ch.{n}.faderDb', each: { from: 1, to: 2 }, law: { kind: 'linear', minDb: -10, maxDb: 10 }, writable: true };

  test.each([
    ['a SysEx parameter without a value slot', { ...fader, message: { type: 'sysex', midiChannel: 1, index: 0, send: 'F0 01 ii F7' } }, 'needs a vv slot'],
    ['a get with a value slot', { ...fader, message: { type: 'cc', midiChannel: 1, controller: 7 }, get: { type: 'sysex', midiChannel: 1, index: 0, template: 'F0 01 vv F7' } }, 'no value slot'],
    ['nrpn-get on a CC', { ...fader, message: { type: 'cc', midiChannel: 1, controller: 7 }, get: { type: 'nrpn-get' } }, '"nrpn-get" asks for an NRPN'],
    ['a template without F7', { ...fader, message: { type: 'sysex', midiChannel: 1, index: 0, send: 'F0 01 vv' } }, 'then F7'],
    ['an NRPN LSB carrying past 16383', { ...fader, message: { type: 'nrpn', midiChannel: 1, parameterMsb: 127, parameterLsb: { first: 127, step: 1 }, value: 'msb' } }, 'outside 0..16383'],
    ['a switch threshold outside on..off', { ...fader, param: 'ch.{n}.on', message: { type: 'note', midiChannel: 1, note: 0, release: true }, law: { kind: 'switch', on: 63, off: 127, threshold: 10 } }, 'threshold must lie'],
  ])('%s', (_, param, message) => {
    expect(mapErrorOf(() => compileMidiMap({ ...base, params: [param] }, 't.json')).message).toContain(message);
  });

  test('a names index that leaves 0..127 is named', () => {
    const names = { midiChannel: 1, index: { first: 127, step: 1 }, request: 'F0 01 ii F7', replyPrefix: 'F0 02 ii' };
    const error = mapErrorOf(() => compileMidiMap({ ...base, names, params: [{ ...fader, message: { type: 'cc', midiChannel: 1, controller: { first: 7, step: 1 } } }] }, 't.json'));
    expect(error.message).toContain("names.index: channel 2's index 128 is outside 0..127");
  });

  test('an NRPN LSB steps across into the next MSB (SQ Ip6 to Aux1 is 41 00)', () => {
    const map = compileMidiMap(
      {
        ...base,
        params: [{ ...fader, message: { type: 'nrpn', midiChannel: 1, parameterMsb: 0x40, parameterLsb: { first: 0x74, step: 12 }, value: 'msb-lsb' } }],
      },
      't.json',
    );
    const b = binding(map, 'ch.2.faderDb');
    expect(b.message).toMatchObject({ parameter: 0x41 * 128 + 0x00 });
  });
});
