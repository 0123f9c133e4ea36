import fc from 'fast-check';
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

/** The specification's reading, one DataView call per sample: what the fast decoder must match. */
function referenceSample(view: DataView, fmt: WavFormat, frame: number, channel: number): number {
  const at = frame * fmt.blockAlign + channel * (fmt.bitsPerSample / 8);
  if (fmt.encoding === 'float') return view.getFloat32(at, true);
  if (fmt.bitsPerSample === 16) return view.getInt16(at, true) / 32768;
  if (fmt.bitsPerSample === 24) return ((view.getUint8(at + 2) << 24) | (view.getUint16(at, true) << 8)) / 2 ** 31;
  return view.getInt32(at, true) / 2147483648;
}

test('property: any format, channel count, alignment and choice of channels decodes as the DataView reading does', () => {
  const formats = fc.constantFrom(['int', 16], ['int', 24], ['int', 32], ['float', 32]) as fc.Arbitrary<['int' | 'float', 16 | 24 | 32]>;
  fc.assert(fc.property(formats, fc.integer({ min: 1, max: 34 }), fc.integer({ min: 0, max: 2100 }), fc.integer({ min: 0, max: 3 }), fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }),
    ([encoding, bits], channels, frames, offset, seed, wantedShare) => {
      const fmt = format(encoding, bits, channels);
      const backing = new Uint8Array(offset + frames * fmt.blockAlign);
      let state = seed | 1;
      for (let i = 0; i < backing.length; i++) {
        state = (Math.imul(state, 1103515245) + 12345) | 0;
        backing[i] = state >>> 24;
      }
      const bytes = backing.subarray(offset);
      const wanted = Array.from({ length: channels }, (_, c) => ((c * 2654435761) % 1000) / 1000 < wantedShare || c === 0);
      const out = wanted.map((w) => (w ? new Float32Array(frames) : null));
      decodePcm(bytes, fmt, frames, out);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let c = 0; c < channels; c++) {
        if (!wanted[c]) continue;
        const expected = Float32Array.from({ length: frames }, (_, i) => referenceSample(view, fmt, i, c));
        expect(out[c]).toEqual(expected);
      }
    }), { numRuns: 300, seed: 24 });
});
