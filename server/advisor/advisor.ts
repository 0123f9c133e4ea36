/**
 * The advisor keeps meter statistics for the console and asks the (pure) engine for suggestions at a
 * steady rate. It owns what the engine must not: time, the dismissed set, and forgetting levels that a
 * write made obsolete.
 */
import type { Console } from '../consoles/console';
import { fixName } from '../engine/pending-changes';
import { compareSuggestions } from '../engine/suggest';
import type { Suggestion } from '../engine/suggestion';
import type { MeterFrame } from '../model/meter-frame';
import { parseParamId, readParam } from '../model/params';
import type { ConsoleSnapshot } from '../model/stages';
import { Topic, type Unsubscribe } from '../model/topic';
import type { MeterPoint } from '../meters/rolling-meter-statistics';
import type { MeterStatistics } from '../meters/statistics';
import type { VenueProfile } from '../profiles/schema';
import { listeningScope, ResolvedMemory, stageKey, type Resolution } from './resolved-memory';

/** Rolling meter statistics as the advisor uses them (server/meters/rolling-meter-statistics.ts). */
export interface StatisticsKeeper {
  push(frame: MeterFrame): void;
  statistics(windowMs: number): MeterStatistics;
  /** Forgets one point's readings (its level changed on purpose). */
  reset(point: MeterPoint): void;
  /** Counts clips at a new threshold from now on (the venue profile changed). */
  setClipDbfs(clipDbfs: number): void;
}

export type SuggestFn = (
  snapshot: ConsoleSnapshot,
  statistics: MeterStatistics,
  profile: VenueProfile,
  nowMs: number,
  previous: readonly Suggestion[],
) => Suggestion[];

export interface AdvisorOptions {
  console: Console;
  statistics: StatisticsKeeper;
  suggest: SuggestFn;
  profile: VenueProfile;
  /** The listening window the engine judges, ms. */
  windowMs: number;
  /** How often the engine runs, ms. */
  evaluateEveryMs: number;
  nowMs: () => number;
  onError: (error: unknown) => void;
}

interface Dismissal {
  proposedValue: number | null;
  severity: Suggestion['severity'];
}

/** A dismissed suggestion comes back only when its proposal moves by more than this, or it gets more severe. */
const DISMISS_REOPEN_DB = 3;
/** Longest a tablet waits for refreshed evidence figures when nothing material changed, ms. */
const EVIDENCE_REFRESH_MS = 2000;

function materialOf(s: Suggestion): unknown {
  const change = (c: Suggestion['change']) => (c === null ? null : [c.param, c.currentValue, c.proposedValue]);
  return [s.id, s.severity, change(s.change), s.compensation.map(change)];
}

const SEVERITY_RANK: Record<Suggestion['severity'], number> = { info: 0, advice: 1, urgent: 2 };

/**
 * Versions of each suggestion remembered for applies from cards drawn a while ago. Tablets hear a proposal
 * that moved by less than a displayed step only at the evidence pace (server/hub/suggestion-feed.ts), so a
 * card may carry a version many evaluations old; the apply still checks the set against now within 1 dB.
 */
const VERSIONS_KEPT = 64;
/** Applied suggestions remembered to name what resolved another one. */
const APPLIED_KEPT = 16;
/** A desk change within this long of a write, to the value written, is the desk echoing that write, ms. */
const ECHO_MS = 2000;
/** A desk value this close to a suggestion's current value is that value (float32 on the wire), dB. */
const SAME_VALUE_DB = 0.05;

/** True while the desk still holds every value `s` starts from: it has been neither applied nor overtaken. */
function stillProposes(s: Suggestion, snapshot: ConsoleSnapshot): boolean {
  const entries = s.change === null ? [] : [s.change, ...s.compensation];
  return entries.every((c) => {
    const now = readParam(snapshot, c.param);
    return now !== undefined && (now === c.currentValue || Math.abs(now - c.currentValue) < SAME_VALUE_DB);
  });
}

