/**
 * Byte-level reader of WAV headers: RIFF/WAVE, RF64 and BW64 (files over 4 GB), BWF. Pure and total:
 * every input, however damaged, gives a layout or a RecordingError with a stable code — it never throws.
 *
 * Sources (byte layouts below cite them):
 * - Microsoft/IBM "Multimedia Programming Interface and Data Specifications 1.0" (1991), "RIFF" and
 *   "WAVE Form": chunk = 4-byte id, uint32 LE size, data, pad byte to an even length; `fmt ` holds
 *   wFormatTag, nChannels, nSamplesPerSec, nAvgBytesPerSec, nBlockAlign, wBitsPerSample.
 * - Microsoft "WAVEFORMATEXTENSIBLE" (mmreg.h): wFormatTag 0xFFFE, cbSize 22, wValidBitsPerSample,
 *   dwChannelMask, SubFormat GUID whose first two bytes are the real format tag (1 PCM, 3 IEEE float).
 * - EBU Tech 3306 "MBWF / RF64", section 3: "RF64" (or "BW64", ITU-R BS.2088) with size 0xFFFFFFFF;
 *   the first chunk `ds64` holds uint64 LE riffSize, dataSize, sampleCount, then a uint32 table length;
 *   a `data` size of 0xFFFFFFFF means "see ds64".
 * - EBU Tech 3285 "BWF", section 2.3: `bext` starts with a 256-byte ASCII Description.
 */
import { failed, parsed, type Parsed } from './recording-error';
import { trackNamesFromBext, trackNamesFromIxml } from './track-names';

export type SampleEncoding = 'int' | 'float';

export interface WavFormat {
  encoding: SampleEncoding;
  /** Container bits per sample: 16, 24 or 32. */
  bitsPerSample: 16 | 24 | 32;
  channels: number;
  sampleRateHz: number;
  /** Bytes of one frame (one sample of every channel). */
  blockAlign: number;
}

