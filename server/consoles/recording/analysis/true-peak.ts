/**
 * True peak by 4x oversampling, as ITU-R BS.1770-4 Annex 2 describes it: upsample by 4 with a 48-tap
 * polyphase low-pass (4 phases of 12 taps) and take the largest magnitude. The coefficients here are a
 * Kaiser-windowed sinc of that shape (cut-off at the original Nyquist frequency), not the annex's example
 * table; like it, each phase passes DC at unity.
 *
 * Most outputs cannot raise the running maximum, and that can be known exactly, in two steps:
 * - an interpolated value is at most (sum of a phase's |taps|) x (largest |sample| among its 12 inputs),
 *   so outputs whose 12 inputs are all quiet are skipped (and blocks with none loud skip the filter);
 * - otherwise |output| is at most |the sum over the 4 centre taps| + (sum of the 8 outer |taps|) x the
 *   running peak (no input exceeds it), a quarter of the work; only outputs this cannot rule out are
 *   computed in full.
 * The full sum is always taken in the same order, so the result is the one the unskipped filter gives
 * (the tests compare with a plain 4x oversampler, bit for bit).
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
/** The taps in one flat array, phase-major. */
const FLAT_TAPS = Float64Array.from(TAPS.flatMap((taps) => [...taps]));
/** The largest gain any phase can give a signal bounded by 1: the first skip test's margin. */
const MAX_ABS_GAIN = Math.max(...TAPS.map((taps) => taps.reduce((sum, v) => sum + Math.abs(v), 0)));
/**
 * Per phase, the sum of the |taps| outside the centre four (taps 4..7), rounded up by far more than
 * floating-point error: the second skip test's margin.
 */
const OUTER_ABS_GAIN = TAPS.map((taps) => taps.reduce((sum, v, k) => (k >= 4 && k <= 7 ? sum : sum + Math.abs(v)), 0) + 1e-9);

/** The phase taps (phase p, tap k weighs input n - k): what a plain oversampler would use (for tests). */
export const TRUE_PEAK_TAPS: readonly (readonly number[])[] = TAPS.map((taps) => [...taps]);

/** True-peak meter of one channel, fed block by block. */
export class TruePeakMeter {
  /** The last TAPS_PER_PHASE - 1 samples of earlier blocks, then the block being filtered. */
  #work = new Float32Array(0);
  readonly #history = new Float32Array(TAPS_PER_PHASE - 1);
  /** Largest |sample| in #history. */
  #historyPeak = 0;
  #peak = 0;

  /** Largest magnitude so far, linear (1.0 = full scale); at least the sample peak. */
  get peak(): number {
    return this.#peak;
  }

