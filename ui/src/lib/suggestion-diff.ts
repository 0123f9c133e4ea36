/**
 * The suggestions a tablet holds, kept up to date from the bridge's diffs (protocol.ts 'suggestions-diff'):
 * added ones (or reshaped: they replace the one with their id), changed fields, removed ids.
 */
import type { Suggestion } from '../../../server/engine/suggestion';
import type { ServerMessage } from '../../../server/hub/protocol';

type Diff = Extract<ServerMessage, { type: 'suggestions-diff' }>;

/** The list after the diff; suggestions it does not mention keep their objects. Order: as held, new ones last. */
export function applySuggestionDiff(held: readonly Suggestion[], diff: Pick<Diff, 'added' | 'changed' | 'removed'>): Suggestion[] {
  const removed = new Set(diff.removed);
  const added = new Map(diff.added.map((s) => [s.id, s]));
  const changed = new Map(diff.changed.map((patch) => [patch.id, patch]));
  const next: Suggestion[] = [];
  for (const suggestion of held) {
    if (removed.has(suggestion.id)) continue;
    const replacement = added.get(suggestion.id);
    if (replacement) {
      next.push(replacement);
      added.delete(suggestion.id);
      continue;
    }
    const patch = changed.get(suggestion.id);
    next.push(patch ? { ...suggestion, ...patch } : suggestion);
  }
  next.push(...added.values());
  return next;
}
