/** Builders for the UI's pure modules: meter readouts, suggestions and journal entries (snapshots come from the engine's builders). */
import type { Suggestion } from '../../../server/engine/suggestion';
import type { WireJournalEntry } from '../../../server/hub/protocol';
import { EMPTY_READOUT, type MeterReadout, type PointReadout } from '../../../ui/src/lib/meter-readout';

export function point(peakDbfs: number, averageDbfs: number, levelDbfs = averageDbfs): PointReadout {
  return { levelDbfs, peakDbfs, averageDbfs, heldPeakDbfs: peakDbfs };
}

export function makeReadout(overrides: Partial<MeterReadout> = {}): MeterReadout {
  return { ...EMPTY_READOUT, atMs: 0, ...overrides };
}

export function makeSuggestion(overrides: Partial<Suggestion> = {}): Suggestion {
  return {
    id: 'preamp-target:ch1:preamp',
    rule: 'preamp-target',
    severity: 'advice',
    confidence: 0.8,
    target: { kind: 'channel', index: 1 },
    label: 'Ch 1 Kick',
    stage: 'preamp',
    change: { param: 'ch.1.preampGainDb', currentValue: 42, proposedValue: 34, deltaDb: -8 },
    compensation: [],
    evidence: { windowMs: 8000, peakDbfs: -1.5, averageDbfs: -10 },
    reason: 'Ch 1 Kick peaks at -1.5 dBFS: lower the preamp gain 8 dB.',
    purpose: [],
    effect: [],
    residualDb: 0,
    version: '0a1b2c3d',
    dependsOn: [],
    dependencyNote: null,
    ...overrides,
  };
}

/** A journal entry as it arrives on the wire: Ch 1 Kick gain 35 -> 15.5, confirmed. */
export function makeEntry(overrides: Partial<WireJournalEntry> = {}): WireJournalEntry {
  return {
    seq: 1,
    atIso: '2026-11-25T18:03:07.000Z',
    client: 'ab12cd',
    param: 'ch.1.preampGainDb',
    label: 'Ch 1 Kick gain',
    beforeValue: 35,
    requestedValue: 15.5,
    confirmedValue: 15.5,
    origin: 'clipping:ch1:preamp',
    undoOf: null,
    soundcheckId: null,
    secondConfirmation: true,
    actionSeq: overrides.seq ?? 1,
    ...overrides,
  };
}