  /**
   * Adds a block; `blockPeak` is its largest |sample| (the caller has it already). Only the outputs
   * whose 12 inputs include a sample at or above peak / (largest phase gain) can raise the peak, so only
   * those are considered: exact, and most blocks of music consider none.
   */
  push(samples: Float32Array, blockPeak: number): void {
    if (blockPeak > this.#peak) this.#peak = blockPeak;
    const threshold = this.#peak / MAX_ABS_GAIN;
    if (blockPeak >= threshold || this.#historyPeak >= threshold) this.#filter(samples, threshold);
    this.#remember(samples);
  }

  #filter(samples: Float32Array, threshold: number): void {
    const lag = TAPS_PER_PHASE - 1;
    if (this.#work.length < lag + samples.length) this.#work = new Float32Array(lag + samples.length);
    const w = this.#work;
    w.set(this.#history, 0);
    w.set(samples, lag);
    // The taps in locals: this is the analysis's hottest loop, and V8 keeps locals in registers.
    const t = FLAT_TAPS;
    const h00 = t[0]!, h01 = t[1]!, h02 = t[2]!, h03 = t[3]!, h04 = t[4]!, h05 = t[5]!, h06 = t[6]!, h07 = t[7]!, h08 = t[8]!, h09 = t[9]!, h010 = t[10]!, h011 = t[11]!;
    const h10 = t[12]!, h11 = t[13]!, h12 = t[14]!, h13 = t[15]!, h14 = t[16]!, h15 = t[17]!, h16 = t[18]!, h17 = t[19]!, h18 = t[20]!, h19 = t[21]!, h110 = t[22]!, h111 = t[23]!;
    const h20 = t[24]!, h21 = t[25]!, h22 = t[26]!, h23 = t[27]!, h24 = t[28]!, h25 = t[29]!, h26 = t[30]!, h27 = t[31]!, h28 = t[32]!, h29 = t[33]!, h210 = t[34]!, h211 = t[35]!;
    const h30 = t[36]!, h31 = t[37]!, h32 = t[38]!, h33 = t[39]!, h34 = t[40]!, h35 = t[41]!, h36 = t[42]!, h37 = t[43]!, h38 = t[44]!, h39 = t[45]!, h310 = t[46]!, h311 = t[47]!;
    const [outer0, outer1, outer2, outer3] = OUTER_ABS_GAIN as [number, number, number, number];
    let peak = this.#peak;
    // Centre sums below these cannot reach the peak (see the file comment); raised with the peak.
    let limit0 = peak * (1 - outer0), limit1 = peak * (1 - outer1), limit2 = peak * (1 - outer2), limit3 = peak * (1 - outer3);
    // The output at b reads w[b - 11 .. b]; `until` is the last output a loud sample seen so far reaches.
    let until = -1;
    for (let i = 0; i < lag; i++) if (Math.abs(w[i]!) >= threshold) until = i + lag;
    const end = lag + samples.length;
    for (let b = lag; b < end; b++) {
      const x0 = w[b]!;
      if (Math.abs(x0) >= threshold) until = b + lag;
      if (until < b) continue;
      const x4 = w[b - 4]!, x5 = w[b - 5]!, x6 = w[b - 6]!, x7 = w[b - 7]!;
      const c0 = h04 * x4 + h05 * x5 + h06 * x6 + h07 * x7;
      const c1 = h14 * x4 + h15 * x5 + h16 * x6 + h17 * x7;
      const c2 = h24 * x4 + h25 * x5 + h26 * x6 + h27 * x7;
      const c3 = h34 * x4 + h35 * x5 + h36 * x6 + h37 * x7;
      if (Math.abs(c0) <= limit0 && Math.abs(c1) <= limit1 && Math.abs(c2) <= limit2 && Math.abs(c3) <= limit3) continue;
      const x1 = w[b - 1]!, x2 = w[b - 2]!, x3 = w[b - 3]!, x8 = w[b - 8]!, x9 = w[b - 9]!, x10 = w[b - 10]!, x11 = w[b - 11]!;
      const y0 = h00 * x0 + h01 * x1 + h02 * x2 + h03 * x3 + h04 * x4 + h05 * x5 + h06 * x6 + h07 * x7 + h08 * x8 + h09 * x9 + h010 * x10 + h011 * x11;
      const y1 = h10 * x0 + h11 * x1 + h12 * x2 + h13 * x3 + h14 * x4 + h15 * x5 + h16 * x6 + h17 * x7 + h18 * x8 + h19 * x9 + h110 * x10 + h111 * x11;
      const y2 = h20 * x0 + h21 * x1 + h22 * x2 + h23 * x3 + h24 * x4 + h25 * x5 + h26 * x6 + h27 * x7 + h28 * x8 + h29 * x9 + h210 * x10 + h211 * x11;
      const y3 = h30 * x0 + h31 * x1 + h32 * x2 + h33 * x3 + h34 * x4 + h35 * x5 + h36 * x6 + h37 * x7 + h38 * x8 + h39 * x9 + h310 * x10 + h311 * x11;
      const before = peak;
      const m0 = Math.abs(y0);
      if (m0 > peak) peak = m0;
      const m1 = Math.abs(y1);
      if (m1 > peak) peak = m1;
      const m2 = Math.abs(y2);
      if (m2 > peak) peak = m2;
      const m3 = Math.abs(y3);
      if (m3 > peak) peak = m3;
      if (peak !== before) {
        limit0 = peak * (1 - outer0);
        limit1 = peak * (1 - outer1);
        limit2 = peak * (1 - outer2);
        limit3 = peak * (1 - outer3);
      }
    }
    this.#peak = peak;
  }

  #remember(samples: Float32Array): void {
    const history = this.#history;
    const lag = history.length;
    if (samples.length >= lag) {
      history.set(samples.subarray(samples.length - lag));
    } else {
      history.copyWithin(0, samples.length);
      history.set(samples, lag - samples.length);
    }
    let peak = 0;
    for (let i = 0; i < lag; i++) peak = Math.max(peak, Math.abs(history[i]!));
    this.#historyPeak = peak;
  }
}
