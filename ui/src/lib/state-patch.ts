/**
 * Applies the bridge's deltas (protocol.ts 'delta': a value's path in the snapshot and its new value) to a
 * copy of the state. Only the objects along each path are copied; everything else is shared with the
 * state before, so a view of an unchanged channel keeps its object and does not redraw.
 */
import type { WireStateChange } from '../../../server/hub/protocol';

export type PatchResult<T> = { ok: true; state: T } | { ok: false; path: string };

/** The state after the changes, or the first path that does not lead anywhere in it (then resync). */
export function applyStateChanges<T>(state: T, changes: readonly WireStateChange[]): PatchResult<T> {
  let next: unknown = state;
  for (const change of changes) {
    const keys = change.path === '' ? [] : change.path.split('.');
    const updated = setAt(next, keys, 0, change.value);
    if (updated === MISSING) return { ok: false, path: change.path };
    next = updated;
  }
  return { ok: true, state: next as T };
}

const MISSING = Symbol('missing');

function setAt(node: unknown, keys: readonly string[], depth: number, value: unknown): unknown {
  if (depth === keys.length) return value;
  const key = keys[depth]!;
  if (Array.isArray(node)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= node.length) return MISSING;
    const child = setAt(node[index], keys, depth + 1, value);
    if (child === MISSING) return MISSING;
    const copy = node.slice();
    copy[index] = child;
    return copy;
  }
  if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return MISSING;
  const child = setAt((node as Record<string, unknown>)[key], keys, depth + 1, value);
  if (child === MISSING) return MISSING;
  return { ...(node as Record<string, unknown>), [key]: child };
}
