import { describe, expect, test } from 'vitest';
import { encodeMidiMessage, formatBytes, nrpnMessages, type MidiMessage } from '../../../server/consoles/midi/midi-message';

describe('MIDI message encoding', () => {
  test.each<[string, MidiMessage, string]>([
    ['note-on', { type: 'note-on', channel: 0, note: 0x20, velocity: 0x7f }, '90 20 7F'],
    ['note-off', { type: 'note-off', channel: 3, note: 60, velocity: 0 }, '83 3C 00'],
    ['control change', { type: 'cc', channel: 0, controller: 7, value: 100 }, 'B0 07 64'],
    ['pitch bend centre', { type: 'pitch-bend', channel: 0, value: 8192 }, 'E0 00 40'],
    ['pitch bend top, channel 9', { type: 'pitch-bend', channel: 8, value: 16383 }, 'E8 7F 7F'],
    ['pitch bend bottom', { type: 'pitch-bend', channel: 1, value: 0 }, 'E1 00 00'],
    ['channel pressure', { type: 'channel-pressure', channel: 0, pressure: 0x35 }, 'D0 35'],
    ['program change', { type: 'program', channel: 0, program: 4 }, 'C0 04'],
    ['sysex', { type: 'sysex', bytes: [0xf0, 0x00, 0x00, 0x1a, 0xf7] }, 'F0 00 00 1A F7'],
    ['active sense', { type: 'system', status: 0xfe, data: [] }, 'FE'],
  ])('%s', (_, message, bytes) => {
    expect(formatBytes(encodeMidiMessage(message))).toBe(bytes);
  });

  test('values are masked to 7 bits so a bad value cannot forge a status byte', () => {
    expect(encodeMidiMessage({ type: 'cc', channel: 0, controller: 7, value: 0x80 + 5 })).toEqual([0xb0, 7, 5]);
  });

  test('pitch bend clamps to 14 bits', () => {
    expect(formatBytes(encodeMidiMessage({ type: 'pitch-bend', channel: 0, value: 20000 }))).toBe('E0 7F 7F');
    expect(formatBytes(encodeMidiMessage({ type: 'pitch-bend', channel: 0, value: -3 }))).toBe('E0 00 00');
  });
});

describe('NRPN', () => {
  test('an Allen & Heath Qu fader message: input 1 to 0 dB (VA 62h) with index VX 07h', () => {
    const bytes = nrpnMessages(0, (0x20 << 7) | 0x17, 0x62, 0x07).flatMap(encodeMidiMessage);
    expect(formatBytes(bytes)).toBe('B0 63 20 B0 62 17 B0 06 62 B0 26 07');
  });

  test('a 14-bit value splits into data MSB and LSB', () => {
    const value = 0x2a5b;
    const bytes = nrpnMessages(2, 0x0105, value >> 7, value & 0x7f).flatMap(encodeMidiMessage);
    expect(formatBytes(bytes)).toBe('B2 63 02 B2 62 05 B2 06 54 B2 26 5B');
  });

  test('a 7-bit NRPN without a data LSB is three control changes', () => {
    expect(formatBytes(nrpnMessages(0, 0x18, 0x7f, null).flatMap(encodeMidiMessage))).toBe('B0 63 00 B0 62 18 B0 06 7F');
  });
});
