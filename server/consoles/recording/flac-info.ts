/**
 * Byte-level reader of a FLAC stream's STREAMINFO (the FLAC format specification, RFC 9639, sections 8.1
 * "Metadata block header" and 8.2 "Streaminfo"): "fLaC", then a 4-byte block header (last-block flag,
 * 7-bit type 0, 24-bit BE length 34), then min/max block size (2 x u16), min/max frame size (2 x u24),
 * sample rate (20 bits), channels - 1 (3 bits), bits per sample - 1 (5 bits), total samples (36 bits),
 * MD5 (16 bytes). Pure and total: a value or a RecordingError, never a throw. Decoding is the library's.
 */
import { failed, parsed, type Parsed } from './recording-error';

export interface FlacInfo {
  sampleRateHz: number;
  channels: number;
  bitsPerSample: number;
  /** Samples per channel; 0 when the encoder did not know (a stream), then the length is found by decoding. */
  frames: number;
}

const STREAMINFO_BYTES = 34;

export function parseFlacStreamInfo(head: Uint8Array, file: string): Parsed<FlacInfo> {
  if (head.length < 4 || String.fromCharCode(head[0]!, head[1]!, head[2]!, head[3]!) !== 'fLaC') {
    return failed('not-flac', `${file}: not a FLAC file (no "fLaC" marker)`);
  }
  if (head.length < 8 + STREAMINFO_BYTES) return failed('truncated', `${file}: too short for a FLAC STREAMINFO block`);
  const type = head[4]! & 0x7f;
  const length = (head[5]! << 16) | (head[6]! << 8) | head[7]!;
  if (type !== 0 || length !== STREAMINFO_BYTES) {
    return failed('not-flac', `${file}: the first metadata block is type ${type}, ${length} bytes (STREAMINFO is type 0, 34 bytes)`);
  }
  const b = head.subarray(8, 8 + STREAMINFO_BYTES);
  const sampleRateHz = (b[10]! << 12) | (b[11]! << 4) | (b[12]! >> 4);
  const channels = ((b[12]! >> 1) & 0x07) + 1;
  const bitsPerSample = (((b[12]! & 0x01) << 4) | (b[13]! >> 4)) + 1;
  const frames = (b[13]! & 0x0f) * 0x100000000 + ((b[14]! << 24) >>> 0) + (b[15]! << 16) + (b[16]! << 8) + b[17]!;
  if (sampleRateHz === 0) return failed('not-flac', `${file}: STREAMINFO declares a sample rate of 0`);
  return parsed({ sampleRateHz, channels, bitsPerSample, frames });
}
