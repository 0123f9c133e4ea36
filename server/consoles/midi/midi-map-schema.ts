/**
 * The JSON shape of a MIDI mapping file (see maps/*.json), validated with zod. Structure only: what needs
 * the expanded strips (parameter ids, laws against message widths, clashes) is checked in midi-map.ts.
 * MIDI channels are 1..16 here, as printed on desks and in protocol documents.
 */
import { z } from 'zod';
import { BYTE_PATTERN_SYNTAX, parseBytePattern } from './byte-pattern';
import { parseSysexTemplate, SYSEX_TEMPLATE_SYNTAX } from './sysex-template';

const byte7 = z.number().int().min(0).max(127);
const midiChannel = z.number().int().min(1).max(16);

function indexed<T extends z.ZodNumber>(inner: T) {
  return z.union([inner, z.strictObject({ first: inner, step: z.number().int() })]);
}

const bytePattern = z
  .string()
  .regex(BYTE_PATTERN_SYNTAX, 'must be hex bytes separated by single spaces, ?? for any byte (e.g. "F0 7F ?? F7")')
  .transform(parseBytePattern);

const sysexToSend = bytePattern.refine((bytes) => bytes[0] === 0xf0 && bytes[bytes.length - 1] === 0xf7 && !bytes.includes(null), {
  message: 'must be a complete SysEx without wildcards: F0 ... F7',
});

const sysexTemplate = z
  .string()
  .regex(SYSEX_TEMPLATE_SYNTAX, 'must be F0, hex bytes or the slots ch, ii, vv separated by single spaces, then F7')
  .transform(parseSysexTemplate);

/** The start of a SysEx reply that carries text (a channel name) up to its F7. */
const sysexPrefix = z
  .string()
  .regex(/^F0(?: (?:[0-9A-Fa-f]{2}|ch|ii))*$/, 'must be F0 followed by hex bytes or the slots ch, ii (the text and F7 follow)')
  .transform(parseSysexTemplate);

const each = z.strictObject({ from: z.number().int().min(1), to: z.number().int().min(1) });

const message = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('nrpn'),
    midiChannel: indexed(midiChannel),
    parameterMsb: indexed(byte7),
    /** May step past 127 into the next MSB (parameter = MSB * 128 + LSB), as Allen & Heath's SQ tables do. */
    parameterLsb: indexed(z.number().int().min(0).max(0x3fff)),
    /** "msb": 7-bit value in CC 6; "msb-lsb": 14-bit value in CC 6 (high) and CC 38 (low). */
    value: z.enum(['msb', 'msb-lsb']),
    /** With "msb": a fixed CC 38 sent after the value and required on incoming messages (A&H: the VX index). */
    dataLsb: byte7.optional(),
  }),
  z.strictObject({ type: z.literal('cc'), midiChannel: indexed(midiChannel), controller: indexed(byte7) }),
  z.strictObject({ type: z.literal('pitch-bend'), midiChannel: indexed(midiChannel) }),
  /** The pitch-bend status with an index in the first data byte and a 7-bit value in the second (dLive preamp gain). */
  z.strictObject({ type: z.literal('pitch-bend-index'), midiChannel: indexed(midiChannel), index: indexed(byte7) }),
  /** A SysEx with the value in its `vv` slot; `reply` when the desk answers in another shape than it is set. */
  z.strictObject({
    type: z.literal('sysex'),
    midiChannel: indexed(midiChannel),
    index: indexed(byte7),
    send: sysexTemplate,
    reply: sysexTemplate.optional(),
  }),
  z.strictObject({
    type: z.literal('note'),
    midiChannel: indexed(midiChannel),
    note: indexed(byte7),
    /** True for press/release pairs: a write is followed by velocity 0, and incoming velocity 0 is ignored. */
    release: z.boolean(),
  }),
]);

