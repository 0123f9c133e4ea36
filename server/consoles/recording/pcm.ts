/**
 * Interleaved little-endian PCM bytes to one float array per channel, 1.0 = full scale (integers are
 * divided by 2^(bits-1), so the most negative code is exactly -1.0). Hot loop of every decode.
 *
 * The bytes are taken a tile of frames at a time (small enough to stay in the CPU cache) and, within a
 * tile, a channel (or a group of channels) at a time, so each output array is written in order from a
 * local. Where the frames are 4-byte aligned on a little-endian machine, whole 32-bit words are read
 * through an Int32Array (one load per 4/3 of a 24-bit sample instead of three byte loads); elsewhere bytes
 * are read one by one. Both give the same floats (the tests compare them with a DataView decode).
 */
import { endianness } from 'node:os';
import type { WavFormat } from './wav-format';

/** Frames decoded per tile: 1024 frames of 32 tracks at 24 bits is 96 KB. */
const TILE_FRAMES = 1024;
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Decodes `frames` frames from `bytes` into `out[c][0..frames)`; a null in `out` marks a channel that is
 * not wanted (not decoded).
 * @param bytes at least frames * format.blockAlign bytes.
 */
export function decodePcm(bytes: Uint8Array, format: WavFormat, frames: number, out: readonly (Float32Array | null)[]): void {
  const words = LITTLE_ENDIAN && bytes.byteOffset % 4 === 0 && format.blockAlign % 4 === 0
    ? new Int32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4))
    : null;
  for (let from = 0; from < frames; from += TILE_FRAMES) {
    const to = Math.min(frames, from + TILE_FRAMES);
    let c = 0;
    while (c < format.channels) {
      const group = words === null ? 1 : wordGroup(format, c, out);
      if (group > 1 || (words !== null && format.bitsPerSample === 32)) decodeWords(words!, format, c, from, to, out);
      else if (out[c]) decodeBytes(bytes, format, c, from, to, out[c]!);
      c += group;
    }
  }
}

/**
 * How many channels from `c` one run of word reads decodes: 4 for 24-bit (three words hold four samples),
 * 2 for 16-bit, 1 for 32-bit; 1 (bytes) where the group is not whole or not all of it is wanted.
 */
function wordGroup(format: WavFormat, c: number, out: readonly (Float32Array | null)[]): number {
  const size = format.bitsPerSample === 24 ? 4 : format.bitsPerSample === 16 ? 2 : 1;
  if (c % size !== 0 || c + size > format.channels) return 1;
  for (let k = c; k < c + size; k++) if (!out[k]) return 1;
  return size;
}

/** Channels c.. (one word group, every channel wanted; for 32-bit, channel c if wanted) of frames [from, to). */
function decodeWords(words: Int32Array, format: WavFormat, c: number, from: number, to: number, out: readonly (Float32Array | null)[]): void {
  const stride = format.blockAlign / 4;
  if (format.bitsPerSample === 32) {
    const target = out[c];
    if (!target) return;
    if (format.encoding === 'float') {
      const floats = new Float32Array(words.buffer, words.byteOffset, words.length);
      for (let i = from, at = from * stride + c; i < to; i++, at += stride) target[i] = floats[at]!;
    } else {
      for (let i = from, at = from * stride + c; i < to; i++, at += stride) target[i] = words[at]! * (1 / 2147483648);
    }
    return;
  }
  if (format.bitsPerSample === 16) {
    const t0 = out[c]!;
    const t1 = out[c + 1]!;
    for (let i = from, at = from * stride + c / 2; i < to; i++, at += stride) {
      const w = words[at]!;
      t0[i] = ((w << 16) >> 16) * (1 / 32768);
      t1[i] = (w >> 16) * (1 / 32768);
    }
    return;
  }
  // 24-bit: samples a b c d in three little-endian words: [a0 a1 a2 b0] [b1 b2 c0 c1] [c2 d0 d1 d2].
  const t0 = out[c]!;
  const t1 = out[c + 1]!;
  const t2 = out[c + 2]!;
  const t3 = out[c + 3]!;
  for (let i = from, at = from * stride + (c / 4) * 3; i < to; i++, at += stride) {
    const w0 = words[at]!;
    const w1 = words[at + 1]!;
    const w2 = words[at + 2]!;
    t0[i] = ((w0 << 8) >> 8) * (1 / 8388608);
    t1[i] = ((((w0 >>> 24) | (w1 << 8)) << 8) >> 8) * (1 / 8388608);
    t2[i] = ((((w1 >>> 16) | (w2 << 16)) << 8) >> 8) * (1 / 8388608);
    t3[i] = (w2 >> 8) * (1 / 8388608);
  }
}

/** Channel c of frames [from, to), byte by byte (any alignment). */
function decodeBytes(bytes: Uint8Array, format: WavFormat, c: number, from: number, to: number, target: Float32Array): void {
  const step = format.blockAlign;
  const first = from * step + c * (format.bitsPerSample / 8);
  if (format.encoding === 'float') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = from, at = first; i < to; i++, at += step) target[i] = view.getFloat32(at, true);
  } else if (format.bitsPerSample === 16) {
    for (let i = from, at = first; i < to; i++, at += step) target[i] = (((bytes[at]! | (bytes[at + 1]! << 8)) << 16) >> 16) * (1 / 32768);
  } else if (format.bitsPerSample === 24) {
    for (let i = from, at = first; i < to; i++, at += step) {
      target[i] = (((bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) << 8) >> 8) * (1 / 8388608);
    }
  } else {
    for (let i = from, at = first; i < to; i++, at += step) {
      target[i] = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) * (1 / 2147483648);
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
