import { expect, test } from 'vitest';
import { linearToDbfs } from '../../../server/model/db';
import { TruePeakMeter } from '../../../server/consoles/recording/analysis/true-peak';
import { peakOf } from './real-audio';

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