export class Advisor {
  readonly #options: AdvisorOptions;
  readonly #topic: Topic<readonly Suggestion[]>;
  readonly #dismissed = new Map<string, Dismissal>();
  readonly #memory = new ResolvedMemory();
  /** Per suggestion id, the change sets it has shown, oldest first. */
  readonly #versions = new Map<string, Suggestion[]>();
  /** Per listening scope ('ch3', 'mix'): until when its readings are too fresh to judge again, ms. */
  readonly #relistenUntilMs = new Map<string, number>();
  /** When each suggestion shown now first showed, by id, ms. */
  readonly #shownSinceMs = new Map<string, number>();
  /** Suggestions applied from tablets, newest last, with when. */
  #applied: { suggestion: Suggestion; atMs: number }[] = [];
  /** The value and time of the latest write to each parameter: tells a desk's echo from a person. */
  readonly #written = new Map<string, { value: number; atMs: number }>();
  #profile: VenueProfile;
  #all: Suggestion[] = [];
  #visible: Suggestion[] = [];
  /** The list last published, and its JSON once an evidence refresh needed it (null until then). */
  #published: readonly Suggestion[] = [];
  #publishedKey: string | null = null;
  #materialKey = '';
  #publishedAtMs = -Infinity;

  constructor(options: AdvisorOptions) {
    this.#options = options;
    this.#profile = options.profile;
    this.#topic = new Topic(options.onError);
  }

