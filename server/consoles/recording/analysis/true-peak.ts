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
/** The taps in one flat array, phase-major: the hot loop reads them from one place. */
const FLAT_TAPS = Float64Array.from(TAPS.flatMap((taps) => [...taps]));
/** The largest gain any phase can give a signal bounded by 1: the skip test's margin. */
const MAX_ABS_GAIN = Math.max(...TAPS.map((taps) => taps.reduce((sum, v) => sum + Math.abs(v), 0)));

/** True-peak meter of one channel, fed block by block. */
export class TruePeakMeter {
  /** The last TAPS_PER_PHASE - 1 samples of earlier blocks, then the block being filtered. */
  #work = new Float64Array(0);
  readonly #history = new Float64Array(TAPS_PER_PHASE - 1);
  #peak = 0;

  /** Largest magnitude so far, linear (1.0 = full scale); at least the sample peak. */
  get peak(): number {
    return this.#peak;
  }

  /**
   * Adds a block; `blockPeak` is its largest |sample| (the caller has it already). Only the outputs
   * whose 12 inputs include a sample at or above peak / (largest phase gain) can raise the peak, so only
   * those are computed: exact, and most blocks of music compute none.
   */
  push(samples: Float32Array, blockPeak: number): void {
    if (blockPeak > this.#peak) this.#peak = blockPeak;
    const history = this.#history;
    const lag = history.length;
    const threshold = this.#peak / MAX_ABS_GAIN;
    let historyPeak = 0;
    for (let i = 0; i < lag; i++) historyPeak = Math.max(historyPeak, Math.abs(history[i]!));
    if (Math.max(blockPeak, historyPeak) >= threshold) this.#filter(samples, threshold);
    this.#remember(samples);
  }

  #filter(samples: Float32Array, threshold: number): void {
    const lag = this.#history.length;
    if (this.#work.length < lag + samples.length) this.#work = new Float64Array(lag + samples.length);
    const work = this.#work;
    work.set(this.#history, 0);
    for (let i = 0; i < samples.length; i++) work[lag + i] = samples[i]!;
    let peak = this.#peak;
    // Output n (0-based in the block) reads work[n .. n + lag]; it is worth computing when one of those
    // is loud enough. `until` is the last output a loud sample seen so far can reach.
    let until = -1;
    for (let i = 0; i < lag; i++) if (Math.abs(work[i]!) >= threshold) until = i;
    for (let n = 0; n < samples.length; n++) {
      if (Math.abs(work[n + lag]!) >= threshold) until = n + lag;
      if (until < n) continue;
      const base = n + lag;
      for (let p = 0, t = 0; p < PHASES; p++, t += TAPS_PER_PHASE) {
        // Unrolled: this is the analysis's hottest loop.
        const y = FLAT_TAPS[t]! * work[base]! + FLAT_TAPS[t + 1]! * work[base - 1]! + FLAT_TAPS[t + 2]! * work[base - 2]!
          + FLAT_TAPS[t + 3]! * work[base - 3]! + FLAT_TAPS[t + 4]! * work[base - 4]! + FLAT_TAPS[t + 5]! * work[base - 5]!
          + FLAT_TAPS[t + 6]! * work[base - 6]! + FLAT_TAPS[t + 7]! * work[base - 7]! + FLAT_TAPS[t + 8]! * work[base - 8]!
          + FLAT_TAPS[t + 9]! * work[base - 9]! + FLAT_TAPS[t + 10]! * work[base - 10]! + FLAT_TAPS[t + 11]! * work[base - 11]!;
        const magnitude = y < 0 ? -y : y;
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
