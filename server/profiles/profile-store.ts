/**
 * The profiles folder: list, load, save and remove venue profiles stored as `<id>.json`.
 *
 * Saving never loses a file: the new profile is written atomically (./atomic-file) and the previous good
 * version is kept as `<id>.json.bak` (removing a profile also moves it there). Saves of one id are queued
 * within this process; across processes the last complete save wins and the file is always whole.
 * A corrupt or invalid file is reported with its name and field and never stops the others from listing.
 */
import type { ProfileListing, ProfileProblem, ProfileSummary } from './listing';
import { mkdir, open, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { moveFile, replaceFile } from './atomic-file';
import { migrateProfile } from './migrate';
import { ProfileError, invalidProfileError } from './profile-error';
import { assertProfileId, isProfileId } from './profile-id';
import { profileSchema, type VenueProfile } from './schema';

/** The part of a pino logger the store uses. */
export interface ProfileLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
}

export interface ProfileStoreOptions {
  /** Folder holding the `<id>.json` files; created on the first save. */
  dir: string;
  logger: ProfileLogger;
}

const JSON_SUFFIX = '.json';
const PREVIOUS_SUFFIX = '.bak';

interface ReadProfile {
  profile: VenueProfile;
  fileSchemaVersion: number;
  updatedIso: string;
}

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ProfileStore {
  readonly #dir: string;
  readonly #logger: ProfileLogger;
  /** Tail of the queue of writes per id; entries are removed once their queue drains. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(options: ProfileStoreOptions) {
    this.#dir = options.dir;
    this.#logger = options.logger;
  }

  /** Every `*.json` in the folder: the ones that load and the ones that do not. A missing folder is empty. */
  async list(): Promise<ProfileListing> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return { profiles: [], invalid: [] };
      throw new ProfileError('io', `cannot list profiles: ${errorText(error)}`, basename(this.#dir), null);
    }
    const files = names.filter((name) => name.endsWith(JSON_SUFFIX) && !name.startsWith('.')).sort();
    const results = await Promise.all(files.map((name) => this.#summarise(name)));
    const listing: ProfileListing = { profiles: [], invalid: [] };
    for (const result of results) {
      if ('venue' in result) listing.profiles.push(result);
      else listing.invalid.push(result);
    }
    return listing;
  }

  /**
   * The profile `id`, upgraded to the current schema version.
   * @throws ProfileError `bad-id`, `not-found`, `corrupt` (not JSON), `invalid` (with fieldPath) or `io`.
   */
  async load(id: string): Promise<VenueProfile> {
    this.#checkId(id);
    return (await this.#read(id, JSON_SUFFIX)).profile;
  }

  /**
   * The version of `id` kept by the last save or remove (`<id>.json.bak`), to restore it.
   * @throws ProfileError as load(); `not-found` when no previous version is kept.
   */
  async loadPrevious(id: string): Promise<VenueProfile> {
    this.#checkId(id);
    return (await this.#read(id, JSON_SUFFIX + PREVIOUS_SUFFIX)).profile;
  }

  /**
   * Validates and writes `profile` as `<id>.json` atomically, keeping the file it replaces (when that one
   * still loads) as `<id>.json.bak`. Resolves with the listing entry of the saved file.
   * @throws ProfileError `bad-id`, `invalid` (nothing is written) or `io`.
   */
  async save(id: string, profile: VenueProfile): Promise<ProfileSummary> {
    this.#checkId(id);
    const file = this.#displayName(id, JSON_SUFFIX);
    const result = profileSchema.safeParse(profile);
    if (!result.success) throw invalidProfileError(result.error, '').inFile(file);
    const text = `${JSON.stringify(result.data, null, 2)}\n`;
    return this.#enqueue(id, async () => {
      try {
        await mkdir(this.#dir, { recursive: true });
        await this.#keepPrevious(id);
        await replaceFile(this.#path(id, JSON_SUFFIX), text);
      } catch (error) {
        throw new ProfileError('io', `cannot save: ${errorText(error)}`, file, null);
      }
      this.#logger.info({ profile: id, file, bytes: text.length }, 'profile saved');
      const saved = await this.#read(id, JSON_SUFFIX);
      return this.#summary(id, saved);
    });
  }

  /**
   * Removes `<id>.json`, keeping it as `<id>.json.bak` so the removal can be undone by hand.
   * @throws ProfileError `bad-id`, `not-found` or `io`.
   */
  async remove(id: string): Promise<void> {
    this.#checkId(id);
    const file = this.#displayName(id, JSON_SUFFIX);
    await this.#enqueue(id, async () => {
      try {
        await moveFile(this.#path(id, JSON_SUFFIX), this.#path(id, JSON_SUFFIX + PREVIOUS_SUFFIX));
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') throw new ProfileError('not-found', 'no such profile', file, null);
        throw new ProfileError('io', `cannot remove: ${errorText(error)}`, file, null);
      }
      this.#logger.info({ profile: id, file }, 'profile removed (kept as .bak)');
    });
  }

  #checkId(id: string): void {
    try {
      assertProfileId(id);
    } catch (error) {
      this.#logger.warn({ id: String(id).slice(0, 80) }, 'bad profile id');
      throw error;
    }
  }

  /** Runs `task` after every earlier queued write of `id` has settled, whatever their outcome. */
  #enqueue<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(id) ?? Promise.resolve();
    const run = previous.then(task, task);
    this.#queues.set(id, run);
    const drained = (): void => {
      if (this.#queues.get(id) === run) this.#queues.delete(id);
    };
    run.then(drained, drained);
    return run;
  }

  /** Copies the current file to `.bak` when it still loads; a broken file never replaces a good backup. */
  async #keepPrevious(id: string): Promise<void> {
    let text: string;
    try {
      text = await this.#readText(this.#path(id, JSON_SUFFIX));
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return;
      throw error;
    }
    try {
      migrateProfile(JSON.parse(text));
    } catch (error) {
      this.#logger.warn(
        { profile: id, reason: errorText(error) },
        'profile being replaced does not load; previous backup kept instead',
      );
      return;
    }
    await replaceFile(this.#path(id, JSON_SUFFIX + PREVIOUS_SUFFIX), text);
  }

  async #readText(path: string): Promise<string> {
    const handle = await open(path, 'r');
    try {
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  }

  async #read(id: string, suffix: string): Promise<ReadProfile> {
    const file = this.#displayName(id, suffix);
    let text: string;
    let updatedIso: string;
    try {
      const handle = await open(this.#path(id, suffix), 'r');
      try {
        updatedIso = (await handle.stat()).mtime.toISOString();
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') throw new ProfileError('not-found', 'no such profile', file, null);
      throw new ProfileError('io', `cannot read: ${errorText(error)}`, file, null);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ProfileError('corrupt', `not valid JSON (${errorText(error)})`, file, null);
    }
    try {
      const profile = migrateProfile(raw);
      const version = (raw as { schemaVersion: number }).schemaVersion;
      return { profile, fileSchemaVersion: version, updatedIso };
    } catch (error) {
      throw error instanceof ProfileError ? error.inFile(file) : error;
    }
  }

  async #summarise(name: string): Promise<ProfileSummary | ProfileProblem> {
    const id = name.slice(0, -JSON_SUFFIX.length);
    const file = `${basename(this.#dir)}/${name}`;
    if (!isProfileId(id)) {
      const message =
        `${file}: file name is not a profile id: rename it to 1 to 64 of a-z, 0-9 and "-" followed by .json`;
      this.#logger.warn({ file }, message);
      return { id: null, file, code: 'bad-id', fieldPath: null, message };
    }
    try {
      return this.#summary(id, await this.#read(id, JSON_SUFFIX));
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      this.#logger.warn({ file, code: error.code, fieldPath: error.fieldPath }, error.message);
      return { id, file, code: error.code, fieldPath: error.fieldPath, message: error.message };
    }
  }

  #summary(id: string, read: ReadProfile): ProfileSummary {
    const dates = read.profile.history.map((entry) => entry.date).sort();
    return {
      id,
      venue: read.profile.venue,
      consoleModel: read.profile.consoleModel,
      fileSchemaVersion: read.fileSchemaVersion,
      updatedIso: read.updatedIso,
      lastVisit: dates.at(-1) ?? null,
    };
  }

  #path(id: string, suffix: string): string {
    return join(this.#dir, `${id}${suffix}`);
  }

  #displayName(id: string, suffix: string): string {
    return `${basename(this.#dir)}/${id}${suffix}`;
  }
}

export type { ProfileListing, ProfileProblem, ProfileSummary };