export interface WavLayout {
  format: WavFormat;
  /** Byte offset of the first sample in the file. */
  dataOffset: number;
  /** Bytes of whole frames available (the declared size, cut to what the file holds). */
  dataBytes: number;
  /** Frames available. */
  frames: number;
  /** True when the file ends before the declared data does (a recorder that lost power): the rest is read. */
  truncated: boolean;
  /** Track names from iXML or BWF, by 0-based channel; empty when the head carries none. */
  trackNames: (string | null)[];
  /** Where chunks after the audio begin (iXML is often written there), or null when none follow. */
  trailingOffset: number | null;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
const SIZE_IN_DS64 = 0xffffffff;

function fourCc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

function u16(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x1000000;
}

/** uint64 LE as a number: exact up to 2^53 bytes, far beyond any recording. */
function u64(bytes: Uint8Array, at: number): number {
  return u32(bytes, at) + u32(bytes, at + 4) * 0x100000000;
}

function parseFmt(body: Uint8Array, file: string): Parsed<WavFormat> {
  if (body.length < 16) return failed('bad-fmt', `${file}: the fmt chunk is ${body.length} bytes, needs at least 16`);
  let tag = u16(body, 0);
  const channels = u16(body, 2);
  const sampleRateHz = u32(body, 4);
  const blockAlign = u16(body, 12);
  const bits = u16(body, 14);
  if (tag === FORMAT_EXTENSIBLE) {
    if (body.length < 40) return failed('bad-fmt', `${file}: WAVE_FORMAT_EXTENSIBLE needs a 40-byte fmt chunk, got ${body.length}`);
    tag = u16(body, 24);
  }
  if (tag !== FORMAT_PCM && tag !== FORMAT_FLOAT) {
    return failed('unsupported-format', `${file}: format tag ${tag} is not PCM (1) or IEEE float (3)`);
  }
  const encoding: SampleEncoding = tag === FORMAT_PCM ? 'int' : 'float';
  const supported = encoding === 'int' ? bits === 16 || bits === 24 || bits === 32 : bits === 32;
  if (!supported) {
    return failed('unsupported-format', `${file}: ${bits}-bit ${encoding === 'int' ? 'integer' : 'float'} samples are not supported (16/24/32-bit integer, 32-bit float)`);
  }
  if (channels < 1) return failed('bad-fmt', `${file}: the fmt chunk declares no channels`);
  if (sampleRateHz < 1) return failed('bad-fmt', `${file}: the fmt chunk declares a sample rate of 0`);
  if (blockAlign !== channels * (bits / 8)) {
    return failed('bad-fmt', `${file}: block align ${blockAlign} does not match ${channels} channels of ${bits} bits`);
  }
  return parsed({ encoding, bitsPerSample: bits as 16 | 24 | 32, channels, sampleRateHz, blockAlign });
}

/** Names found in one chunk (iXML or bext), or null when the chunk carries none. */
function namesFromChunk(id: string, body: Uint8Array): (string | null)[] | null {
  if (id === 'iXML') return trackNamesFromIxml(new TextDecoder('utf-8', { fatal: false }).decode(body));
  if (id === 'bext') return trackNamesFromBext(new TextDecoder('latin1').decode(body.subarray(0, Math.min(256, body.length))));
  return null;
}

/**
 * Reads a WAV file's header from its first bytes.
 * @param head the file's first bytes: enough to reach the `data` chunk (64 KB is plenty for recorders).
 * @param fileSize the file's full size in bytes (to find truncation and the chunks after the audio).
 * @param file the name used in error messages.
 */
export function parseWavHead(head: Uint8Array, fileSize: number, file: string): Parsed<WavLayout> {
  if (head.length < 12) return failed('truncated', `${file}: ${head.length} bytes is too short for a WAV header (12)`);
  const riff = fourCc(head, 0);
  if ((riff !== 'RIFF' && riff !== 'RF64' && riff !== 'BW64') || fourCc(head, 8) !== 'WAVE') {
    return failed('not-wav', `${file}: not a WAV file (starts with "${riff}", expected RIFF/RF64 ... WAVE)`);
  }
  const isRf64 = riff !== 'RIFF';
  let ds64DataBytes: number | null = null;
  let format: WavFormat | null = null;
  let names: (string | null)[] = [];
  let at = 12;
  while (at + 8 <= head.length) {
    const id = fourCc(head, at);
    const size = u32(head, at + 4);
    const bodyAt = at + 8;
    if (id === 'data') {
      if (format === null) return failed('no-fmt', `${file}: the data chunk comes before any fmt chunk`);
      let declared = size;
      if (isRf64 && size === SIZE_IN_DS64) {
        if (ds64DataBytes === null) return failed('bad-ds64', `${file}: RF64 data size points to a ds64 chunk that is missing`);
        declared = ds64DataBytes;
      }
      const available = Math.max(0, fileSize - bodyAt);
      const usable = Math.min(declared, available);
      const frames = Math.floor(usable / format.blockAlign);
      const end = bodyAt + declared + (declared % 2);
      return parsed({
        format,
        dataOffset: bodyAt,
        dataBytes: frames * format.blockAlign,
        frames,
        truncated: declared > available,
        trackNames: names,
        trailingOffset: end + 8 <= fileSize ? end : null,
      });
    }
    if (bodyAt + size > head.length) {
      return failed(bodyAt + size > fileSize ? 'truncated' : 'bad-chunk', `${file}: chunk "${id}" at byte ${at} (${size} bytes) runs past ${bodyAt + size > fileSize ? 'the end of the file' : 'the header this reader takes (64 KB) before any audio'}`);
    }
    const body = head.subarray(bodyAt, bodyAt + size);
    if (id === 'ds64') {
      if (size < 28) return failed('bad-ds64', `${file}: the ds64 chunk is ${size} bytes, needs at least 28`);
      ds64DataBytes = u64(body, 8);
    } else if (id === 'fmt ') {
      const fmt = parseFmt(body, file);
      if (!fmt.ok) return fmt;
      format = fmt.value;
    } else {
      names = namesFromChunk(id, body) ?? names;
    }
    at = bodyAt + size + (size % 2);
  }
  return failed(format === null ? 'no-fmt' : 'no-data', `${file}: no ${format === null ? 'fmt' : 'data'} chunk in the file's header`);
}

/**
 * Track names from the chunks that follow the audio (where many recorders write iXML), by 0-based
 * channel; empty when there are none or the bytes are damaged (names are a nicety: never an error).
 */
export function trailingTrackNames(bytes: Uint8Array): (string | null)[] {
  let names: (string | null)[] = [];
  let at = 0;
  while (at + 8 <= bytes.length) {
    const id = fourCc(bytes, at);
    const size = u32(bytes, at + 4);
    if (at + 8 + size > bytes.length) break;
    names = namesFromChunk(id, bytes.subarray(at + 8, at + 8 + size)) ?? names;
    at += 8 + size + (size % 2);
  }
  return names;
}