const law = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('linear'), minDb: z.number(), maxDb: z.number() }),
  z.strictObject({
    kind: z.literal('table'),
    points: z.array(z.tuple([z.number().int().min(0), z.number().nullable()])).min(2),
  }),
  z.strictObject({ kind: z.literal('ardour-fader') }),
  z.strictObject({ kind: z.literal('gm-volume') }),
  z.strictObject({
    kind: z.literal('switch'),
    on: z.number().int().min(0),
    off: z.number().int().min(0),
    /** Raw values from this one up read as the higher of on and off, lower ones as the other (default: nearer). */
    threshold: z.number().int().min(1).optional(),
  }),
]);

/** What asks the desk for a parameter's value; the desk answers with the parameter's own message. */
const get = z.discriminatedUnion('type', [
  /** The parameter's NRPN selected, then data increment (CC 96) with value 7F (A&H SQ "Getting values"). */
  z.strictObject({ type: z.literal('nrpn-get') }),
  /** A SysEx with ch and ii slots. */
  z.strictObject({ type: z.literal('sysex'), midiChannel: indexed(midiChannel), index: indexed(byte7), template: sysexTemplate }),
]);

const binding = z.strictObject({
  param: z.string().min(1),
  each: each.optional(),
  message,
  law,
  /** False shows the value but never writes it (e.g. a law nobody has verified against the desk). */
  writable: z.boolean(),
  /** Asked at connect (the adapter is ready when every answer is in) and after each write to confirm it. */
  get: get.optional(),
  note: z.string().optional(),
});

/** Channel names the desk gives on request: `request` (ch, ii slots), answered by `replyPrefix` + ASCII + F7. */
const names = z.strictObject({
  midiChannel,
  index: indexed(byte7),
  request: sysexTemplate,
  replyPrefix: sysexPrefix,
});

const meters = z.strictObject({
  kind: z.literal('mackie-pressure'),
  midiChannel,
  strips: z.number().int().min(1).max(8),
  /** The channel (1-based) that strip 0 meters. */
  firstChannel: z.number().int().min(1),
  point: z.enum(['channelInput', 'channelPostFader']),
  /** dBFS per level code (index = code 0..13); null = below the lowest segment (read as -Infinity). */
  levelsDbfs: z.array(z.number().nullable()).min(2).max(14),
});

const stateRequest = z.strictObject({
  send: sysexToSend,
  /** Incoming SysEx that makes the adapter send `send` again (a host saying hello after a restart). */
  resendOn: z.array(bytePattern),
  identityReply: z
    .strictObject({
      match: bytePattern,
      modelByte: z.number().int().min(0),
      firmwareBytes: z.array(z.number().int().min(0)).max(4),
      models: z.record(z.string().regex(/^\d+$/, 'model keys are byte values in decimal'), z.strictObject({ name: z.string().min(1), channels: z.number().int().min(1) })),
    })
    .optional(),
  /** The SysEx that says the desk has sent its whole state; without one the adapter is ready at once. */
  endReply: bytePattern.optional(),
});

export const midiMapSchema = z.strictObject({
  name: z.string().min(1),
  model: z.string().min(1),
  description: z.string(),
  /** What is verified and what is assumed; shown to the engineer with the console identity. */
  notes: z.array(z.string()),
  /** Input channels in the snapshot (an identity reply's model may say fewer). */
  channels: z.number().int().min(1).max(128),
  /** "echo": a write is confirmed when the desk reports the value back; "sent": by the value sent. */
  confirm: z.enum(['echo', 'sent']),
  /** Defaults for --midi-transport tcp; null when the desk has no MIDI over TCP. */
  tcp: z
    .strictObject({ port: z.number().int().min(1).max(65535), silenceTimeoutMs: z.number().int().positive().nullable() })
    .nullable(),
  stateRequest: stateRequest.nullable(),
  /** Absent when the protocol gives no channel names. */
  names: names.optional(),
  meters: meters.nullable(),
  params: z.array(binding).min(1),
});

export type MidiMapJson = z.infer<typeof midiMapSchema>;
export type MidiMessageSpec = MidiMapJson['params'][number]['message'];
export type MidiGetSpec = NonNullable<MidiMapJson['params'][number]['get']>;
