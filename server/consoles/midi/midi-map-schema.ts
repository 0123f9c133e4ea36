/**
 * The JSON shape of a MIDI mapping file (see maps/*.json), validated with zod. Structure only: what needs
 * the expanded strips (parameter ids, laws against message widths, clashes) is checked in midi-map.ts.
 * MIDI channels are 1..16 here, as printed on desks and in protocol documents.
 */
import { z } from 'zod';
import { BYTE_PATTERN_SYNTAX, parseBytePattern } from './byte-pattern';

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

const each = z.strictObject({ from: z.number().int().min(1), to: z.number().int().min(1) });

const message = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('nrpn'),
    midiChannel: indexed(midiChannel),
    parameterMsb: indexed(byte7),
    parameterLsb: indexed(byte7),
    /** "msb": 7-bit value in CC 6; "msb-lsb": 14-bit value in CC 6 (high) and CC 38 (low). */
    value: z.enum(['msb', 'msb-lsb']),
    /** With "msb": a fixed CC 38 sent after the value and required on incoming messages (A&H: the VX index). */
    dataLsb: byte7.optional(),
  }),
  z.strictObject({ type: z.literal('cc'), midiChannel: indexed(midiChannel), controller: indexed(byte7) }),
  z.strictObject({ type: z.literal('pitch-bend'), midiChannel: indexed(midiChannel) }),
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
  z.strictObject({ kind: z.literal('switch'), on: z.number().int().min(0), off: z.number().int().min(0) }),
]);

const binding = z.strictObject({
  param: z.string().min(1),
  each: each.optional(),
  message,
  law,
  /** False shows the value but never writes it (e.g. a law nobody has verified against the desk). */
  writable: z.boolean(),
  note: z.string().optional(),
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
  meters: meters.nullable(),
  params: z.array(binding).min(1),
});

export type MidiMapJson = z.infer<typeof midiMapSchema>;
export type MidiMessageSpec = MidiMapJson['params'][number]['message'];
