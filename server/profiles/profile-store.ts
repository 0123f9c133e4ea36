/**
 * The profiles folder: list, load, save and remove venue profiles stored as `<id>.json`.
 *
 * The user's profiles live in their own folder (`<data-dir>/profiles`, never the install tree); the
 * profiles shipped with Headroom are read-only examples, listed too and copied into the user's folder the
 * first time one is loaded. Saving never loses a file: the new profile is written atomically
 * (./atomic-file) and the previous good version is kept as `<id>.json.bak` (removing a profile also moves
 * it there); a file that no longer loads is moved aside as `<id>.corrupt-<time>.json`, never overwritten.
 * Saves of one id are queued within this process; across processes the last complete save wins and the
 * file is always whole. A corrupt or invalid file is reported with its name and field and never stops
 * the others from listing. prepare() removes temporary files a killed save left behind.
 */
import type { ProfileListing, ProfileProblem, ProfileSummary } from './listing';
import { mkdir, open, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { moveFile, removeStaleTemporaries, replaceFile } from './atomic-file';
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
  /** Folder holding the user's `<id>.json` files; created by prepare() or the first save. */
  dir: string;
  /** Folder of the shipped example profiles (read only), or null for none. */
  examplesDir: string | null;
  logger: ProfileLogger;
  /** The current time, for the name of a file moved aside. */
  now: () => Date;
}

