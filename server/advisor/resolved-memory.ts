/**
 * What the advisor remembers of suggestions that went away, and why: so an apply that arrives after its
 * suggestion was resolved is answered with the reason ("resolved by Ch 1 Kick's gain fix a moment ago"), and
 * so a suggestion resolved by a write does not come back with a slightly different figure (a master fader
 * moves once, not in successive corrections) unless the desk, the programme or the profile changed measurably.
 */
import type { RuleId, Suggestion } from '../engine/suggestion';
import type { VenueProfile } from '../profiles/schema';

/** Why a suggestion went away. */
export interface Resolution {
  /** The suggestion as it was last shown. */
  suggestion: Suggestion;
  atMs: number;
  /** The applied suggestion whose write resolved it (itself when it was applied); null when the level came back inside on its own. */
  by: { id: string; name: string } | null;
}

/** Most resolutions kept for apply answers (oldest forgotten first). */
const MAX_REMEMBERED = 128;

/** "clipping:ch1:preamp" -> "ch1:preamp": one place in the signal flow, whichever rule judges it. */
export function stageKey(suggestion: Pick<Suggestion, 'id'>): string {
  return suggestion.id.slice(suggestion.id.indexOf(':') + 1);
}

/** 'ch3' for a channel suggestion, 'mix' for buses, matrices, the main and amp feeds: what a write's reset touches. */
export function listeningScope(suggestion: Pick<Suggestion, 'target'>): string {
  return suggestion.target.kind === 'channel' ? `ch${suggestion.target.index}` : 'mix';
}

/**
 * How far a resolved suggestion's new proposal must reach before it comes back, dB: beyond the model's
 * error band and the song's own movement (verse to chorus), i.e. the programme changed measurably. Clipping
 * is measured at the converter, not predicted: it always comes back (0). See docs/rules.md, "No flapping".
 */
export function reopenMarginDb(rule: RuleId, profile: VenueProfile): number {
  const t = profile.thresholds;
  switch (rule) {
    case 'clipping': return 0;
    case 'preamp-target':
    case 'noise-floor':
    case 'bus-headroom':
    case 'main-headroom':
    case 'amp-feed':
      return 2 * t.preampToleranceDb;
    case 'processor-gain': return t.processorGainDb;
    case 'compression-depth': return t.compressionDepthDb / 2;
  }
}

const SEVERITY_RANK: Record<Suggestion['severity'], number> = { info: 0, advice: 1, urgent: 2 };

export class ResolvedMemory {
  /** By stage key: what went away at each place in the signal flow. */
  readonly #byKey = new Map<string, Resolution>();
  /** By suggestion id, newest last: what an apply of that id is answered with. */
  readonly #byId = new Map<string, Resolution>();

  record(resolution: Resolution): void {
    this.#byKey.set(stageKey(resolution.suggestion), resolution);
    this.#byId.delete(resolution.suggestion.id);
    this.#byId.set(resolution.suggestion.id, resolution);
    if (this.#byId.size > MAX_REMEMBERED) this.#byId.delete(this.#byId.keys().next().value!);
  }

  forId(id: string): Resolution | undefined {
    return this.#byId.get(id);
  }

  /**
   * True when `suggestion` takes up a place a write resolved and nothing changed measurably since: not
   * urgent, no more severe, and a proposal within the rule's reopen margin. Urgent always comes back: a fix
   * lands a tolerance inside its threshold, so a converter or an amplifier clipping again is the programme
   * changing, and safety comes first. A suggestion that does come back ends the hold.
   */
  holdsBack(suggestion: Suggestion, profile: VenueProfile): boolean {
    const key = stageKey(suggestion);
    const resolved = this.#byKey.get(key);
    if (resolved === undefined || resolved.by === null) return false;
    const moreSevere = SEVERITY_RANK[suggestion.severity] > SEVERITY_RANK[resolved.suggestion.severity];
    const reach = Math.abs(suggestion.change?.deltaDb ?? 0);
    const urgent = suggestion.severity === 'urgent';
    if (urgent || moreSevere || suggestion.change === null || reach >= reopenMarginDb(suggestion.rule, profile)) {
      this.#byKey.delete(key);
      return false;
    }
    return true;
  }

  /** Someone else changed the desk in `scope` (and so every mix): what was resolved there may be needed again. */
  forgetScope(scope: string): void {
    for (const [key, resolution] of this.#byKey) {
      const at = listeningScope(resolution.suggestion);
      if (at === scope || at === 'mix') this.#byKey.delete(key);
    }
  }

  /** The profile changed: every judgement starts afresh. */
  forgetAll(): void {
    this.#byKey.clear();
  }
}
