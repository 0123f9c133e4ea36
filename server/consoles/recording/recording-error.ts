/** Errors about a recording on disk, each with a stable code; the message names the file. */

export type RecordingErrorCode =
  | 'not-found'
  | 'no-audio'
  | 'unreadable'
  | 'not-wav'
  | 'truncated'
  | 'bad-chunk'
  | 'no-fmt'
  | 'no-data'
  | 'bad-fmt'
  | 'unsupported-format'
  | 'bad-ds64'
  | 'not-flac'
  | 'flac-decode'
  | 'mixed-sample-rates'
  | 'mixed-channel-counts';

export class RecordingError extends Error {
  readonly code: RecordingErrorCode;
  constructor(code: RecordingErrorCode, message: string) {
    super(message);
    this.name = 'RecordingError';
    this.code = code;
  }
}

/** A parse that never throws: a value, or the error it would have thrown. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: RecordingError };

export function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function failed<T>(code: RecordingErrorCode, message: string): Parsed<T> {
  return { ok: false, error: new RecordingError(code, message) };
}
