/**
 * True peak by 4x oversampling, as ITU-R BS.1770-4 Annex 2 describes it: upsample by 4 with a 48-tap
 * polyphase low-pass (4 phases of 12 taps) and take the largest magnitude. The coefficients here are a
 * Kaiser-windowed sinc of that shape (cut-off at the original Nyquist frequency), not the annex's example
 * table; like it, each phase passes DC at unity.
 *
 * Most blocks cannot raise the running maximum, and that can be known exactly: an interpolated value is
 * at most (sum of a phase's |taps|) x (largest |sample| among its 12 inputs). Such blocks skip the filter,
 * which keeps a long recording's analysis far faster than real time without changing the result.
 */

const PHASES = 4;
const TAPS_PER_PHASE = 12;
const KAISER_BETA = 8;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/** phase p, tap k: the weight of input sample (n - k) in the output at n - CENTER + (p + 0.5) / 4. */
function designTaps(): Float64Array[] {
  const length = PHASES * TAPS_PER_PHASE;
  const center = (length - 1) / 2;
  const h = Array.from({ length }, (_, n) => {
    const t = (n - center) / PHASES;
    const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
    const r = (2 * n) / (length - 1) - 1;
    return sinc * (besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / besselI0(KAISER_BETA));
  });
  return Array.from({ length: PHASES }, (_, p) => {
    const taps = new Float64Array(TAPS_PER_PHASE);
    for (let k = 0; k < TAPS_PER_PHASE; k++) taps[k] = h[p + PHASES * k]!;
    const dc = taps.reduce((sum, v) => sum + v, 0);
    return taps.map((v) => v / dc);
  });
}

const TAPS = designTaps();
/** The largest gain any phase can give a signal bounded by 1: the skip test's margin. */
const MAX_ABS_GAIN = Math.max(...TAPS.map((taps) => taps.reduce((sum, v) => sum + Math.abs(v), 0)));

/** True-peak meter of one channel, fed block by block. */
export class TruePeakMeter {
  /** The last TAPS_PER_PHASE - 1 samples of earlier blocks, oldest first. */
  readonly #history = new Float64Array(TAPS_PER_PHASE - 1);
  #peak = 0;

  /** Largest magnitude so far, linear (1.0 = full scale); at least the sample peak. */
  get peak(): number {
    return this.#peak;
  }

  /** Adds a block; `blockPeak` is its largest |sample| (the caller has it already). */
  push(samples: Float32Array, blockPeak: number): void {
    if (blockPeak > this.#peak) this.#peak = blockPeak;
    const history = this.#history;
    let historyPeak = 0;
    for (let i = 0; i < history.length; i++) historyPeak = Math.max(historyPeak, Math.abs(history[i]!));
    if (Math.max(blockPeak, historyPeak) * MAX_ABS_GAIN > this.#peak) this.#filter(samples);
    this.#remember(samples);
  }

  #filter(samples: Float32Array): void {
    const history = this.#history;
    const lag = history.length;
    const at = (i: number): number => (i < 0 ? history[lag + i]! : samples[i]!);
    let peak = this.#peak;
    for (let n = 0; n < samples.length; n++) {
      for (let p = 0; p < PHASES; p++) {
        const taps = TAPS[p]!;
        let y = 0;
        for (let k = 0; k < TAPS_PER_PHASE; k++) y += taps[k]! * at(n - k);
        const magnitude = Math.abs(y);
        if (magnitude > peak) peak = magnitude;
      }
    }
    this.#peak = peak;
  }

  #remember(samples: Float32Array): void {
    const history = this.#history;
    const lag = history.length;
    if (samples.length >= lag) {
      for (let i = 0; i < lag; i++) history[i] = samples[samples.length - lag + i]!;
      return;
    }
    history.copyWithin(0, samples.length);
    for (let i = 0; i < samples.length; i++) history[lag - samples.length + i] = samples[i]!;
  }
}
