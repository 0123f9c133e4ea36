/**
 * Deterministic source generators: what each musician plays, as the reading a desk meter shows for one
 * block of time — the PEAK within the block (X32 meters report block peaks, not RMS).
 *
 * The song: 120 BPM in 4/4 (a bar is 2000 ms), sections of 8 bars alternating verse and chorus (the band
 * lifts 1.5 dB in the chorus), a tom fill every 4th bar and a crash after it, vocal phrases on a 6 s
 * cycle (the lead sings 4 s and breathes 2 s). Every random figure comes from `uniformAt` addressed by
 * (seed, voice, bar, hit), so the drum channels and the overheads hear the very same hits.
 */
import { sumLevelsDb } from '../../model/db';
import { uniformAt, uniformBetween } from './prng';

/** Length of one bar at 120 BPM, ms. */
export const BAR_MS = 2000;
const BEAT_MS = BAR_MS / 4;
const EIGHTH_MS = BAR_MS / 8;
const SIXTEENTH_MS = BAR_MS / 16;
/** Bars per song section (verse or chorus). */
export const SECTION_BARS = 8;
/** How much louder the band plays in a chorus than in a verse, dB. */
export const CHORUS_LIFT_DB = 1.5;
/** One vocal phrase plus its pause, ms. */
export const PHRASE_CYCLE_MS = 6000;
/** Part of each phrase cycle the lead vocalist sings, ms; the rest is a breath. */
export const LEAD_SINGS_MS = 4000;

export type SourceModel =
  | { kind: 'kick' }
  | { kind: 'snare' }
  | { kind: 'hihat' }
  | { kind: 'tom'; drum: 1 | 2 }
  | { kind: 'overhead'; side: 'left' | 'right' }
  | { kind: 'bass' }
  | { kind: 'guitar'; part: 'rhythm' | 'lead' }
  | { kind: 'keys'; side: 'left' | 'right' }
  | { kind: 'vocal'; part: 'lead' | 'harmony' | 'low-harmony' }
  | { kind: 'silent' };

/** A source plugged into a channel, with its levels at the preamp output for 0 dB preamp gain. */
export interface SourceSpec {
  model: SourceModel;
  /** Block peak of the loudest accents at 0 dB preamp gain, dBFS (before the chorus lift). */
  peakAtZeroGainDbfs: number;
  /**
   * Block peak of the analog noise floor (preamp noise, amp hum) at 0 dB preamp gain, dBFS. Like the
   * signal it rises dB for dB with preamp gain, so a channel's signal-to-noise ratio is set at the source.
   */
  noiseAtZeroGainDbfs: number;
}

/** One hit or note: starts at `atMs` at `levelDb` (relative to the source's peak), decays, stops at `endMs`. */
interface SourceEvent {
  atMs: number;
  endMs: number;
  levelDb: number;
  decayDbPerS: number;
}

/** Events of one period (a bar or a phrase cycle), with how many earlier periods may still ring into it. */
interface Generator {
  periodMs: number;
  lookbackPeriods: number;
  events(seed: number, period: number): SourceEvent[];
}

/** Independent random streams; drum voices are keyed by voice, not channel, so every mic hears one hit. */
const STREAM = {
  kick: 1, snare: 2, hihat: 3, tom1: 4, tom2: 5, crash: 6, bass: 7, rhythmGuitar: 8, leadGuitar: 9,
  keys: 10, vocal: 11, blockJitter: 12, noise: 13,
} as const;

/** Wobble of block peaks around the envelope (waveform detail), dB below the envelope. */
const BLOCK_JITTER_DB: Record<SourceModel['kind'], number> = {
  kick: 0.5, snare: 0.5, hihat: 0.5, tom: 0.5, overhead: 1, bass: 2, guitar: 2, keys: 1.5, vocal: 2.5, silent: 0,
};
/** Block-to-block spread of the noise floor's peak reading, ±dB. */
const NOISE_SPREAD_DB = 1;
const HUMANISE_MS = 4;

/**
 * Reading at the preamp output for one block with 0 dB preamp gain, dBFS: the source's block peak
 * power-summed with the noise floor. Frame `frame` covers [frame * frameIntervalMs, (frame + 1) * frameIntervalMs).
 */
