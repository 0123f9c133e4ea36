import { expect, test } from 'vitest';
import { decodePcm, fullScale } from '../../../server/consoles/recording/pcm';
import type { WavFormat } from '../../../server/consoles/recording/wav-format';

function format(encoding: 'int' | 'float', bitsPerSample: 16 | 24 | 32, channels: number): WavFormat {
  return { encoding, bitsPerSample, channels, sampleRateHz: 48000, blockAlign: (bitsPerSample / 8) * channels };
}

function decode(bytes: number[], fmt: WavFormat): number[][] {
  const frames = bytes.length / fmt.blockAlign;
  const out = Array.from({ length: fmt.channels }, () => new Float32Array(frames));
  decodePcm(Uint8Array.from(bytes), fmt, frames, out);
  return out.map((c) => [...c]);
}

test('16-bit little-endian: -32768 is exactly -1.0, 0x4000 is 0.5, channels deinterleave', () => {
  expect(decode([0x00, 0x80, 0x00, 0x40, 0xff, 0x7f, 0x00, 0xc0], format('int', 16, 2))).toEqual([[-1, 32767 / 32768], [0.5, -0.5]]);
});

test('24-bit: 0x800000 is -1.0, 0x400000 is 0.5, 0xFFFFFF is one code under zero', () => {
  expect(decode([0x00, 0x00, 0x80, 0x00, 0x00, 0x40, 0xff, 0xff, 0xff], format('int', 24, 1))).toEqual([[-1, 0.5, -1 / 8388608]]);
});

test('32-bit integer and 32-bit float', () => {
  expect(decode([0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x40], format('int', 32, 1))).toEqual([[-1, 0.5]]);
  const float = Buffer.alloc(8);
  float.writeFloatLE(0.25, 0);
  float.writeFloatLE(-1.5, 4);
  expect(decode([...float], format('float', 32, 2))).toEqual([[0.25], [-1.5]]);
});

test('full scale: the largest positive code (a sample there is a clip); 1.0 for float', () => {
  expect(fullScale('int', 16)).toBe(32767 / 32768);
  expect(fullScale('int', 24)).toBe(8388607 / 8388608);
  expect(fullScale('float', 32)).toBe(1);
});
