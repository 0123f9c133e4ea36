/**
 * Interleaved little-endian PCM bytes to one float array per channel, 1.0 = full scale (integers are
 * divided by 2^(bits-1), so the most negative code is exactly -1.0). Hot loop of every decode: one
 * specialised loop per sample format, reading bytes directly (no DataView call per sample).
 */
import type { WavFormat } from './wav-format';

/**
 * Decodes `frames` frames from `bytes` into `out[c][0..frames)`.
 * @param bytes at least frames * format.blockAlign bytes.
 */
export function decodePcm(bytes: Uint8Array, format: WavFormat, frames: number, out: Float32Array[]): void {
  const channels = format.channels;
  const bytesPerSample = format.bitsPerSample / 8;
  // Frame-major: the bytes are read once, in order; each channel's array is written in order too.
  if (format.encoding === 'float') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let c = 0; c < channels; c++) {
      const target = out[c]!;
      for (let i = 0, at = c * 4; i < frames; i++, at += format.blockAlign) target[i] = view.getFloat32(at, true);
    }
    return;
  }
  let at = 0;
  if (bytesPerSample === 2) {
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < channels; c++, at += 2) out[c]![i] = (((bytes[at]! | (bytes[at + 1]! << 8)) << 16) >> 16) * (1 / 32768);
    }
  } else if (bytesPerSample === 3) {
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < channels; c++, at += 3) {
        out[c]![i] = (((bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) << 8) >> 8) * (1 / 8388608);
      }
    }
  } else {
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < channels; c++, at += 4) {
        out[c]![i] = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) * (1 / 2147483648);
      }
    }
  }
}

/**
 * Largest magnitude a format can hold, as a float: a sample at or above it sits at full scale (a clip).
 * Integers top out one code under 2^(bits-1) on the positive side; floats at 1.0.
 */
export function fullScale(encoding: 'int' | 'float', bitsPerSample: number): number {
  return encoding === 'float' ? 1 : (2 ** (bitsPerSample - 1) - 1) / 2 ** (bitsPerSample - 1);
}