export function preampInputDbfs(
  source: SourceSpec,
  seed: number,
  channel: number,
  frame: number,
  frameIntervalMs: number,
): number {
  const startMs = frame * frameIntervalMs;
  const envelope = envelopeDb(source.model, seed, startMs, startMs + frameIntervalMs);
  const wobbleDb = uniformBetween(-BLOCK_JITTER_DB[source.model.kind], 0, [seed, STREAM.blockJitter, channel, frame]);
  const signalDbfs = envelope + source.peakAtZeroGainDbfs + sectionLiftDb(startMs) + wobbleDb;
  const noiseDbfs =
    source.noiseAtZeroGainDbfs + uniformBetween(-NOISE_SPREAD_DB, NOISE_SPREAD_DB, [seed, STREAM.noise, channel, frame]);
  return sumLevelsDb([signalDbfs, noiseDbfs]);
}

/**
 * Block peak of a source's performance in [startMs, endMs), dB relative to its loudest accent (0);
 * -Infinity when it is not playing. No noise, no chorus lift.
 */
export function envelopeDb(model: SourceModel, seed: number, startMs: number, endMs: number): number {
  const generator = generatorFor(model);
  if (generator === null) return -Infinity;
  const first = Math.max(0, Math.floor(startMs / generator.periodMs) - generator.lookbackPeriods);
  const last = Math.floor(endMs / generator.periodMs);
  let level = -Infinity;
  for (let period = first; period <= last; period++) {
    for (const event of generator.events(seed, period)) {
      if (event.atMs >= endMs || event.endMs <= startMs) continue;
      // The loudest point of a decaying event inside the block is where the block (or the event) starts.
      const sinceMs = Math.max(0, startMs - event.atMs);
      level = Math.max(level, event.levelDb - (event.decayDbPerS * sinceMs) / 1000);
    }
  }
  return level;
}

/** Chorus lift at a point of the song, dB (0 in a verse). */
export function sectionLiftDb(atMs: number): number {
  const section = Math.floor(atMs / (BAR_MS * SECTION_BARS));
  return section % 2 === 1 ? CHORUS_LIFT_DB : 0;
}

function generatorFor(model: SourceModel): Generator | null {
  switch (model.kind) {
    case 'kick': return barGenerator(1, kickHits);
    case 'snare': return barGenerator(1, snareHits);
    case 'hihat': return barGenerator(1, hihatHits);
    case 'tom': return barGenerator(1, (seed, bar) => tomHits(seed, bar, model.drum));
    case 'overhead': return barGenerator(2, (seed, bar) => overheadHits(seed, bar, model.side));
    case 'bass': return barGenerator(1, bassNotes);
    case 'guitar': return barGenerator(1, model.part === 'rhythm' ? rhythmGuitarNotes : leadGuitarNotes);
    case 'keys': return barGenerator(1, keysChords);
    case 'vocal':
      return { periodMs: PHRASE_CYCLE_MS, lookbackPeriods: 0, events: (seed, cycle) => vocalPhrase(seed, cycle, model.part) };
    case 'silent': return null;
  }
}

function barGenerator(lookbackPeriods: number, events: (seed: number, bar: number) => SourceEvent[]): Generator {
  return { periodMs: BAR_MS, lookbackPeriods, events };
}

/** Tom fill on the last beat of every 4th bar (so even a short listen hears the toms). */
function isFillBar(bar: number): boolean {
  return bar % 4 === 3;
}

/** How a voice sounds: how much softer than its accent a hit may come out, and how fast it dies away. */
interface Touch {
  spreadDb: number;
  decayDbPerS: number;
}

// A kick ringing at 45 dB/s keeps a too-hot kick clipping for three 50 ms blocks per hit.
const TOUCH = {
  kick: { spreadDb: 1.5, decayDbPerS: 45 },
  snare: { spreadDb: 1.5, decayDbPerS: 70 },
  ghost: { spreadDb: 2, decayDbPerS: 70 },
  hihat: { spreadDb: 1, decayDbPerS: 120 },
  tom: { spreadDb: 2, decayDbPerS: 30 },
  crash: { spreadDb: 1, decayDbPerS: 8 },
  bass: { spreadDb: 3, decayDbPerS: 15 },
  strum: { spreadDb: 2, decayDbPerS: 20 },
  lick: { spreadDb: 6, decayDbPerS: 8 },
  chord: { spreadDb: 2, decayDbPerS: 8 },
} satisfies Record<string, Touch>;

