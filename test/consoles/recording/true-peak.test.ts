import fc from 'fast-check';
import { expect, test } from 'vitest';
import { linearToDbfs } from '../../../server/model/db';
import { TRUE_PEAK_TAPS, TruePeakMeter } from '../../../server/consoles/recording/analysis/true-peak';
import { decodeAll, peakOf, sample } from './real-audio';

function sine(frames: number, cyclesPerSample: number, phase: number, amplitude: number): Float32Array {
  return Float32Array.from({ length: frames }, (_, i) => amplitude * Math.sin(2 * Math.PI * cyclesPerSample * i + phase));
}

function truePeakDb(samples: Float32Array, blockFrames: number): number {
  const meter = new TruePeakMeter();
  for (let at = 0; at < samples.length; at += blockFrames) {
    const block = samples.subarray(at, at + blockFrames);
    meter.push(block, peakOf(block));
  }
  return linearToDbfs(meter.peak);
}

test('a sine at a quarter of the sample rate, sampled 45 degrees off its peaks: samples read 3 dB low, the true peak does not', () => {
  const samples = sine(4800, 0.25, Math.PI / 4, 0.5);
  expect(linearToDbfs(peakOf(samples))).toBeCloseTo(-9.03, 1);
  expect(truePeakDb(samples, 2400)).toBeGreaterThan(-6.02 - 0.3);
  expect(truePeakDb(samples, 2400)).toBeLessThan(-6.02 + 0.3);
});

test('a low sine: the true peak equals the sample peak within 0.05 dB', () => {
  const samples = sine(48000, 100 / 48000, 0, 0.25);
  expect(truePeakDb(samples, 2400)).toBeCloseTo(linearToDbfs(0.25), 1);
});

test('the result does not depend on how the signal is cut into blocks (history crosses blocks)', () => {
  const samples = sine(9600, 0.23, 1, 0.7);
  const reference = truePeakDb(samples, 9600);
  for (const block of [1, 7, 11, 12, 13, 2205]) expect(truePeakDb(samples, block)).toBeCloseTo(reference, 9);
});

/** A plain 4x oversampler: every output of every phase, no skipping, the sum in the meter's order. */
function plainTruePeak(samples: Float32Array): number {
  let peak = 0;
  for (let n = 0; n < samples.length; n++) {
    peak = Math.max(peak, Math.abs(samples[n]!));
    for (const taps of TRUE_PEAK_TAPS) {
      let y = 0;
      for (let k = 0; k < taps.length; k++) y += taps[k]! * (n - k >= 0 ? samples[n - k]! : 0);
      peak = Math.max(peak, Math.abs(y));
    }
  }
  return peak;
}

function meterPeak(samples: Float32Array, blockFrames: number): number {
  const meter = new TruePeakMeter();
  for (let at = 0; at < samples.length; at += blockFrames) {
    const block = samples.subarray(at, at + blockFrames);
    meter.push(block, peakOf(block));
  }
  return meter.peak;
}

/** Bursts of noise, sines and steps at random levels: loud stretches next to quiet ones, as music has. */
const signal = fc.array(
  fc.record({
    kind: fc.constantFrom('noise', 'sine', 'step'),
    length: fc.integer({ min: 1, max: 300 }),
    amplitude: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.999, 0.5)),
    cyclesPerSample: fc.double({ min: 0.001, max: 0.5, noNaN: true }),
    seed: fc.integer(),
  }),
  { minLength: 1, maxLength: 12 },
).map((parts) => {
  const out: number[] = [];
  for (const part of parts) {
    let state = part.seed | 1;
    for (let i = 0; i < part.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) | 0;
      const noise = (state >>> 8) / 2 ** 23 - 1;
      const value = part.kind === 'noise' ? noise : part.kind === 'sine' ? Math.sin(2 * Math.PI * part.cyclesPerSample * i) : Math.sign(noise);
      out.push(part.amplitude * value);
    }
  }
  return Float32Array.from(out);
});

test('property: the skipping meter gives exactly what a plain 4x oversampler gives, however the signal is cut', () => {
  fc.assert(fc.property(signal, fc.integer({ min: 1, max: 500 }), (samples, blockFrames) => {
    expect(meterPeak(samples, blockFrames)).toBe(plainTruePeak(samples));
  }), { numRuns: 400, seed: 1770 });
});

test('real recordings: the skipping meter gives exactly what a plain 4x oversampler gives', async () => {
  for (const name of ['loop_amen', 'drum_snare_hard', 'guit_em9', 'bass_hard_c']) {
    const samples = (await decodeAll(sample(name))).channels[0]!;
    expect(meterPeak(samples, 2205)).toBe(plainTruePeak(samples));
    // Scaled into clipping and back: flat tops next to steep edges, where the skip tests are tightest.
    const hot = Float32Array.from(samples, (x) => Math.max(-1, Math.min(1, x * 6)));
    expect(meterPeak(hot, 2205)).toBe(plainTruePeak(hot));
  }
});
