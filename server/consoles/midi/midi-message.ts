/**
 * MIDI messages as values, and their bytes. Channels are 0..15 on the wire (MIDI channel 1 is 0); maps and
 * the stage model speak 1..16. Data values are 7-bit (0..127) except pitch bend, which is 14-bit (0..16383,
 * centre 8192). Encoding never uses running status: every message carries its status byte.
 */

export type MidiMessage =
  | { type: 'note-off'; channel: number; note: number; velocity: number }
  | { type: 'note-on'; channel: number; note: number; velocity: number }
  | { type: 'poly-pressure'; channel: number; note: number; pressure: number }
  | { type: 'cc'; channel: number; controller: number; value: number }
  | { type: 'program'; channel: number; program: number }
  | { type: 'channel-pressure'; channel: number; pressure: number }
  | { type: 'pitch-bend'; channel: number; value: number }
  /** A complete system-exclusive message, F0 ... F7 included. */
  | { type: 'sysex'; bytes: number[] }
  /** System common (F1..F6) and real-time (F8..FF) messages with their data bytes. */
  | { type: 'system'; status: number; data: number[] };

/** Highest 14-bit value (pitch bend, NRPN data MSB:LSB). */
export const MAX_14BIT = 0x3fff;

/** NRPN controller numbers (MIDI 1.0: 99/98 select the parameter, 6/38 carry the value). */
export const CC_NRPN_MSB = 99;
export const CC_NRPN_LSB = 98;
export const CC_DATA_MSB = 6;
export const CC_DATA_LSB = 38;
/** Data increment: an Allen & Heath SQ "get" is this controller with value 7F after the parameter. */
export const CC_DATA_INCREMENT = 96;
/** RPN controller numbers: a data entry after these belongs to an RPN, not an NRPN. */
export const CC_RPN_MSB = 101;
export const CC_RPN_LSB = 100;

const CHANNEL_STATUS: Record<Exclude<MidiMessage['type'], 'sysex' | 'system'>, number> = {
  'note-off': 0x80,
  'note-on': 0x90,
  'poly-pressure': 0xa0,
  cc: 0xb0,
  program: 0xc0,
  'channel-pressure': 0xd0,
  'pitch-bend': 0xe0,
};

/** Bytes of one message. Values are masked to their width, so a caller's bug cannot corrupt the stream. */
export function encodeMidiMessage(message: MidiMessage): number[] {
  switch (message.type) {
    case 'sysex':
      return [...message.bytes];
    case 'system':
      return [message.status & 0xff, ...message.data.map(data7)];
    case 'pitch-bend': {
      const value = Math.max(0, Math.min(MAX_14BIT, Math.round(message.value)));
      return [status(message), value & 0x7f, value >> 7];
    }
    case 'program':
      return [status(message), data7(message.program)];
    case 'channel-pressure':
      return [status(message), data7(message.pressure)];
    case 'cc':
      return [status(message), data7(message.controller), data7(message.value)];
    case 'poly-pressure':
      return [status(message), data7(message.note), data7(message.pressure)];
    case 'note-on':
    case 'note-off':
      return [status(message), data7(message.note), data7(message.velocity)];
  }
}

/**
 * The control changes that set one NRPN: parameter MSB (CC 99), LSB (CC 98), data MSB (CC 6) and, unless
 * null, data LSB (CC 38).
 */
export function nrpnMessages(channel: number, parameter: number, dataMsb: number, dataLsb: number | null): MidiMessage[] {
  const messages: MidiMessage[] = [
    { type: 'cc', channel, controller: CC_NRPN_MSB, value: (parameter >> 7) & 0x7f },
    { type: 'cc', channel, controller: CC_NRPN_LSB, value: parameter & 0x7f },
    { type: 'cc', channel, controller: CC_DATA_MSB, value: dataMsb },
  ];
  if (dataLsb !== null) messages.push({ type: 'cc', channel, controller: CC_DATA_LSB, value: dataLsb });
  return messages;
}

function status(message: { type: keyof typeof CHANNEL_STATUS; channel: number }): number {
  return CHANNEL_STATUS[message.type] | (message.channel & 0x0f);
}

function data7(value: number): number {
  return value & 0x7f;
}

/** "B0 63 20" — bytes as hex for logs and error messages. */
export function formatBytes(bytes: readonly number[]): string {
  return bytes.map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