/**
 * A humanised hit `offsetMs` into `bar` with accent `levelDb`: a few ms early or late, up to
 * `touch.spreadDb` softer; it rings until `lengthMs` later (default: until it has decayed away).
 */
function hit(
  seed: number, stream: number, bar: number, offsetMs: number, levelDb: number, touch: Touch, lengthMs = Infinity,
): SourceEvent {
  const key = [seed, stream, bar, Math.round(offsetMs)];
  const atMs = bar * BAR_MS + offsetMs + uniformBetween(-HUMANISE_MS, HUMANISE_MS, [...key, 1]);
  return {
    atMs,
    endMs: atMs + lengthMs,
    levelDb: levelDb - uniformBetween(0, touch.spreadDb, [...key, 2]),
    decayDbPerS: touch.decayDbPerS,
  };
}

/** Four on the floor plus an "and" of 2 half the time and an "and" of 4 now and then. */
function kickHits(seed: number, bar: number): SourceEvent[] {
  const hits = [0, 1, 2, 3].map((beat) =>
    hit(seed, STREAM.kick, bar, beat * BEAT_MS, beat === 0 ? 0 : -0.5, TOUCH.kick),
  );
  if (uniformAt([seed, STREAM.kick, bar, 3]) < 0.5) hits.push(hit(seed, STREAM.kick, bar, 3 * EIGHTH_MS, -2, TOUCH.kick));
  if (!isFillBar(bar) && uniformAt([seed, STREAM.kick, bar, 7]) < 0.3) {
    hits.push(hit(seed, STREAM.kick, bar, 7 * EIGHTH_MS, -2, TOUCH.kick));
  }
  return hits;
}

/** Backbeat on 2 and 4 (beat 4 gives way to a fill), a ghost note now and then. */
function snareHits(seed: number, bar: number): SourceEvent[] {
  const hits = [hit(seed, STREAM.snare, bar, BEAT_MS, 0, TOUCH.snare)];
  if (!isFillBar(bar)) hits.push(hit(seed, STREAM.snare, bar, 3 * BEAT_MS, 0, TOUCH.snare));
  if (uniformAt([seed, STREAM.snare, bar, 5]) < 0.3) {
    hits.push(hit(seed, STREAM.snare, bar, 5 * EIGHTH_MS, -16, TOUCH.ghost));
  }
  return hits;
}

/** Closed hats on eighths, accented on the beat; the drummer leaves them for the fill. */
function hihatHits(seed: number, bar: number): SourceEvent[] {
  const eighths = isFillBar(bar) ? 6 : 8;
  const hits: SourceEvent[] = [];
  for (let e = 0; e < eighths; e++) {
    hits.push(hit(seed, STREAM.hihat, bar, e * EIGHTH_MS, e % 2 === 0 ? 0 : -3, TOUCH.hihat));
  }
  return hits;
}

/** Fill: two sixteenths on tom 1, then two on tom 2, on the last beat. */
function tomHits(seed: number, bar: number, drum: 1 | 2): SourceEvent[] {
  if (!isFillBar(bar)) return [];
  const stream = drum === 1 ? STREAM.tom1 : STREAM.tom2;
  const startMs = 3 * BEAT_MS + (drum === 1 ? 0 : 2 * SIXTEENTH_MS);
  return [0, 1].map((i) => hit(seed, stream, bar, startMs + i * SIXTEENTH_MS, 0, TOUCH.tom));
}

/** Crash on the downbeat of each section and after each fill. */
function crashHits(seed: number, bar: number): SourceEvent[] {
  const crash = bar % SECTION_BARS === 0 || (bar > 0 && isFillBar(bar - 1));
  return crash ? [hit(seed, STREAM.crash, bar, 0, 0, TOUCH.crash)] : [];
}

