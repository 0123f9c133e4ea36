/**
 * The advisor keeps meter statistics for the console and asks the (pure) engine for suggestions at a
 * steady rate. It owns what the engine must not: time, the dismissed set, and forgetting levels that a
 * write made obsolete.
 */
import type { Console } from '../consoles/console';
import type { Suggestion } from '../engine/suggestion';
import type { MeterFrame } from '../model/meter-frame';
import { parseParamId } from '../model/params';
import type { ConsoleSnapshot } from '../model/stages';
import { Topic, type Unsubscribe } from '../model/topic';
import type { MeterPoint } from '../meters/rolling-meter-statistics';
import type { MeterStatistics } from '../meters/statistics';
import type { VenueProfile } from '../profiles/schema';

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

export class Advisor {
  readonly #options: AdvisorOptions;
  readonly #topic: Topic<readonly Suggestion[]>;
  readonly #dismissed = new Map<string, Dismissal>();
  #profile: VenueProfile;
  #all: Suggestion[] = [];
  #visible: Suggestion[] = [];
  #visibleKey = '';
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
    const stopDesk = this.#options.console.onDeskChange((change) => this.forgetLevels(change.param));
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
      this.#all = this.#options.suggest(this.#options.console.snapshot(), statistics, this.#profile, this.#options.nowMs(), this.#all);
    } catch (error) {
      this.#options.onError(error);
      return this.#visible;
    }
    const ids = new Set(this.#all.map((s) => s.id));
    for (const id of this.#dismissed.keys()) if (!ids.has(id)) this.#dismissed.delete(id);
    this.#visible = this.#all.filter((s) => !this.#isDismissed(s));
    // Tablets hear at once when what an engineer would act on changes (a suggestion appears, goes, or
    // proposes another value); refreshed evidence figures alone go out at most every EVIDENCE_REFRESH_MS.
    const key = JSON.stringify(this.#visible);
    const materialKey = JSON.stringify(this.#visible.map(materialOf));
    const nowMs = this.#options.nowMs();
    const evidenceDue = key !== this.#visibleKey && nowMs - this.#publishedAtMs >= EVIDENCE_REFRESH_MS;
    if (materialKey !== this.#materialKey || evidenceDue) {
      this.#visibleKey = key;
      this.#materialKey = materialKey;
      this.#publishedAtMs = nowMs;
      this.#topic.emit(this.#visible);
    }
    return this.#visible;
  }

  suggestions(): readonly Suggestion[] {
    return this.#visible;
  }

  find(id: string): Suggestion | undefined {
    return this.#visible.find((s) => s.id === id);
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
    this.#options.statistics.setClipDbfs(profile.thresholds.clipDbfs);
    this.evaluate();
  }

  /** The meter statistics over the engine's listening window: what the level model predicts from. */
  meters(): MeterStatistics {
    return this.#options.statistics.statistics(this.#options.windowMs);
  }

  profile(): VenueProfile {
    return this.#profile;
  }

  /**
   * A parameter changed (applied here or moved at the desk): levels measured before no longer describe the
   * channel, so the engine must listen afresh instead of suggesting the same fix twice.
   */
  forgetLevels(param: string): void {
    const ref = parseParamId(param);
    // Fader, on and sends sit after the channel's input meter and dynamics: only the mix changed.
    const afterChannelMeters = ref?.scope === 'channel' && (ref.param === 'faderDb' || ref.param === 'on');
    const stats = this.#options.statistics;
    if (ref && ref.scope !== 'bus' && ref.scope !== 'matrix' && ref.scope !== 'main') {
      if (!afterChannelMeters && ref.scope !== 'channel-send') {
        stats.reset({ area: 'channelInput', index: ref.channel });
        stats.reset({ area: 'channelDynGr', index: ref.channel });
      }
      stats.reset({ area: 'channelPostFader', index: ref.channel });
    }
    const snapshot = this.#options.console.snapshot();
    for (const bus of snapshot.buses) stats.reset({ area: 'bus', index: bus.index });
    for (const matrix of snapshot.matrices) stats.reset({ area: 'matrix', index: matrix.index });
    stats.reset({ area: 'main' });
    this.#all = this.#all.filter((s) => !(s.change?.param === param));
    this.evaluate();
  }

  onSuggestions(listener: (suggestions: readonly Suggestion[]) => void): Unsubscribe {
    return this.#topic.listen(listener);
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
