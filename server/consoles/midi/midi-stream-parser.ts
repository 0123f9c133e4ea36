/**
 * A MIDI 1.0 byte stream (Allen & Heath MIDI over TCP carries exactly that) into messages: running status,
 * system exclusive, system common, and real-time bytes interleaved anywhere (even inside a SysEx or between
 * the data bytes of another message). Knows nothing about sockets; never throws on input: anything that
 * does not fit the grammar comes back as a `malformed` event naming what was wrong.
 */
import type { MidiMessage } from './midi-message';

export type ParsedMidi = { kind: 'message'; message: MidiMessage } | { kind: 'malformed'; reason: string };

/** Longest SysEx kept (bytes, F0 and F7 included); longer ones are dropped as malformed. */
export const MAX_SYSEX_BYTES = 65536;

/** Data bytes that follow each system common status (F4, F5 are undefined and carry none). */
const SYSTEM_COMMON_DATA: Record<number, number> = { 0xf1: 1, 0xf2: 2, 0xf3: 1, 0xf6: 0 };

type ChannelType = Exclude<MidiMessage['type'], 'sysex' | 'system'>;
const CHANNEL_TYPES: Record<number, ChannelType> = {
  0x8: 'note-off',
  0x9: 'note-on',
  0xa: 'poly-pressure',
  0xb: 'cc',
  0xc: 'program',
  0xd: 'channel-pressure',
  0xe: 'pitch-bend',
};

export class MidiStreamParser {
  /** Status of the message being collected (also the running status for channel messages), or null. */
  #status: number | null = null;
  #data: number[] = [];
  #sysex: number[] | null = null;
  #sysexOverflow = false;

  /** Feeds the next chunk of the stream; returns the messages and errors it completes, in order. */
  feed(chunk: Uint8Array): ParsedMidi[] {
    const out: ParsedMidi[] = [];
    for (const byte of chunk) this.#byte(byte, out);
    return out;
  }

  #byte(byte: number, out: ParsedMidi[]): void {
    if (byte >= 0xf8) {
      // Real-time bytes may appear anywhere and leave everything else untouched.
      out.push({ kind: 'message', message: { type: 'system', status: byte, data: [] } });
      return;
    }
    if (this.#sysex !== null) {
      this.#sysexByte(byte, out);
      return;
    }
    if (byte === 0xf0) {
      this.#dropPartial(out);
      this.#status = null;
      this.#sysex = [byte];
      this.#sysexOverflow = false;
      return;
    }
    if (byte === 0xf7) {
      this.#dropPartial(out);
      this.#status = null;
      out.push({ kind: 'malformed', reason: 'end of SysEx (F7) without a start (F0)' });
      return;
    }
    if (byte >= 0x80) {
      this.#dropPartial(out);
      this.#status = byte;
      this.#data = [];
      if (byte >= 0xf0) this.#completeIfFull(out);
      return;
    }
    if (this.#status === null) {
      out.push({ kind: 'malformed', reason: `data byte ${hex(byte)} without a status byte` });
      return;
    }
    this.#data.push(byte);
    this.#completeIfFull(out);
  }

  #sysexByte(byte: number, out: ParsedMidi[]): void {
    const sysex = this.#sysex!;
    if (byte === 0xf7) {
      this.#sysex = null;
      if (this.#sysexOverflow) {
        out.push({ kind: 'malformed', reason: `SysEx longer than ${MAX_SYSEX_BYTES} bytes dropped` });
      } else {
        sysex.push(byte);
        out.push({ kind: 'message', message: { type: 'sysex', bytes: sysex } });
      }
      return;
    }
    if (byte >= 0x80) {
      // Any other status ends the SysEx without its F7: drop it and read the status normally.
      this.#sysex = null;
      out.push({ kind: 'malformed', reason: `SysEx interrupted by status ${hex(byte)} before its F7` });
      this.#byte(byte, out);
      return;
    }
    if (sysex.length >= MAX_SYSEX_BYTES - 1) this.#sysexOverflow = true;
    else sysex.push(byte);
  }

  #completeIfFull(out: ParsedMidi[]): void {
    const status = this.#status!;
    if (status >= 0xf0) {
      const needed = SYSTEM_COMMON_DATA[status];
      if (needed === undefined) {
        out.push({ kind: 'malformed', reason: `undefined system status ${hex(status)}` });
        this.#status = null;
        return;
      }
      if (this.#data.length < needed) return;
      out.push({ kind: 'message', message: { type: 'system', status, data: this.#data } });
      // System common messages cancel running status.
      this.#status = null;
      this.#data = [];
      return;
    }
    const type = CHANNEL_TYPES[status >> 4]!;
    const needed = type === 'program' || type === 'channel-pressure' ? 1 : 2;
    if (this.#data.length < needed) return;
    out.push({ kind: 'message', message: channelMessage(type, status & 0x0f, this.#data) });
    this.#data = [];
  }

  #dropPartial(out: ParsedMidi[]): void {
    if (this.#status !== null && this.#data.length > 0) {
      out.push({ kind: 'malformed', reason: `message ${hex(this.#status)} cut short after ${this.#data.length} data byte(s)` });
    }
    this.#data = [];
  }
}

function channelMessage(type: ChannelType, channel: number, data: readonly number[]): MidiMessage {
  const [a = 0, b = 0] = data;
  switch (type) {
    case 'note-off':
    case 'note-on':
      return { type, channel, note: a, velocity: b };
    case 'poly-pressure':
      return { type, channel, note: a, pressure: b };
    case 'cc':
      return { type, channel, controller: a, value: b };
    case 'program':
      return { type, channel, program: a };
    case 'channel-pressure':
      return { type, channel, pressure: a };
    case 'pitch-bend':
      return { type, channel, value: a | (b << 7) };
  }
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