const JSON_SUFFIX = '.json';
const PREVIOUS_SUFFIX = '.bak';
/** A corrupt file moved aside: `<id>.corrupt-20261203T101500123Z.json` (not a profile id, never listed). */
const CORRUPT_NAME = /\.corrupt-\d{8}T\d{9}Z\.json$/;

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
  readonly #examplesDir: string | null;
  readonly #now: () => Date;
  readonly #logger: ProfileLogger;
  /** Tail of the queue of writes per id; entries are removed once their queue drains. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(options: ProfileStoreOptions) {
    this.#dir = options.dir;
    this.#examplesDir = options.examplesDir;
    this.#now = options.now;
    this.#logger = options.logger;
  }

  /** The user's profiles folder. */
  get dir(): string {
    return this.#dir;
  }

  /**
   * Creates the folder and removes temporary files a killed save left behind (their writer is gone).
   * Resolves with the names removed.
   * @throws ProfileError `io`.
   */
  async prepare(): Promise<string[]> {
    try {
      await mkdir(this.#dir, { recursive: true });
      const removed = await removeStaleTemporaries(this.#dir);
      if (removed.length > 0) this.#logger.info({ dir: this.#dir, removed }, 'removed temporary files left by an interrupted save');
      return removed;
    } catch (error) {
      throw new ProfileError('io', `cannot prepare the profiles folder: ${errorText(error)}`, this.#dir, null);
    }
  }

  /**
   * Every `*.json` in the folder, the ones that load and the ones that do not, plus the shipped examples
   * not in it (with a note). A profile in both places is the user's, with a note naming the example.
   * A missing folder is empty.
   */
  async list(): Promise<ProfileListing> {
    const own = await this.#profileFiles(this.#dir);
    const examples = this.#examplesDir === null ? [] : await this.#profileFiles(this.#examplesDir);
    const results = await Promise.all(own.map((name) => this.#summarise(name)));
    const listing: ProfileListing = { profiles: [], invalid: [] };
    for (const result of results) {
      if (!('venue' in result)) {
        listing.invalid.push(result);
        continue;
      }
      if (examples.includes(`${result.id}${JSON_SUFFIX}`)) {
        result.note = `Yours, in ${this.#dir}: it hides the shipped example of the same id (${this.#exampleName(result.id)}), which is never changed.`;
      }
      listing.profiles.push(result);
    }
    for (const name of examples) {
      if (own.includes(name)) continue;
      const id = name.slice(0, -JSON_SUFFIX.length);
      if (!isProfileId(id)) continue;
      try {
        const summary = this.#summary(id, await this.#readFile(join(this.#examplesDir!, name), this.#exampleName(id)));
        summary.note = `Shipped example (read only): copied to ${this.#dir} when first used.`;
        listing.profiles.push(summary);
      } catch (error) {
        if (!(error instanceof ProfileError)) throw error;
        listing.invalid.push({ id, file: this.#exampleName(id), code: error.code, fieldPath: error.fieldPath, message: error.message });
      }
    }
    listing.profiles.sort((a, b) => a.id.localeCompare(b.id));
    return listing;
  }

  /**
   * The profile `id`, upgraded to the current schema version. A shipped example the user has no file for
   * is first copied into the user's folder (so editing and saving it never touches the install tree).
   * @throws ProfileError `bad-id`, `not-found`, `corrupt` (not JSON), `invalid` (with fieldPath) or `io`.
   */
  async load(id: string): Promise<VenueProfile> {
    this.#checkId(id);
    try {
      return (await this.#read(id, JSON_SUFFIX)).profile;
    } catch (error) {
      if (!(error instanceof ProfileError) || error.code !== 'not-found' || this.#examplesDir === null) throw error;
      const example = await this.#readFile(join(this.#examplesDir, `${id}${JSON_SUFFIX}`), this.#exampleName(id)).catch((exampleError: unknown) => {
        throw exampleError instanceof ProfileError && exampleError.code === 'not-found' ? error : exampleError;
      });
      await this.#enqueue(id, async () => {
        await mkdir(this.#dir, { recursive: true });
        await replaceFile(this.#path(id, JSON_SUFFIX), example.text);
      });
      this.#logger.info({ profile: id, from: this.#exampleName(id), to: this.#path(id, JSON_SUFFIX) }, 'shipped example profile copied on first use');
      return example.profile;
    }
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
   * Validates and writes `profile` as `<id>.json` atomically, keeping the file it replaces as
   * `<id>.json.bak` when it still loads, or moving it aside as `<id>.corrupt-<time>.json` when it does not
   * (the summary's note says so). Resolves with the listing entry of the saved file.
   * @throws ProfileError `bad-id`, `invalid` (nothing is written) or `io`.
   */
  async save(id: string, profile: VenueProfile): Promise<ProfileSummary> {
    this.#checkId(id);
    const file = this.#displayName(id, JSON_SUFFIX);
    const result = profileSchema.safeParse(profile);
    if (!result.success) throw invalidProfileError(result.error, '').inFile(file);
    const text = `${JSON.stringify(result.data, null, 2)}\n`;
    return this.#enqueue(id, async () => {
      let movedAside: string | null;
      try {
        await mkdir(this.#dir, { recursive: true });
        movedAside = await this.#keepPrevious(id);
        await replaceFile(this.#path(id, JSON_SUFFIX), text);
      } catch (error) {
        throw new ProfileError('io', `cannot save: ${errorText(error)}`, file, null);
      }
      this.#logger.info({ profile: id, file, bytes: text.length }, 'profile saved');
      const summary = this.#summary(id, await this.#read(id, JSON_SUFFIX));
      if (movedAside !== null) {
        summary.note = `The earlier ${file} did not load; it was moved aside as ${basename(this.#dir)}/${movedAside}, not overwritten.`;
      }
      return summary;
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

  /**
   * Copies the current file to `.bak` when it still loads. A broken one never replaces a good backup and
   * is never destroyed: it is moved aside, and the name it got is returned (null otherwise).
   */
  async #keepPrevious(id: string): Promise<string | null> {
    let text: string;
    try {
      text = await this.#readText(this.#path(id, JSON_SUFFIX));
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw error;
    }
    try {
      migrateProfile(JSON.parse(text));
    } catch (error) {
      const aside = `${id}.corrupt-${this.#now().toISOString().replace(/[-:.]/g, '')}${JSON_SUFFIX}`;
      await moveFile(this.#path(id, JSON_SUFFIX), join(this.#dir, aside));
      this.#logger.warn({ profile: id, reason: errorText(error), movedTo: aside }, `profile being replaced does not load: moved aside as ${aside}`);
      return aside;
    }
    await replaceFile(this.#path(id, JSON_SUFFIX + PREVIOUS_SUFFIX), text);
    return null;
  }

  /** Profile file names in `dir` (no dot files, no files moved aside), sorted; a missing folder has none. */
  async #profileFiles(dir: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw new ProfileError('io', `cannot list profiles: ${errorText(error)}`, basename(dir), null);
    }
    return names.filter((name) => name.endsWith(JSON_SUFFIX) && !name.startsWith('.') && !CORRUPT_NAME.test(name)).sort();
  }

  #exampleName(id: string): string {
    return `${basename(this.#examplesDir ?? '')}/${id}${JSON_SUFFIX} (shipped)`;
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
    return this.#readFile(this.#path(id, suffix), this.#displayName(id, suffix));
  }

  /** Reads and upgrades one profile file; `file` names it in errors. */
  async #readFile(path: string, file: string): Promise<ReadProfile & { text: string }> {
    let text: string;
    let updatedIso: string;
    try {
      const handle = await open(path, 'r');
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
      return { profile, fileSchemaVersion: version, updatedIso, text };
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
      note: null,
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
