/**
 * The JSON shape of a Yamaha RCP parameter map (maps/<model>.json), validated with zod: the same shape as the
 * MIDI and OSC mapping files where it fits (a `param` template with `each`, a law, `writable`, a `note`),
 * with an RCP address and its X/Y indices instead of a message. Every binding names its `source`: the
 * reference file and prminfo/mtrinfo line it was read from.
 */
import { z } from 'zod';

const index = z.union([z.number().int().min(0), z.strictObject({ first: z.number().int().min(0), step: z.number().int() })]);
const each = z.strictObject({ from: z.number().int().min(1), to: z.number().int().min(1) });
const address = z.string().regex(/^[A-Za-z]+:[A-Za-z0-9_/]+$/, 'must be an RCP address like MIXER:Current/InCh/Fader/Level');

const law = z.discriminatedUnion('kind', [
  /**
   * An integer of dB x scale (scale 100: 1000 is +10 dB). `offWire` is the value for -infinity (-32768 on
   * faders and sends), null where the parameter has none; below minDb is written as offWire.
   */
  z.strictObject({
    kind: z.literal('level'),
    scale: z.number().int().positive(),
    minDb: z.number(),
    maxDb: z.number(),
    offWire: z.number().int().nullable(),
  }),
  /** 0 = off, 1 = on. */
  z.strictObject({ kind: z.literal('switch') }),
]);

const binding = z.strictObject({
  param: z.string().min(1),
  each: each.optional(),
  address,
  x: index,
  y: index,
  law,
  /** False shows the value but never writes it; `note` then says why. */
  writable: z.boolean(),
  note: z.string().optional(),
  /** Reference file and line, e.g. "CLQL Parameters-1.txt prminfo 184". */
  source: z.string().min(1),
});

const meterScale = z.discriminatedUnion('kind', [
  /** dB = code - zeroCode (Companion variables.js fbCreatesVar: "data - 126"). */
  z.strictObject({ kind: z.literal('offset'), zeroCode: z.number().int() }),
  /** Straight lines between [code, dB] points (Companion wtMtrTable.json, DM7). */
  z.strictObject({ kind: z.literal('table'), points: z.array(z.tuple([z.number().int().min(0), z.number()])).min(2) }),
]);

const meter = z.strictObject({
  /** What `mtrstart` is sent with: the mtrinfo address without "/Meter", then the pickoff. */
  address,
  point: z.enum(['channelInput', 'channelPostFader', 'buses', 'matrices', 'main']),
  scale: meterScale,
  source: z.string().min(1),
});

const names = z.strictObject({ address, each, x: index, y: index, source: z.string().min(1) });

export const rcpMapSchema = z.strictObject({
  name: z.string().min(1),
  model: z.string().min(1),
  description: z.string(),
  /** What is verified and what is not; shown with the console identity on the tablet. */
  notes: z.array(z.string()),
  channels: z.number().int().min(1).max(288),
  channelNames: names,
  busNames: names.optional(),
  params: z.array(binding).min(1),
  meters: z.array(meter),
});

export type RcpIndex = z.infer<typeof index>;
export type RcpLawJson = z.infer<typeof law>;
export type RcpMeterScale = z.infer<typeof meterScale>;
