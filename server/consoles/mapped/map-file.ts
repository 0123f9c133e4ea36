/**
 * Mapping files (JSON) for the MIDI and generic OSC adapters: finding one by shipped name or path, reading
 * it, and the one error type every map problem becomes. Messages name the file and the field, e.g.
 * `maps/qu.json: params[3].law.points: must rise`, so a user editing a map can fix it without a stack trace.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';

export type MapErrorCode = 'map-not-found' | 'map-unreadable' | 'invalid-map';

export class MapError extends Error {
  readonly code: MapErrorCode;
  constructor(code: MapErrorCode, message: string) {
    super(message);
    this.name = 'MapError';
    this.code = code;
  }
}

/** A path into a map's JSON, as zod reports it. */
export type FieldPath = readonly PropertyKey[];

/** "params[3].law.points" */
function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(top level)' : text;
}

/** An 'invalid-map' error for one field. */
export function invalidField(file: string, path: FieldPath, problem: string): MapError {
  return new MapError('invalid-map', `${file}: ${formatFieldPath(path)}: ${problem}`);
}

/** An 'invalid-map' error listing schema problems (at most five, then how many more). */
export function invalidFields(file: string, issues: ReadonlyArray<{ path: FieldPath; message: string }>): MapError {
  const shown = issues.slice(0, 5).map((issue) => `${formatFieldPath(issue.path)}: ${issue.message}`);
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
  return new MapError('invalid-map', `${file}: ${shown.join('; ')}${more}`);
}

/** Validates a map's JSON against its schema; throws MapError('invalid-map') listing what is wrong. */
export function parseMapJson<T extends z.ZodType>(schema: T, raw: unknown, file: string): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidFields(file, parsed.error.issues);
  return parsed.data;
}

export interface MapSource {
  /** What error messages call the file: the shipped name's path or the path given. */
  file: string;
  raw: unknown;
}

const SHIPPED_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Reads a map: `name` is a shipped map ("qu" finds `<shippedDir>/qu.json`) or a path to a JSON file.
 * Rejects with MapError: 'map-not-found' (listing the shipped maps), 'map-unreadable' (I/O or JSON syntax).
 */
export async function readMapSource(name: string, shippedDir: string): Promise<MapSource> {
  const file = SHIPPED_NAME.test(name) ? join(shippedDir, `${name}.json`) : name;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const shipped = await shippedMapNames(shippedDir);
      throw new MapError('map-not-found', `no map "${name}" (looked for ${file}); shipped maps: ${shipped.join(', ')}; or give a path to a .json map`);
    }
    throw new MapError('map-unreadable', `${file}: cannot read the map: ${(error as Error).message}`);
  }
  try {
    return { file, raw: JSON.parse(text) as unknown };
  } catch (error) {
    throw new MapError('map-unreadable', `${file}: not valid JSON: ${(error as Error).message}`);
  }
}

/** Names of the shipped maps in a directory ("qu", "mackie", ...), sorted. */
async function shippedMapNames(shippedDir: string): Promise<string[]> {
  const entries = await readdir(shippedDir);
  return entries.filter((entry) => entry.endsWith('.json')).map((entry) => entry.slice(0, -'.json'.length)).sort();
}
