/**
 * Suggestions for tablets as diffs by stable id. The advisor publishes its whole list; the feed compares it
 * with what tablets were last told, field by field in display form (suggestion-display.ts), and sends what
 * was added, which fields changed, and what went away. A change a tablet would not show is not sent
 * (nor a proposal wobbling by one displayed step).
 * Material fields (the proposal, severity...) go out at once, alone. Fields that tick with every evaluation
 * or desk move (evidence figures, the reason quoting them, confidence, contributors, the compensation's and
 * predicted effect's figures) go out at most once per
 * `evidenceIntervalMs`, for at most `maxEvidencePerInterval` suggestions at a time, those told longest ago
 * first: a desk with sixty open suggestions does not send sixty evidence updates a second. Each diff has
 * the next version number; a tablet that misses one resyncs.
 */
import type { Suggestion } from '../engine/suggestion';
import { Topic, type Unsubscribe } from '../model/topic';
import type { SuggestionPatch } from './protocol';
import { fieldNews } from './suggestion-display';

export interface SuggestionDiff {
  version: number;
  added: Suggestion[];
  changed: SuggestionPatch[];
  removed: string[];
}

export interface SuggestionFeedOptions {
  /** Shortest time between two rounds of ticking figures, ms. */
  evidenceIntervalMs: number;
  /** Most suggestions whose ticking figures go out in one round. */
  maxEvidencePerInterval: number;
  nowMs: () => number;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  onListenerError: (error: unknown) => void;
}

export class SuggestionFeed {
  readonly #options: SuggestionFeedOptions;
  readonly #topic: Topic<SuggestionDiff>;
  /** What tablets were told, by id, in the advisor's order. */
  #sent = new Map<string, Suggestion>();
  /** The advisor's latest list. */
  #latest: readonly Suggestion[] = [];
  #version = 1;
  #evidenceSentAtMs = -Infinity;
  /** When each suggestion's ticking figures last went out (or it was added), ms. */
  readonly #evidenceAtMs = new Map<string, number>();
  #timer: unknown = null;

  constructor(options: SuggestionFeedOptions) {
    this.#options = options;
    this.#topic = new Topic(options.onListenerError);
  }

  get version(): number {
    return this.#version;
  }

  /** Every suggestion as tablets were told (what a connecting tablet gets with `version`). */
  current(): Suggestion[] {
    return [...this.#sent.values()];
  }

  /** The advisor's latest version of one suggestion (with fresh evidence), for a card that is open. */
  latest(id: string): Suggestion | undefined {
    return this.#latest.find((s) => s.id === id);
  }

  onDiff(listener: (diff: SuggestionDiff) => void): Unsubscribe {
    return this.#topic.listen(listener);
  }

  /** Takes the advisor's whole list. */
  update(suggestions: readonly Suggestion[]): void {
    this.#latest = suggestions;
    this.#publish(false);
  }

  /** Stops the pending timer. */
  close(): void {
    if (this.#timer !== null) this.#options.clearTimer(this.#timer);
    this.#timer = null;
  }

  #publish(evidenceDue: boolean): void {
    const added: Suggestion[] = [];
    const changed = new Map<string, SuggestionPatch>();
    const ticking: { id: string; fields: Partial<Suggestion> }[] = [];
    const next = new Map<string, Suggestion>();
    for (const suggestion of this.#latest) {
      const before = this.#sent.get(suggestion.id);
      if (before === undefined || !sameFields(before, suggestion)) {
        added.push(suggestion);
        next.set(suggestion.id, suggestion);
        this.#evidenceAtMs.set(suggestion.id, this.#options.nowMs());
        continue;
      }
      const material: Partial<Suggestion> = {};
      const figures: Partial<Suggestion> = {};
      for (const field of Object.keys(suggestion) as (keyof Suggestion)[]) {
        const news = field === 'id' ? 'same' : fieldNews(before, suggestion, field);
        if (news !== 'same') (news === 'material' ? material : figures as Record<string, unknown>)[field] = suggestion[field] as never;
      }
      if (Object.keys(material).length > 0) changed.set(suggestion.id, { id: suggestion.id, ...material });
      if (Object.keys(figures).length > 0) ticking.push({ id: suggestion.id, fields: figures });
      // What the tablets hold once this diff is applied: figures not sent yet stay as told.
      next.set(suggestion.id, { ...before, ...material });
    }
    const removed = [...this.#sent.keys()].filter((id) => !next.has(id));
    for (const id of removed) this.#evidenceAtMs.delete(id);
    const nowMs = this.#options.nowMs();
    if (ticking.length > 0 && (evidenceDue || nowMs - this.#evidenceSentAtMs >= this.#options.evidenceIntervalMs)) {
      const told = (id: string) => this.#evidenceAtMs.get(id) ?? -Infinity;
      ticking.sort((a, b) => told(a.id) - told(b.id));
      for (const { id, fields } of ticking.splice(0, this.#options.maxEvidencePerInterval)) {
        changed.set(id, { ...(changed.get(id) ?? { id }), ...fields });
        next.set(id, { ...next.get(id)!, ...fields });
        this.#evidenceAtMs.set(id, nowMs);
      }
      this.#evidenceSentAtMs = nowMs;
    }
    if (ticking.length > 0) this.#armTimer(nowMs);
    // Keep the advisor's order for tablets that connect later.
    this.#sent = new Map(this.#latest.map((s) => [s.id, next.get(s.id)!]));
    if (added.length + changed.size + removed.length === 0) return;
    this.#version++;
    this.#topic.emit({ version: this.#version, added, changed: [...changed.values()], removed });
  }

  #armTimer(nowMs: number): void {
    if (this.#timer !== null) return;
    const waitMs = Math.max(0, this.#evidenceSentAtMs + this.#options.evidenceIntervalMs - nowMs);
    this.#timer = this.#options.setTimer(() => {
      this.#timer = null;
      this.#publish(true);
    }, waitMs);
  }
}

/** Same set of fields: a field that appears or goes (contributors) makes the suggestion a replacement. */
function sameFields(a: Suggestion, b: Suggestion): boolean {
  const keysA = Object.keys(a).filter((key) => a[key as keyof Suggestion] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key as keyof Suggestion] !== undefined);
  return keysA.length === keysB.length && keysA.every((key) => keysB.includes(key));
}
