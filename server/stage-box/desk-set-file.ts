/**
 * The desk-set file (`--desks FILE`): the desks of one bridge and their shared stage box, validated into
 * typed values with a clear error naming the field. A JSON object:
 *
 *   { "owner": "foh",
 *     "desks": [ { "id": "foh", "name": "FOH", "role": "foh", "console": "x32", "host": "10.0.0.10", "httpPort": 8080 },
 *                { "id": "mon", "name": "Monitors", "role": "monitor", "console": "x32", "host": "10.0.0.11",
 *                  "httpPort": 8081, "aes50Port": "B", "pin": "2468" } ],
 *     "mapping": [ { "desk": "mon", "channel": 3, "input": 5 } ] }
 *
 * `model` (Yamaha: tf, dm3, ...) and `map` (MIDI/OSC desks: qu, sq, a mapping file) are that desk's `--model`
 * and `--map`, required where the command line requires them.
 * `aes50Port`: the X32/M32 port the box is on (default A). `mapping`: box inputs of channels whose console
 * cannot say (everything but X32/M32). `pin`: this desk's own engineer PIN (default: the bridge's).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { pinProblem } from '../auth/pin';
import { CONSOLE_KINDS, CONSOLE_REGISTRY, type ConsoleKind } from '../consoles/registry';
import { BOX_INPUTS, type AesPort, type DeskRole, type StageBoxConfig } from './stage-box';

/** Most desks one bridge runs. */
export const MAX_DESKS = 4;

export interface DeskSetDesk {
  id: string;
  name: string;
  role: DeskRole;
  console: ConsoleKind;
  host: string | null;
  consolePort: number | null;
  /** The desk's --model and --map; null where its console takes none. */
  model: string | null;
  map: string | null;
  httpPort: number;
  pin: string | null;
}

export interface DeskSetFile {
  desks: DeskSetDesk[];
  box: StageBoxConfig;
}

const deskSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a desk id is lowercase letters, digits and dashes'),
  name: z.string().min(1).max(32),
  role: z.enum(['foh', 'monitor', 'broadcast']),
  console: z.enum(CONSOLE_KINDS as [ConsoleKind, ...ConsoleKind[]]),
  host: z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/, 'not an address').optional(),
  port: z.number().int().min(1).max(65535).optional(),
  model: z.string().min(1).max(32).optional(),
  map: z.string().min(1).max(4096).optional(),
  httpPort: z.number().int().min(0).max(65535),
  aes50Port: z.enum(['A', 'B']).optional(),
  pin: z.string().superRefine((pin, context) => {
    const problem = pinProblem(pin);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  }).optional(),
});

const fileSchema = z
  .strictObject({
    owner: z.string(),
    desks: z.array(deskSchema).min(2).max(MAX_DESKS),
    mapping: z.array(z.strictObject({ desk: z.string(), channel: z.number().int().min(1).max(999), input: z.number().int().min(1).max(BOX_INPUTS) })).optional(),
  })
  .superRefine((file, context) => {
    const ids = file.desks.map((d) => d.id);
    if (new Set(ids).size !== ids.length) context.addIssue({ code: 'custom', path: ['desks'], message: 'desk ids must differ' });
    const ports = file.desks.map((d) => d.httpPort).filter((p) => p !== 0);
    if (new Set(ports).size !== ports.length) context.addIssue({ code: 'custom', path: ['desks'], message: 'each desk needs its own httpPort (0: any free port)' });
    if (!ids.includes(file.owner)) context.addIssue({ code: 'custom', path: ['owner'], message: `the owner must be one of the desks (${ids.join(', ')})` });
    file.desks.forEach((desk, i) => {
      const descriptor = CONSOLE_REGISTRY[desk.console];
      const models: readonly string[] | undefined = descriptor.models;
      const maps: readonly string[] | undefined = descriptor.maps;
      if (models && (desk.model === undefined || !models.includes(desk.model))) {
        context.addIssue({ code: 'custom', path: ['desks', i, 'model'], message: `${desk.console} desks need a model: ${models.join(', ')}` });
      }
      if (!models && desk.model !== undefined) context.addIssue({ code: 'custom', path: ['desks', i, 'model'], message: `${desk.console} desks take no model` });
      if (maps && desk.map === undefined) context.addIssue({ code: 'custom', path: ['desks', i, 'map'], message: `${desk.console} desks need a map: ${maps.join(', ')} or a mapping file` });
      if (!maps && desk.map !== undefined) context.addIssue({ code: 'custom', path: ['desks', i, 'map'], message: `${desk.console} desks take no map` });
    });
    (file.mapping ?? []).forEach((m, i) => {
      if (!ids.includes(m.desk)) context.addIssue({ code: 'custom', path: ['mapping', i, 'desk'], message: `no desk "${m.desk}"` });
    });
  });

export type DeskSetParse = { ok: true; file: DeskSetFile } | { ok: false; error: string };

/** Validates a parsed desk-set file. */
export function parseDeskSet(raw: unknown): DeskSetParse {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid desk set'}` };
  }
  const { desks, owner, mapping } = parsed.data;
  const ports: Record<string, AesPort> = {};
  for (const desk of desks) if (desk.aes50Port) ports[desk.id] = desk.aes50Port;
  return {
    ok: true,
    file: {
      desks: desks.map((d) => ({ id: d.id, name: d.name, role: d.role, console: d.console, host: d.host ?? null, consolePort: d.port ?? null, model: d.model ?? null, map: d.map ?? null, httpPort: d.httpPort, pin: d.pin ?? null })),
      box: { ports, owner, mapping: mapping ?? [] },
    },
  };
}

/** Reads and validates a desk-set file; the error names the file and the field. */
export async function loadDeskSet(path: string): Promise<DeskSetParse> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, error: `${path}: ${(error as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${path}: not JSON: ${(error as Error).message}` };
  }
  const parsed = parseDeskSet(raw);
  return parsed.ok ? parsed : { ok: false, error: `${path}: ${parsed.error}` };
}