  /** Starts listening; aborting `signal` stops it. */
  start(signal: AbortSignal): void {
    const stopMeters = this.#options.console.onMeters((frame) => this.#options.statistics.push(frame));
    const stopDesk = this.#options.console.onDeskChange((change) => {
      const written = this.#written.get(change.param);
      const echo = written !== undefined && change.atMs - written.atMs <= ECHO_MS && Math.abs(change.value - written.value) < SAME_VALUE_DB;
      // A burst of desk changes (a scene recall, a resync) costs one engine run, on the timer, not one per value.
      if (!echo) this.#forget(change.param, null);
    });
    const timer = setInterval(() => this.evaluate(), this.#options.evaluateEveryMs);
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      stopMeters();
      stopDesk();
    }, { once: true });
  }

  /** Runs the engine once now and publishes when the visible list changed. */
  evaluate(): readonly Suggestion[] {
    try {
      const statistics = this.#options.statistics.statistics(this.#options.windowMs);
      const snapshot = this.#options.console.snapshot();
      const nowMs = this.#options.nowMs();
      this.#all = this.#settle(this.#options.suggest(snapshot, statistics, this.#profile, nowMs, this.#all), snapshot, nowMs);
    } catch (error) {
      this.#options.onError(error);
      return this.#visible;
    }
    const ids = new Set(this.#all.map((s) => s.id));
    for (const id of this.#dismissed.keys()) if (!ids.has(id)) this.#dismissed.delete(id);
    this.#visible = this.#all.filter((s) => !this.#isDismissed(s));
    // Tablets hear at once when what an engineer would act on changes (a suggestion appears, goes, or
    // proposes another value); refreshed evidence figures alone go out at most every EVIDENCE_REFRESH_MS.
    const materialKey = JSON.stringify(this.#visible.map(materialOf));
    const nowMs = this.#options.nowMs();
    const materialChanged = materialKey !== this.#materialKey;
    if (!materialChanged) {
      // The whole lists are serialised only for an evidence refresh that is due (suggestions are never
      // changed once made, so the published list's JSON is what it was when it went out).
      if (nowMs - this.#publishedAtMs < EVIDENCE_REFRESH_MS) return this.#visible;
      const key = JSON.stringify(this.#visible);
      this.#publishedKey ??= JSON.stringify(this.#published);
      if (key === this.#publishedKey) return this.#visible;
      this.#publishedKey = key;
    } else {
      this.#publishedKey = null;
    }
    this.#published = this.#visible;
    this.#materialKey = materialKey;
    this.#publishedAtMs = nowMs;
    this.#topic.emit(this.#visible);
    return this.#visible;
  }

  suggestions(): readonly Suggestion[] {
    return this.#visible;
  }

  find(id: string): Suggestion | undefined {
    return this.#visible.find((s) => s.id === id);
  }

  /** Suggestion `id` as it was shown with `version` (one of its last few change sets), if remembered. */
  shownVersion(id: string, version: string): Suggestion | undefined {
    return this.#versions.get(id)?.find((s) => s.version === version);
  }

  /** Why suggestion `id` went away, if it did lately. */
  resolution(id: string): Resolution | undefined {
    return this.#memory.forId(id);
  }

  /**
   * A tablet applied `suggestion` (as written): it is resolved by its own write, and it does not come back
   * until the desk, the programme or the profile changed measurably (see ResolvedMemory).
   */
  noteApplied(suggestion: Suggestion): void {
    const atMs = this.#options.nowMs();
    this.#memory.record({ suggestion, atMs, by: { id: suggestion.id, name: fixName(suggestion) } });
    this.#applied = [...this.#applied.slice(-(APPLIED_KEPT - 1)), { suggestion, atMs }];
    this.#all = this.#all.filter((s) => s.id !== suggestion.id);
    this.evaluate();
  }

  dismiss(id: string): boolean {
    const suggestion = this.#all.find((s) => s.id === id);
    if (!suggestion) return false;
    this.#dismissed.set(id, { proposedValue: suggestion.change?.proposedValue ?? null, severity: suggestion.severity });
    this.evaluate();
    return true;
  }

  /** Judges with `profile` from now on: its thresholds, and the meters count clips at its clip level. */
  setProfile(profile: VenueProfile): void {
    this.#profile = profile;
    this.#memory.forgetAll();
    this.#options.statistics.setClipDbfs(profile.thresholds.clipDbfs);
    this.evaluate();
  }

  /** The meter statistics over the engine's listening window: what the level model predicts from. */
  meters(): MeterStatistics {
    return this.#options.statistics.statistics(this.#options.windowMs);
  }

  /** The advisor's clock, ms: resolutions are timed with it. */
  nowMs(): number {
    return this.#options.nowMs();
  }

  profile(): VenueProfile {
    return this.#profile;
  }

  /**
   * A parameter changed (applied here or moved at the desk): levels measured before no longer describe the
   * channel, so the engine must listen afresh instead of suggesting the same fix twice. Until a full window
   * has been heard again, what was shown there holds (same figures, same version) and nothing new appears
   * there: a short window's figures are not the ones the engineer should act on.
   * @param origin the journal origin of a write from Headroom (a suggestion id, 'undo', 'recall:...'), or
   * null for a change made at the desk. Anything but a suggestion's own write may make a resolved
   * suggestion needed again.
   */
  forgetLevels(param: string, origin: string | null): void {
    this.#forget(param, origin);
    this.evaluate();
  }

  onSuggestions(listener: (suggestions: readonly Suggestion[]) => void): Unsubscribe {
    return this.#topic.listen(listener);
  }

  /** forgetLevels without running the engine. */
  #forget(param: string, origin: string | null): void {
    const ref = parseParamId(param);
    const nowMs = this.#options.nowMs();
    const until = nowMs + this.#options.windowMs;
    // Fader, on and sends sit after the channel's input meter and dynamics: only the mix changed.
    const afterChannelMeters = ref?.scope === 'channel' && (ref.param === 'faderDb' || ref.param === 'on');
    const stats = this.#options.statistics;
    if (origin !== null) {
      const value = readParam(this.#options.console.snapshot(), param);
      if (value !== undefined) this.#written.set(param, { value, atMs: nowMs });
    }
    if (origin === null || !this.#versions.has(origin)) {
      this.#memory.forgetScope(ref && ref.scope !== 'bus' && ref.scope !== 'matrix' && ref.scope !== 'main' ? `ch${ref.channel}` : 'mix');
    }
    if (ref && ref.scope !== 'bus' && ref.scope !== 'matrix' && ref.scope !== 'main') {
      if (!afterChannelMeters && ref.scope !== 'channel-send') {
        stats.reset({ area: 'channelInput', index: ref.channel });
        stats.reset({ area: 'channelDynGr', index: ref.channel });
        this.#relistenUntilMs.set(`ch${ref.channel}`, until);
      }
      stats.reset({ area: 'channelPostFader', index: ref.channel });
    }
    this.#relistenUntilMs.set('mix', until);
    const snapshot = this.#options.console.snapshot();
    for (const bus of snapshot.buses) stats.reset({ area: 'bus', index: bus.index });
    for (const matrix of snapshot.matrices) stats.reset({ area: 'matrix', index: matrix.index });
    stats.reset({ area: 'main' });
  }

  /**
   * What the advisor shows from one engine result: what was shown holds while its place re-listens after a
   * write; what a write resolved stays away unless something changed measurably; what went away is
   * remembered with its cause.
   */
  #settle(fresh: readonly Suggestion[], snapshot: ConsoleSnapshot, nowMs: number): Suggestion[] {
    const relistening = (s: Suggestion) => (this.#relistenUntilMs.get(listeningScope(s)) ?? -Infinity) > nowMs;
    const previous = new Map(this.#all.map((s) => [stageKey(s), s]));
    const produced = new Set(fresh.map(stageKey));
    const next: Suggestion[] = [];
    for (const s of fresh) {
      const held = previous.get(stageKey(s));
      const heldStill = held !== undefined && stillProposes(held, snapshot);
      // Urgent news is never held back by re-listening: clipping is measured in 500 ms, and a short
      // window's peaks are lower than a full one's, so an urgent verdict from it is real.
      const urgentNews = s.severity === 'urgent' && (!heldStill || SEVERITY_RANK[held.severity] < SEVERITY_RANK.urgent);
      if (relistening(s) && !urgentNews) {
        if (heldStill) next.push(held);
      } else if (!this.#memory.holdsBack(s, this.#profile)) {
        next.push(s);
      }
    }
    const kept = new Set(next.map(stageKey));
    for (const [key, shown] of previous) {
      if (kept.has(key)) continue;
      if (relistening(shown) && stillProposes(shown, snapshot)) next.push(shown);
      else if (!produced.has(key) || !stillProposes(shown, snapshot)) this.#memory.record({ suggestion: shown, atMs: nowMs, by: this.#resolvedBy(shown) });
    }
    const ids = new Set(next.map((s) => s.id));
    for (const id of this.#shownSinceMs.keys()) if (!ids.has(id)) this.#shownSinceMs.delete(id);
    for (const s of next) {
      if (!this.#shownSinceMs.has(s.id)) this.#shownSinceMs.set(s.id, nowMs);
      const versions = this.#versions.get(s.id) ?? [];
      if (versions.at(-1)?.version !== s.version) this.#versions.set(s.id, [...versions.slice(-(VERSIONS_KEPT - 1)), s]);
    }
    return next.sort(compareSuggestions);
  }

  /** The latest suggestion applied since `shown` first showed: what resolved it, if anything did. */
  #resolvedBy(shown: Suggestion): Resolution['by'] {
    const since = this.#shownSinceMs.get(shown.id) ?? -Infinity;
    const write = this.#applied.findLast((a) => a.atMs >= since && a.suggestion.id !== shown.id);
    return write === undefined ? null : { id: write.suggestion.id, name: fixName(write.suggestion) };
  }

  #isDismissed(s: Suggestion): boolean {
    const d = this.#dismissed.get(s.id);
    if (!d) return false;
    if (SEVERITY_RANK[s.severity] > SEVERITY_RANK[d.severity]) return false;
    const proposed = s.change?.proposedValue ?? null;
    if (proposed !== null && d.proposedValue !== null && Math.abs(proposed - d.proposedValue) > DISMISS_REOPEN_DB) return false;
    return true;
  }
}
