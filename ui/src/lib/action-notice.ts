/**
 * One notice per engineer action: the first line sums up everything the action wrote ("Ch 1 Kick: Gain
 * 35.0 → 16.0 dB (−19.0) + 4 compensating moves, confirmed by the desk."), the list of each value the desk
 * confirmed goes underneath, folded away.
 */
import type { Suggestion } from '../../../server/engine/suggestion';
import { formatChange } from './suggestion-text';

/** "+ 4 compensating moves"; empty for none. */
export function compensationText(count: number): string {
  if (count <= 0) return '';
  return ` + ${count} compensating ${count === 1 ? 'move' : 'moves'}`;
}

/** The summary of an applied suggestion once the desk confirmed all `confirmed` values (`adjusted` of them not as asked). */
export function appliedSummary(suggestion: Pick<Suggestion, 'label' | 'change' | 'compensation'>, adjusted: number): string {
  const what = suggestion.change ? `${suggestion.label}: ${formatChange(suggestion.change)}` : suggestion.label;
  const desk = adjusted === 0 ? 'confirmed by the desk' : `confirmed by the desk (${adjusted} on the desk's own grid, see the list)`;
  return `${what}${compensationText(suggestion.compensation.length)}, ${desk}.`;
}