/** Overheads hear the whole kit: cymbals up front, the drums further away; the kit is spread left to right. */
function overheadHits(seed: number, bar: number, side: 'left' | 'right'): SourceEvent[] {
  const left = side === 'left';
  const parts: [SourceEvent[], number][] = [
    [crashHits(seed, bar), left ? -1 : 0],
    [hihatHits(seed, bar), left ? -4 : -7],
    [snareHits(seed, bar), -3],
    [kickHits(seed, bar), -14],
    [tomHits(seed, bar, 1), left ? -5 : -8],
    [tomHits(seed, bar, 2), left ? -8 : -5],
  ];
  return parts.flatMap(([events, offsetDb]) => events.map((e) => ({ ...e, levelDb: e.levelDb + offsetDb })));
}

/** Eighth-note bass line with the odd rest; notes ring until just before the next one. */
function bassNotes(seed: number, bar: number): SourceEvent[] {
  const notes: SourceEvent[] = [];
  for (let e = 0; e < 8; e++) {
    const rest = e > 0 && uniformAt([seed, STREAM.bass, bar, e, 3]) < (e === 7 ? 0.5 : 0.15);
    const accentDb = e === 0 ? 0 : e % 2 === 0 ? -1 : -2.5;
    if (!rest) notes.push(hit(seed, STREAM.bass, bar, e * EIGHTH_MS, accentDb, TOUCH.bass, EIGHTH_MS - 20));
  }
  return notes;
}

/** Strummed eighths: down-strokes on the beat loudest, up-strokes softer. */
function rhythmGuitarNotes(seed: number, bar: number): SourceEvent[] {
  const accentsDb = [0, -7, -3, -7, -1, -7, -3, -7];
  return accentsDb.map((accentDb, e) =>
    hit(seed, STREAM.rhythmGuitar, bar, e * EIGHTH_MS, accentDb, TOUCH.strum, EIGHTH_MS - 10),
  );
}

/** Lead licks in about half the bars, sixteenth notes with gaps; silent in the other bars. */
function leadGuitarNotes(seed: number, bar: number): SourceEvent[] {
  if (uniformAt([seed, STREAM.leadGuitar, bar]) >= 0.5) return [];
  const notes: SourceEvent[] = [];
  for (let s = 0; s < 16; s++) {
    if (uniformAt([seed, STREAM.leadGuitar, bar, s, 3]) < 0.7) {
      notes.push(hit(seed, STREAM.leadGuitar, bar, s * SIXTEENTH_MS, 0, TOUCH.lick, SIXTEENTH_MS - 15));
    }
  }
  return notes;
}

/** Sustained chords on each half bar, slowly dying away. */
function keysChords(seed: number, bar: number): SourceEvent[] {
  return [0, 1].map((half) =>
    hit(seed, STREAM.keys, bar, half * 2 * BEAT_MS, half === 0 ? 0 : -3, TOUCH.chord, 2 * BEAT_MS - 20),
  );
}

/**
 * A sung phrase as syllables of 150..400 ms with short gaps and the odd breath between words, arching in
 * level over the phrase. The lead sings the first 4 s of every cycle; the harmony joins for the second
 * half of the phrase; the low harmony only on every other cycle.
 */
function vocalPhrase(seed: number, cycle: number, part: 'lead' | 'harmony' | 'low-harmony'): SourceEvent[] {
  if (part === 'low-harmony' && cycle % 2 === 0) return [];
  const partKey = part === 'lead' ? 0 : part === 'harmony' ? 1 : 2;
  const startMs = part === 'lead' ? 0 : LEAD_SINGS_MS / 2;
  const cycleMs = cycle * PHRASE_CYCLE_MS;
  const syllables: SourceEvent[] = [];
  let atMs = startMs;
  for (let i = 0; atMs < LEAD_SINGS_MS; i++) {
    const key = [seed, STREAM.vocal, partKey, cycle, i];
    const lengthMs = uniformBetween(150, 400, [...key, 1]);
    const breath = uniformAt([...key, 2]) < 0.15;
    const gapMs = breath ? uniformBetween(100, 200, [...key, 3]) : uniformBetween(0, 60, [...key, 3]);
    const arcDb = -6 + 6 * Math.sin((Math.PI * atMs) / LEAD_SINGS_MS);
    syllables.push({
      atMs: cycleMs + atMs,
      endMs: cycleMs + Math.min(atMs + lengthMs, LEAD_SINGS_MS),
      levelDb: arcDb - uniformBetween(0, 6, [...key, 4]),
      decayDbPerS: 4,
    });
    atMs += lengthMs + gapMs;
  }
  return syllables;
}
