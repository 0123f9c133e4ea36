/** What the profile store lists: types only, shared with the tablets through the hub protocol. */
import type { ProfileErrorCode } from './profile-error';

/** A profile that loads, as shown in a list. */
export interface ProfileSummary {
  /** File name without `.json`. */
  id: string;
  venue: string;
  consoleModel: string;
  /** schemaVersion written in the file (older ones are upgraded on load and rewritten on the next save). */
  fileSchemaVersion: number;
  /** Last modification of the file, ISO 8601 date-time (UTC). */
  updatedIso: string;
  /** Latest history date (YYYY-MM-DD), null without history. */
  lastVisit: string | null;
  /**
   * Something the engineer should know about this file, or null: it is a shipped example (copied to the
   * profiles folder when first used), it hides a shipped example of the same id, or a save moved a corrupt
   * file aside ("profiles/club.corrupt-20261203T101500Z.json").
   */
  note: string | null;
}

/** A file in the folder that does not load, and why. */
export interface ProfileProblem {
  /** The profile id, or null when the file name itself is not a valid id. */
  id: string | null;
  /** As shown to the engineer: "profiles/club.json". */
  file: string;
  code: ProfileErrorCode;
  /** First offending field ("targets.averageDbfs"), null when the problem is not a field. */
  fieldPath: string | null;
  /** "profiles/club.json: targets.averageDbfs: Too big: expected number to be <=0" */
  message: string;
}

export interface ProfileListing {
  /** Sorted by id. */
  profiles: ProfileSummary[];
  /** Sorted by file. */
  invalid: ProfileProblem[];
}
