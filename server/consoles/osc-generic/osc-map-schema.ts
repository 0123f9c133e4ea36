/**
 * The JSON shape of a generic OSC mapping file (see maps/*.json), validated with zod. Structure only: what
 * needs the expanded strips (parameter ids, addresses, clashes) is checked in osc-map.ts.
 *
 * A message is an address (with {n} for the strip number where the dialect puts it in the path, as REAPER
 * does) and the roles of its arguments in order: "index" (the strip number as an argument, as Ardour's
 * ssid), "value" (the float), "name" (a string).
 */
import { z } from 'zod';

const each = z.strictObject({ from: z.number().int().min(1), to: z.number().int().min(1) });

const message = z.strictObject({
  address: z.string().regex(/^\/\S*$/, 'must be an OSC address: starts with / and has no spaces'),
  args: z.array(z.enum(['index', 'value', 'name'])).max(4),
});

const paramLaw = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('db'), minDb: z.number(), maxDb: z.number(), stepDb: z.number(), silenceDb: z.number().nullable() }),
  z.strictObject({ kind: z.literal('switch'), on: z.number(), off: z.number() }),
]);

const meterLaw = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('db'), silenceDb: z.number() }),
  z.strictObject({ kind: z.literal('normalized-db'), minDb: z.number(), maxDb: z.number() }),
]);

const outArg = z.union([
  z.strictObject({ type: z.enum(['i', 'f']), value: z.number() }),
  z.strictObject({ type: z.literal('s'), value: z.string() }),
]);

export const oscMapSchema = z.strictObject({
  name: z.string().min(1),
  model: z.string().min(1),
  description: z.string(),
  /** What is verified and what is assumed; shown to the engineer with the console identity. */
  notes: z.array(z.string()),
  /** The console's UDP port (default for --console-port). */
  port: z.number().int().min(1).max(65535),
  /** Our UDP port (default for --local-port); 0 takes any free port (fine when the console replies to the sender). */
  localPort: z.number().int().min(0).max(65535),
  /** Most input channels the snapshot shows (it grows to the highest strip the console reports). */
  channels: z.number().int().min(1).max(512),
  /** "echo": a write is confirmed when the console sends the value back; "sent": by the value sent. */
  confirm: z.enum(['echo', 'sent']),
  /** Silence after which the link counts as lost (needs a console that sends something regularly). */
  silenceTimeoutMs: z.number().int().positive().nullable(),
  /** Sent at start and again while the console is silent: the surface setup that makes it talk. */
  sync: z.array(z.strictObject({ address: message.shape.address, args: z.array(outArg) })),
  /** Prefixes of addresses the console sends that Headroom does not use; not counted as unexpected. */
  ignore: z.array(z.string().min(1)),
  names: z.strictObject({ each, message }).nullable(),
  params: z.array(
    z.strictObject({
      param: z.string().min(1),
      each: each.optional(),
      message,
      law: paramLaw,
      writable: z.boolean(),
      note: z.string().optional(),
    }),
  ),
  meters: z.array(
    z.strictObject({
      point: z.enum(['channelInput', 'channelPostFader', 'main']),
      each: each.optional(),
      message,
      law: meterLaw,
    }),
  ),
});

export type OscMapJson = z.infer<typeof oscMapSchema>;
export type OscMessageSpec = OscMapJson['params'][number]['message'];
