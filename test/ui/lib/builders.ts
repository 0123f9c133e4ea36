/** Builders for the UI's pure modules: meter readouts and suggestions (snapshots come from the engine's builders). */
import type { Suggestion } from '../../../server/engine/suggestion';
import { EMPTY_READOUT, type MeterReadout, type PointReadout } from '../../../ui/src/lib/meter-readout';

export function point(peakDbfs: number, averageDbfs: number, levelDbfs = averageDbfs): PointReadout {
  return { levelDbfs, peakDbfs, averageDbfs };
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
    ...overrides,
  };
}
