/**
 * Venue profiles as the engineer uses them: list, activate (the engine then judges with the venue's
 * targets, thresholds and amplifiers), save the console as it stands after soundcheck, preview a recall as a
 * per-channel diff with drift against earlier visits, recall through the safety path, import and export.
 * Transport-free: the hub turns these into messages and endpoints.
 */
import type { Console } from '../consoles/console';
import type { MeterStatistics } from '../meters/statistics';
import { drift, channelLevelsFrom, type DriftNote } from '../profiles/drift';
import { profileFromSnapshot } from '../profiles/from-snapshot';
import { migrateProfile } from '../profiles/migrate';
import { ProfileError } from '../profiles/profile-error';
import type { ProfileListing, ProfileStore, ProfileSummary } from '../profiles/profile-store';
import { diffProfile, type RecallSelection } from '../profiles/recall-diff';
import { recallPlan } from './recall-plan';
import type { VenueProfile } from '../profiles/schema';
import type { RecallPreview } from './recall-preview';
import type { JournalEntry } from '../safety/journal';
import { WriteError, type SafeWriter } from '../safety/safe-writer';

export interface VenueServiceOptions {
  store: ProfileStore;
  console: Console;
  /** Levels heard during soundcheck (what a saved profile records and drift compares). */
  statistics: () => MeterStatistics;
  writer: SafeWriter;
  /** The profile in force changed: the engine must judge with it from now on. */
  onActivate: (profile: VenueProfile, id: string | null) => void;
  todayIso: () => string;
  initial: { id: string | null; profile: VenueProfile };
}

export interface RecallResult {
  applied: JournalEntry[];
  failed: { param: string; message: string }[];
}

/** Largest profile accepted from a tablet upload, bytes (a 144-channel profile with years of history is ~1 MB). */
export const MAX_PROFILE_BYTES = 2 * 1024 * 1024;

export class VenueService {
  readonly #options: VenueServiceOptions;
  #active: { id: string | null; profile: VenueProfile };

  constructor(options: VenueServiceOptions) {
    this.#options = options;
    this.#active = options.initial;
  }

  active(): { id: string | null; profile: VenueProfile } {
    return this.#active;
  }

  list(): Promise<ProfileListing> {
    return this.#options.store.list();
  }

  /** Loads a profile and makes it the one the engine uses; nothing is written to the console. */
  async activate(id: string): Promise<RecallPreview> {
    const profile = await this.#options.store.load(id);
    this.#active = { id, profile };
    this.#options.onActivate(profile, id);
    return this.#preview(id, profile, { kind: 'preamps' });
  }

  /** The per-channel diff a recall would apply, and drift against earlier visits. */
  async preview(id: string, selection: RecallSelection): Promise<RecallPreview> {
    return this.#preview(id, await this.#options.store.load(id), selection);
  }

  /** Drift of today's soundcheck levels against the active profile's history. */
  driftNow(): DriftNote[] {
    const { snapshot, statistics } = this.#levels();
    return drift(this.#active.profile, channelLevelsFrom(snapshot, statistics), this.#options.todayIso());
  }

  /**
   * Saves the console as it stands (channel plan, gains, trims and today's measured levels) under `id`,
   * keeping the venue's calibration, targets, amplifiers and history when the profile exists.
   */
  async saveCurrent(id: string, venue: string | null): Promise<ProfileSummary> {
    const base = await this.#loadIfExists(id) ?? (this.#active.id === null ? null : this.#active.profile);
    const { snapshot, statistics } = this.#levels();
    const profile = profileFromSnapshot(snapshot, statistics, base, this.#options.todayIso());
    const named: VenueProfile = {
      ...profile,
      venue: venue ?? base?.venue ?? id,
      consoleModel: snapshot.identity.model,
    };
    const summary = await this.#options.store.save(id, named);
    if (this.#active.id === id || this.#active.id === null) {
      this.#active = { id, profile: named };
      this.#options.onActivate(named, id);
    }
    return summary;
  }

  /**
   * Applies the stored gains/trims of the selection, with the compensation that keeps every mix where it was,
   * through the safety path as one action (journalled together, so "undo the last change" takes the whole
   * recall back). Every change is checked before any is
   * written; a console failure on one does not stop the others, and every failure is reported.
   * @param confirmed the engineer saw the diff and confirmed (recalls can exceed the per-apply step limit).
   */
  async recall(id: string, selection: RecallSelection, client: string, confirmed: boolean): Promise<RecallResult> {
    const profile = await this.#options.store.load(id);
    const snapshot = this.#options.console.snapshot();
    const changes = recallPlan(snapshot, diffProfile(snapshot, profile, selection), this.#options.statistics()).writes
      .map((w) => ({ param: w.param, value: w.proposedValue, compensation: w.compensation }));
    if (changes.length === 0) return { applied: [], failed: [] };
    try {
      const outcome = await this.#options.writer.applyAll({
        changes, client, origin: `recall:${id}`, confirmed, soundcheckId: null, onFailure: 'stop', purpose: [],
      });
      return { applied: outcome.entries, failed: outcome.failures.map((f) => ({ param: f.param, message: f.message })) };
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      return { applied: [], failed: changes.map((c) => ({ param: c.param, message: error.message })) };
    }
  }

  /** The stored file's content, migrated to the current schema, as pretty JSON for download. */
  async exportText(id: string): Promise<string> {
    return `${JSON.stringify(await this.#options.store.load(id), null, 2)}\n`;
  }

  /** Validates (and migrates) an uploaded profile and saves it under `id`. */
  async importText(id: string, text: string): Promise<ProfileSummary> {
    if (text.length > MAX_PROFILE_BYTES) {
      throw new ProfileError('invalid', `the file is larger than ${MAX_PROFILE_BYTES} bytes`, `upload:${id}.json`, null);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ProfileError('corrupt', `not JSON: ${(error as Error).message}`, `upload:${id}.json`, null);
    }
    let profile: VenueProfile;
    try {
      profile = migrateProfile(raw);
    } catch (error) {
      throw error instanceof ProfileError ? error.inFile(`upload:${id}.json`) : error;
    }
    return this.#options.store.save(id, profile);
  }

  #preview(id: string, profile: VenueProfile, selection: RecallSelection): RecallPreview {
    const { snapshot, statistics } = this.#levels();
    const diff = diffProfile(snapshot, profile, selection);
    return {
      id,
      venue: profile.venue,
      diff,
      drift: drift(profile, channelLevelsFrom(snapshot, statistics), this.#options.todayIso()),
      plan: recallPlan(snapshot, diff, statistics),
    };
  }

  #levels(): { snapshot: ReturnType<Console['snapshot']>; statistics: MeterStatistics } {
    return { snapshot: this.#options.console.snapshot(), statistics: this.#options.statistics() };
  }

  async #loadIfExists(id: string): Promise<VenueProfile | null> {
    try {
      return await this.#options.store.load(id);
    } catch (error) {
      if (error instanceof ProfileError && error.code === 'not-found') return null;
      throw error;
    }
  }
}

export type { RecallPreview };
