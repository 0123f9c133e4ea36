/**
 * A suggestion as a tablet shows it: every figure rounded the way the card prints it. Two suggestions with
 * the same display form look the same on every tablet, so nothing needs sending. A proposal (the change and
 * its compensation) is news when a value moves by more than one displayed step (0.1 dB): measured levels
 * make a proposal wobble by one step from one evaluation to the next, and that is not worth a message to
 * every tablet. An apply carries the version of the set the card showed (sent with every proposal that is
 * news); the bridge writes that set if the engine still wants it within 1 dB, else answers apply-changed and
 * the tablet fetches the exact suggestion (suggestion-detail).
 */
import type { Contributor, Evidence, ProposedChange, Suggestion } from '../engine/suggestion';

/**
 * Fields whose changes go out at once: what the suggestion is and the change an apply sends. The rest tick
 * with the measurements and the desk (evidence, the reason quoting it, confidence, contributors, the
 * compensation's and the predicted effect's figures) and go out at the feed's slower pace; the tablet never
 * sends them back (the bridge computes the compensation it writes).
 */
const MATERIAL_FIELDS: ReadonlySet<keyof Suggestion> = new Set<keyof Suggestion>([
  'rule', 'severity', 'target', 'label', 'stage', 'change', 'purpose',
]);

/** 'same': no news for a tablet; 'material': send at once; 'ticking': send at the evidence pace. */
export type FieldNews = 'same' | 'material' | 'ticking';

const round = (value: number, step: number): number => (Number.isFinite(value) ? Math.round(value / step) * step : value);

/** More than one displayed step (0.1 dB) apart; -Infinity only equals itself. */
const PROPOSAL_TOLERANCE_DB = 0.1 + 1e-9;

function sameValue(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= PROPOSAL_TOLERANCE_DB;
}

function sameChange(a: ProposedChange, b: ProposedChange): boolean {
  return a.param === b.param && sameValue(a.currentValue, b.currentValue) && sameValue(a.proposedValue, b.proposedValue) && sameValue(a.deltaDb, b.deltaDb);
}

/** Evidence figures as printed: lengths to 0.1 s, counts whole, dB to 0.1 (suggestion-text.ts on the tablet). */
function displayEvidence(evidence: Evidence): unknown {
  const figures: Record<string, number | undefined> = {};
  for (const key of Object.keys(evidence).sort()) {
    const value = evidence[key];
    if (value === undefined) continue;
    figures[key] = key.endsWith('Ms') ? round(value, 100) : key.endsWith('Count') ? value : round(value, 0.1);
  }
  return figures;
}

function displayContributor(contributor: Contributor): unknown {
  return [contributor.label, JSON.stringify(contributor.target), round(contributor.levelDbfs, 0.1)];
}

/** What a tablet showing `told` needs to hear about `field` of `now`. */
export function fieldNews(told: Suggestion, now: Suggestion, field: keyof Suggestion): FieldNews {
  if (sameField(told, now, field)) return 'same';
  // The version names the change set an apply writes: it travels with a proposal that is news, else ticks.
  if (field === 'version') {
    return fieldNews(told, now, 'change') === 'material' || fieldNews(told, now, 'compensation') === 'material' ? 'material' : 'ticking';
  }
  // Another set of compensating parameters is another proposal; new figures for the same ones only tick.
  if (field === 'compensation') {
    const sameParams = told.compensation.length === now.compensation.length && told.compensation.every((c, i) => c.param === now.compensation[i]!.param);
    return sameParams ? 'ticking' : 'material';
  }
  return MATERIAL_FIELDS.has(field) ? 'material' : 'ticking';
}

function sameField(told: Suggestion, now: Suggestion, field: keyof Suggestion): boolean {
  if (field === 'change') return told.change === null || now.change === null ? told.change === now.change : sameChange(told.change, now.change);
  if (field === 'compensation') {
    return told.compensation.length === now.compensation.length && told.compensation.every((c, i) => sameChange(c, now.compensation[i]!));
  }
  // The predicted effect at the PA and in the mixes follows the proposal, and wobbles with it.
  if (field === 'effect') {
    return told.effect.length === now.effect.length &&
      told.effect.every((e, i) => e.mix === now.effect[i]!.mix && e.label === now.effect[i]!.label && e.purpose === now.effect[i]!.purpose && sameValue(e.deltaDb, now.effect[i]!.deltaDb));
  }
  if (field === 'residualDb') return sameValue(told.residualDb, now.residualDb);
  return displayField(told, field) === displayField(now, field);
}

/** One field's display form, as a string that is equal exactly when the tablet shows the same. */
function displayField(suggestion: Suggestion, field: keyof Suggestion): string {
  switch (field) {
    case 'evidence': return JSON.stringify(displayEvidence(suggestion.evidence));
    case 'contributors': return JSON.stringify(suggestion.contributors?.map(displayContributor) ?? null);
    // Shown as a whole percentage.
    case 'confidence': return String(Math.round(suggestion.confidence * 100));
    default: return JSON.stringify(suggestion[field]);
  }
}
