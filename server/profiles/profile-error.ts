/** Errors of the profile store and of profile validation, each with a stable code. */
import type { z } from 'zod';

/**
 * - `not-found`: no profile with that id.
 * - `invalid`: the file is JSON but not a profile this version understands (wrong field, newer schemaVersion).
 * - `corrupt`: the file is not JSON at all (truncated, hand-edited, not text).
 * - `bad-id`: the id is not `[a-z0-9][a-z0-9-]{0,63}` (also for files in the folder named otherwise).
 * - `io`: the file system refused (permissions, disk full).
 */
export type ProfileErrorCode = 'not-found' | 'invalid' | 'corrupt' | 'bad-id' | 'io';

export class ProfileError extends Error {
  readonly code: ProfileErrorCode;
  /** The file the error is about, as shown to the engineer ("profiles/club.json"); null when none is. */
  readonly file: string | null;
  /** Dotted path of the first offending field ("targets.averageDbfs", "channels[3].name"); null when none. */
  readonly fieldPath: string | null;
  /** The message without the file prefix. */
  readonly detail: string;

  constructor(code: ProfileErrorCode, detail: string, file: string | null, fieldPath: string | null) {
    super(file === null ? detail : `${file}: ${detail}`);
    this.name = 'ProfileError';
    this.code = code;
    this.file = file;
    this.fieldPath = fieldPath;
    this.detail = detail;
  }

  /** The same error, attributed to `file`. */
  inFile(file: string): ProfileError {
    return new ProfileError(this.code, this.detail, file, this.fieldPath);
  }
}

/** `["channels", 3, "name"]` -> `channels[3].name`; the empty path is `(root)`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

const MAX_ISSUES_IN_MESSAGE = 3;

/**
 * An `invalid` error from a failed zod parse: "targets.averageDbfs: Too big: expected number to be <=0",
 * further issues appended ("; ...") up to three, then a count of the rest, then `versionNote`
 * (" (schemaVersion 1)" when the file is of an older version, else "").
 */
export function invalidProfileError(error: z.ZodError, versionNote: string): ProfileError {
  const issues = error.issues;
  const shown = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((issue) => `${formatFieldPath(issue.path)}: ${issue.message}`);
  const more = issues.length > MAX_ISSUES_IN_MESSAGE ? ` (and ${issues.length - MAX_ISSUES_IN_MESSAGE} more)` : '';
  const first = issues[0];
  return new ProfileError(
    'invalid',
    `${shown.join('; ')}${more}${versionNote}`,
    null,
    first ? formatFieldPath(first.path) : null,
  );
}
