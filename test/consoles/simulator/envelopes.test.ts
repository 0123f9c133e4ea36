import { describe, expect, test } from 'vitest';
import {
  BAR_MS, CHORUS_LIFT_DB, envelopeDb, LEAD_SINGS_MS, PHRASE_CYCLE_MS, preampInputDbfs, sectionLiftDb, SECTION_BARS,
  type SourceModel, type SourceSpec,
} from '../../../server/consoles/simulator/envelopes';

const BLOCK_MS = 50;
const blocks = (model: SourceModel, seed: number, fromMs: number, toMs: number) => {
  const out: number[] = [];
  for (let t = fromMs; t < toMs; t += BLOCK_MS) out.push(envelopeDb(model, seed, t, t + BLOCK_MS));
  return out;
};

describe('performance envelopes', () => {
  test('the kick lands on every beat: the block holding a beat reads within 2 dB of the accent', () => {
    for (let beat = 1; beat < 16; beat++) {
      const atMs = beat * (BAR_MS / 4);
      const around = Math.max(
        envelopeDb({ kind: 'kick' }, 1, atMs - BLOCK_MS, atMs),
        envelopeDb({ kind: 'kick' }, 1, atMs, atMs + BLOCK_MS),
      );
      expect(around).toBeGreaterThan(-2.5);
    }
  });

  test('the lead vocal sings 4 s and breathes 2 s in every cycle', () => {
    for (let cycle = 0; cycle < 3; cycle++) {
      const startMs = cycle * PHRASE_CYCLE_MS;
      const lead: SourceModel = { kind: 'vocal', part: 'lead' };
      const singing = blocks(lead, 7, startMs + BLOCK_MS, startMs + LEAD_SINGS_MS - BLOCK_MS);
      const pause = blocks(lead, 7, startMs + LEAD_SINGS_MS, startMs + PHRASE_CYCLE_MS);
      expect(singing.filter((level) => level > -20).length).toBeGreaterThan(singing.length * 0.6);
      expect(pause.every((level) => level === -Infinity)).toBe(true);
    }
  });

  test('the low harmony sits out every other phrase', () => {
    const firstCycle = blocks({ kind: 'vocal', part: 'low-harmony' }, 3, 0, PHRASE_CYCLE_MS);
    const secondCycle = blocks({ kind: 'vocal', part: 'low-harmony' }, 3, PHRASE_CYCLE_MS, 2 * PHRASE_CYCLE_MS);
    expect(firstCycle.every((level) => level === -Infinity)).toBe(true);
    expect(secondCycle.some((level) => level > -10)).toBe(true);
  });

  test('envelopes never exceed the nominal peak (0 dB relative)', () => {
    const models: SourceModel[] = [
      { kind: 'kick' }, { kind: 'snare' }, { kind: 'hihat' }, { kind: 'tom', drum: 2 }, { kind: 'overhead', side: 'left' },
      { kind: 'bass' }, { kind: 'guitar', part: 'lead' }, { kind: 'keys', side: 'right' }, { kind: 'vocal', part: 'harmony' },
    ];
    for (const model of models) expect(Math.max(...blocks(model, 11, 0, 8000))).toBeLessThanOrEqual(0);
  });

  test('the chorus plays 1.5 dB louder than the verse', () => {
    expect(sectionLiftDb(0)).toBe(0);
    expect(sectionLiftDb(SECTION_BARS * BAR_MS)).toBe(CHORUS_LIFT_DB);
    expect(sectionLiftDb(2 * SECTION_BARS * BAR_MS)).toBe(0);
  });
});

describe('preampInputDbfs', () => {
  const silent: SourceSpec = { model: { kind: 'silent' }, peakAtZeroGainDbfs: -Infinity, noiseAtZeroGainDbfs: -100 };

  test('a silent source reads its noise floor, ±1 dB', () => {
    for (let frame = 0; frame < 100; frame++) {
      const level = preampInputDbfs(silent, 5, 16, frame, BLOCK_MS);
      expect(level).toBeGreaterThanOrEqual(-101);
      expect(level).toBeLessThanOrEqual(-99);
    }
  });

  test('the same coordinates give the same reading; the channel number decorrelates', () => {
    const vocal: SourceSpec = { model: { kind: 'vocal', part: 'lead' }, peakAtZeroGainDbfs: -50, noiseAtZeroGainDbfs: -100 };
    expect(preampInputDbfs(vocal, 9, 13, 40, BLOCK_MS)).toBe(preampInputDbfs(vocal, 9, 13, 40, BLOCK_MS));
    expect(preampInputDbfs(vocal, 9, 13, 40, BLOCK_MS)).not.toBe(preampInputDbfs(vocal, 9, 14, 40, BLOCK_MS));
  });
});
