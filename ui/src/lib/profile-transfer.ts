/**
 * Venue profiles in and out of the tablet as files: export is a download of GET /api/venues/export, import
 * posts the file's JSON to /api/venues/import with the engineer token. The bridge validates; a refusal
 * comes back naming the file and the field, and is shown as it is.
 */
import type { ProfileSummary } from '../../../server/profiles/listing';

/** Same rule as the bridge: the file name without `.json`, so an id can never leave the profiles folder. */
const PROFILE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Largest file the bridge accepts, bytes. */
export const MAX_PROFILE_BYTES = 2 * 1024 * 1024;

/** Why `id` cannot name a profile, or null when it can. */
export function profileIdProblem(id: string): string | null {
  if (id === '') return 'Give the profile an id.';
  return PROFILE_ID.test(id) ? null : 'An id is 1 to 64 of a-z, 0-9 and "-", starting with a letter or digit.';
}

/** An id for a profile from a file name or a venue name: "The Cellar Club.json" -> "the-cellar-club". */
export function suggestProfileId(name: string): string {
  return name
    .replace(/\.json$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** Where the bridge serves profile `id` for download. */
export function exportPath(id: string): string {
  return `/api/venues/export?id=${encodeURIComponent(id)}`;
}

export type UploadResult =
  | { ok: true; summary: ProfileSummary }
  | { ok: false; message: string; field: string | null };

type Post = (path: string, init: RequestInit) => Promise<Response>;

/** Sends a profile file's text to the bridge as profile `id`; never throws. */
export async function uploadProfile(post: Post, id: string, text: string, token: string | null): Promise<UploadResult> {
  const idProblem = profileIdProblem(id);
  if (idProblem !== null) return { ok: false, message: idProblem, field: null };
  if (token === null) return { ok: false, message: 'Importing needs the engineer role: unlock this tablet with the PIN.', field: null };
  if (text.length > MAX_PROFILE_BYTES) return { ok: false, message: `The file is larger than ${MAX_PROFILE_BYTES / 1024 / 1024} MB.`, field: null };
  try {
    JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not JSON: ${(error as Error).message}`, field: null };
  }
  let response: Response;
  try {
    response = await post(`/api/venues/import?id=${encodeURIComponent(id)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: text,
    });
  } catch (error) {
    return { ok: false, message: `The bridge did not answer: ${(error as Error).message}`, field: null };
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    body = {};
  }
  if (response.ok && typeof body.id === 'string') return { ok: true, summary: body as unknown as ProfileSummary };
  const field = typeof body.field === 'string' ? body.field : null;
  const message = typeof body.error === 'string' ? body.error : `The bridge answered HTTP ${response.status}.`;
  return { ok: false, message, field };
}
