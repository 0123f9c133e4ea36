import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { encodeMidiMessage, type MidiMessage } from '../../../server/consoles/midi/midi-message';
import { MAX_SYSEX_BYTES, MidiStreamParser, type ParsedMidi } from '../../../server/consoles/midi/midi-stream-parser';

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.split(' ').map((token) => Number.parseInt(token, 16)));
}

function parse(text: string): ParsedMidi[] {
  return new MidiStreamParser().feed(hex(text));
}

const cc = (controller: number, value: number, channel = 0): ParsedMidi => ({
  kind: 'message',
  message: { type: 'cc', channel, controller, value },
});
const realtime = (status: number): ParsedMidi => ({ kind: 'message', message: { type: 'system', status, data: [] } });

describe('MIDI byte stream parser', () => {
  test('a full NRPN is four control changes', () => {
    expect(parse('B0 63 20 B0 62 17 B0 06 62 B0 26 07')).toEqual([cc(0x63, 0x20), cc(0x62, 0x17), cc(0x06, 0x62), cc(0x26, 0x07)]);
  });

  test('running status: the status byte is sent once (as Qu-Pad does)', () => {
    expect(parse('B0 63 20 62 17 06 62 26 07')).toEqual([cc(0x63, 0x20), cc(0x62, 0x17), cc(0x06, 0x62), cc(0x26, 0x07)]);
  });

  test('real-time bytes between the data bytes of a message come out first and change nothing', () => {
    expect(parse('B0 63 FE 20 62 F8 17')).toEqual([realtime(0xfe), cc(0x63, 0x20), realtime(0xf8), cc(0x62, 0x17)]);
  });

  test('a real-time byte inside a SysEx is delivered on its own', () => {
    expect(parse('F0 00 00 1A FE 50 F7')).toEqual([
      realtime(0xfe),
      { kind: 'message', message: { type: 'sysex', bytes: [0xf0, 0x00, 0x00, 0x1a, 0x50, 0xf7] } },
    ]);
  });

  test.each<[string, string, MidiMessage]>([
    ['pitch bend is LSB then MSB', 'E0 00 40', { type: 'pitch-bend', channel: 0, value: 8192 }],
    ['pitch bend on channel 9', 'E8 7F 7F', { type: 'pitch-bend', channel: 8, value: 16383 }],
    ['channel pressure has one data byte', 'D0 35', { type: 'channel-pressure', channel: 0, pressure: 0x35 }],
    ['program change has one data byte', 'C1 05', { type: 'program', channel: 1, program: 5 }],
    ['note-on', '90 20 7F', { type: 'note-on', channel: 0, note: 0x20, velocity: 0x7f }],
    ['song position (system common)', 'F2 01 02', { type: 'system', status: 0xf2, data: [1, 2] }],
  ])('%s', (_, bytes, message) => {
    expect(parse(bytes)).toEqual([{ kind: 'message', message }]);
  });

  test('running status carries over one-byte messages too', () => {
    expect(parse('D0 35 12')).toEqual([
      { kind: 'message', message: { type: 'channel-pressure', channel: 0, pressure: 0x35 } },
      { kind: 'message', message: { type: 'channel-pressure', channel: 0, pressure: 0x12 } },
    ]);
  });

  test.each([
    ['a data byte without any status', '05', /without a status/],
    ['an end of SysEx without a start', 'F7', /without a start/],
    ['an undefined system status', 'F4', /undefined system status F4/],
  ])('%s is malformed', (_, bytes, reason) => {
    const [event] = parse(bytes);
    expect(event?.kind).toBe('malformed');
    expect(event?.kind === 'malformed' && event.reason).toMatch(reason);
  });

  test('a message cut short by a new status is dropped and the new one is read', () => {
    const events = parse('B0 07 90 20 7F');
    expect(events[0]?.kind).toBe('malformed');
    expect(events[1]).toEqual({ kind: 'message', message: { type: 'note-on', channel: 0, note: 0x20, velocity: 0x7f } });
  });

  test('a SysEx interrupted by a status byte is dropped and the status is read', () => {
    const events = parse('F0 00 01 B0 07 64');
    expect(events.map((e) => e.kind)).toEqual(['malformed', 'message']);
    expect(events[1]).toEqual(cc(7, 100));
  });

  test('system common cancels running status', () => {
    const events = parse('B0 07 10 F2 01 02 05');
    expect(events.map((e) => e.kind)).toEqual(['message', 'message', 'malformed']);
  });

  test('an oversized SysEx is dropped, and the stream goes on after it', () => {
    const parser = new MidiStreamParser();
    const body = new Uint8Array(MAX_SYSEX_BYTES + 10).fill(0x11);
    const events = [...parser.feed(Uint8Array.of(0xf0)), ...parser.feed(body), ...parser.feed(hex('F7 B0 07 64'))];
    expect(events.map((e) => e.kind)).toEqual(['malformed', 'message']);
    expect(events[1]).toEqual(cc(7, 100));
  });

  const channelMessage = fc.oneof(
    fc.record({ type: fc.constant('cc' as const), channel: fc.integer({ min: 0, max: 15 }), controller: fc.integer({ min: 0, max: 127 }), value: fc.integer({ min: 0, max: 127 }) }),
    fc.record({ type: fc.constant('pitch-bend' as const), channel: fc.integer({ min: 0, max: 15 }), value: fc.integer({ min: 0, max: 16383 }) }),
    fc.record({ type: fc.constant('channel-pressure' as const), channel: fc.integer({ min: 0, max: 15 }), pressure: fc.integer({ min: 0, max: 127 }) }),
    fc.record({ type: fc.constant('note-on' as const), channel: fc.integer({ min: 0, max: 15 }), note: fc.integer({ min: 0, max: 127 }), velocity: fc.integer({ min: 0, max: 127 }) }),
    fc
      .array(fc.integer({ min: 0, max: 127 }), { maxLength: 20 })
      .map((body): MidiMessage => ({ type: 'sysex', bytes: [0xf0, ...body, 0xf7] })),
  );

  test('any messages, cut into any chunks, parse back to themselves', () => {
    fc.assert(
      fc.property(fc.array(channelMessage, { maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }), (messages, cuts) => {
        const bytes = Uint8Array.from(messages.flatMap((m) => encodeMidiMessage(m as MidiMessage)));
        const parser = new MidiStreamParser();
        const events: ParsedMidi[] = [];
        let at = 0;
        for (let i = 0; at < bytes.length; i++) {
          const size = cuts[i % cuts.length]!;
          events.push(...parser.feed(bytes.subarray(at, at + size)));
          at += size;
        }
        expect(events).toEqual(messages.map((message) => ({ kind: 'message', message })));
      }),
      { numRuns: 200 },
    );
  });
});
