import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { WireJournalEntry } from '../../../server/hub/protocol';
import { lastChange, lastUndoable, mergeEntries, soundcheckWritesInForce, undoneBy } from '../../../ui/src/lib/journal-book';
import { makeEntry } from './builders';

const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 18, 0, second)).toISOString();

describe('mergeEntries', () => {
  test('keeps one entry per seq, oldest first, the incoming one winning', () => {
    const merged = mergeEntries([makeEntry({ seq: 3 }), makeEntry({ seq: 1 })], [makeEntry({ seq: 2 }), makeEntry({ seq: 3, label: 'new' })]);
    expect(merged.map((e) => [e.seq, e.label])).toEqual([[1, 'Ch 1 Kick gain'], [2, 'Ch 1 Kick gain'], [3, 'new']]);
  });
});

describe('undoneBy', () => {
  test('an undo undoes its entry; undoing the undo (a redo) puts the entry back in force', () => {
    const write = makeEntry({ seq: 1 });
    const undo = makeEntry({ seq: 2, origin: 'undo', undoOf: 1 });
    expect([...undoneBy([write, undo])]).toEqual([[1, 2]]);
    const redo = makeEntry({ seq: 3, origin: 'undo', undoOf: 2 });
    expect([...undoneBy([write, undo, redo])]).toEqual([[2, 3]]);
    const again = makeEntry({ seq: 4, origin: 'undo', undoOf: 1 });
    expect(new Map(undoneBy([write, undo, redo, again]))).toEqual(new Map([[1, 4], [2, 3]]));
  });

  test('matches a model of the bridge for any sequence of writes, undos and redos', () => {
    // Each step writes a new value, or undoes the n-th entry still in force (an undo entry too: a redo).
    const steps = fc.array(fc.oneof(fc.constant<'write'>('write'), fc.nat({ max: 20 })), { maxLength: 40 });
    fc.assert(
      fc.property(steps, (plan) => {
        const entries: WireJournalEntry[] = [];
        // How many undos in force point at each entry: an entry with any is undone. An undo going out of
        // force (it was undone) or into force (redone) moves its target, which may be an undo in turn.
        const undos = new Map<number, number>();
        const inForce = (seq: number) => (undos.get(seq) ?? 0) === 0;
        const setInForce = (entry: WireJournalEntry, now: boolean): void => {
          if (entry.undoOf === null) return;
          const was = inForce(entry.undoOf);
          undos.set(entry.undoOf, (undos.get(entry.undoOf) ?? 0) + (now ? 1 : -1));
          if (inForce(entry.undoOf) !== was) setInForce(entries[entry.undoOf - 1]!, !was);
        };
        for (const step of plan) {
          const seq = entries.length + 1;
          if (step === 'write') {
            entries.push(makeEntry({ seq }));
            continue;
          }
          const undoable = entries.filter((e) => inForce(e.seq));
          if (undoable.length === 0) continue;
          const undo = makeEntry({ seq, origin: 'undo', undoOf: undoable[step % undoable.length]!.seq });
          entries.push(undo);
          setInForce(undo, true);
        }
        expect(new Set(undoneBy(entries).keys())).toEqual(new Set(entries.filter((e) => !inForce(e.seq)).map((e) => e.seq)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the last change', () => {
  const gain = makeEntry({ seq: 1, atIso: at(0) });
  /** A compensating send written as part of action `actionSeq` (default: the gain change's). */
  const send = (seq: number, second: number, overrides: Partial<WireJournalEntry> = {}) =>
    makeEntry({ seq, atIso: at(second), param: `ch.1.send.${seq}.levelDb`, label: `Ch 1 Kick send to Bus ${seq}`, actionSeq: 1, ...overrides });

  test.each<[string, WireJournalEntry[], number[]]>([
    ['a change and its compensating sends, newest first', [gain, send(2, 0), send(3, 1)], [3, 2, 1]],
    ['stops at a write of another action', [gain, send(2, 0, { actionSeq: 2 }), send(3, 0, { actionSeq: 2 })], [3, 2]],
    ['the same suggestion applied twice is two actions', [gain, makeEntry({ seq: 2, atIso: at(1) })], [2]],
    ['a write of the same action that was undone on its own stays undone', [gain, send(2, 0), send(3, 0), makeEntry({ seq: 4, origin: 'undo', undoOf: 2, actionSeq: 4 })], [3, 1]],
    ['skips undos and what they undid', [gain, send(2, 0, { actionSeq: 2 }), makeEntry({ seq: 3, origin: 'undo', undoOf: 2, actionSeq: 3 })], [1]],
    ['nothing left to undo', [gain, makeEntry({ seq: 2, origin: 'undo', undoOf: 1, actionSeq: 2 })], []],
  ])('%s', (_name, entries, seqs) => {
    expect(lastChange(entries, undoneBy(entries)).map((e) => e.seq)).toEqual(seqs);
  });

  test('lastUndoable is the newest write that is neither an undo nor undone', () => {
    const entries = [gain, send(2, 0), makeEntry({ seq: 3, origin: 'undo', undoOf: 2 })];
    expect(lastUndoable(entries, undoneBy(entries))?.seq).toBe(1);
  });

  test('a soundcheck’s writes in force, newest first', () => {
    const entries = [
      makeEntry({ seq: 1, soundcheckId: 'sc1' }),
      makeEntry({ seq: 2, soundcheckId: 'sc2' }),
      makeEntry({ seq: 3, soundcheckId: 'sc1' }),
      makeEntry({ seq: 4, soundcheckId: 'sc1' }),
      makeEntry({ seq: 5, origin: 'undo', undoOf: 3 }),
    ];
    expect(soundcheckWritesInForce(entries, undoneBy(entries), 'sc1').map((e) => e.seq)).toEqual([4, 1]);
  });
});
