/**
 * What changed between two console snapshots, value by value. A change names the value by its path in the
 * snapshot ("channels.2.faderDb": the third channel's fader; "main.name") and carries its new value. Every
 * value of the snapshot has a path, not only the writable ones (names, EQ frequencies, routing reach the
 * tablets the same way). An array whose length changed (a desk with more channels after its sync) is one
 * change carrying the whole new array. Snapshots share unchanged parts, so equal references end the walk.
 */
import type { ConsoleSnapshot } from '../model/stages';

/** One value of the snapshot that changed. `value` is the new value (a whole subtree for a reshaped one). */
export interface StateChange {
  /** Dot-separated keys and array positions from the snapshot's root: "channels.0.sends.3.levelDb". */
  path: string;
  value: unknown;
}

/** Changes from `before` to `after`, in a stable order (the snapshot's own key order). */
export function diffSnapshots(before: ConsoleSnapshot, after: ConsoleSnapshot): StateChange[] {
  const changes: StateChange[] = [];
  diffValue(before, after, '', changes);
  return changes;
}

function diffValue(before: unknown, after: unknown, path: string, out: StateChange[]): void {
  if (Object.is(before, after)) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) {
      out.push({ path, value: after });
      return;
    }
    for (let i = 0; i < after.length; i++) diffValue(before[i], after[i], join(path, String(i)), out);
    return;
  }
  if (isPlainObject(before) && isPlainObject(after) && sameKeys(before, after)) {
    for (const key of Object.keys(after)) diffValue(before[key], after[key], join(path, key), out);
    return;
  }
  out.push({ path, value: after });
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key));
}
