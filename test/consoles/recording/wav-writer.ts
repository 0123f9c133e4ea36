/**
 * Writes WAV files for tests, byte for byte as the specifications lay them out (see
 * server/consoles/recording/wav-format.ts for the sources): RIFF or RF64 (with ds64), PCM 16/24/32-bit
 * integer or 32-bit float, optional WAVE_FORMAT_EXTENSIBLE, bext and iXML chunks.
 */
import { writeFile } from 'node:fs/promises';

export interface WavSpec {
  sampleRateHz: number;
  encoding: 'int' | 'float';
  bitsPerSample: 16 | 24 | 32;
  container?: 'RIFF' | 'RF64';
  extensible?: boolean;
  /** iXML track names (written after the audio, where many recorders put it). */
  ixmlNames?: string[];
  /** BWF Description text (e.g. "sTRK1=Kick\r\n"). */
  bextDescription?: string;
}

function chunk(id: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length % 2));
  out.set(Buffer.from(id, 'latin1'), 0);
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

export function fmtBody(spec: WavSpec, channels: number): Uint8Array {
  const bytes = spec.bitsPerSample / 8;
  const body = new Uint8Array(spec.extensible ? 40 : 16);
  const v = new DataView(body.buffer);
  const tag = spec.encoding === 'int' ? 1 : 3;
  v.setUint16(0, spec.extensible ? 0xfffe : tag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, spec.sampleRateHz, true);
  v.setUint32(8, spec.sampleRateHz * channels * bytes, true);
  v.setUint16(12, channels * bytes, true);
  v.setUint16(14, spec.bitsPerSample, true);
  if (spec.extensible) {
    v.setUint16(16, 22, true);
    v.setUint16(18, spec.bitsPerSample, true);
    v.setUint32(20, 0, true);
    // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {0000000X-0000-0010-8000-00aa00389b71}
    body.set([tag, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71], 24);
  }
  return body;
}

/** Interleaves and encodes; integer samples are rounded and clamped to the format's codes. */
export function encodeSamples(channels: readonly Float32Array[], spec: WavSpec): Uint8Array {
  const bytes = spec.bitsPerSample / 8;
  const frames = channels[0]?.length ?? 0;
  const out = new Uint8Array(frames * channels.length * bytes);
  const v = new DataView(out.buffer);
  const scale = 2 ** (spec.bitsPerSample - 1);
  let at = 0;
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      const x = channel[i]!;
      if (spec.encoding === 'float') v.setFloat32(at, x, true);
      else {
        const code = Math.max(-scale, Math.min(scale - 1, Math.round(x * scale)));
        if (spec.bitsPerSample === 16) v.setInt16(at, code, true);
        else if (spec.bitsPerSample === 32) v.setInt32(at, code, true);
        else {
          v.setUint8(at, code & 0xff);
          v.setUint8(at + 1, (code >> 8) & 0xff);
          v.setUint8(at + 2, (code >> 16) & 0xff);
        }
      }
      at += bytes;
    }
  }
  return out;
}

function ixml(names: readonly string[]): Uint8Array {
  const tracks = names
    .map((n, i) => `<TRACK><CHANNEL_INDEX>${i + 1}</CHANNEL_INDEX><INTERLEAVE_INDEX>${i + 1}</INTERLEAVE_INDEX><NAME>${n}</NAME></TRACK>`)
    .join('');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><BWFXML><TRACK_LIST><TRACK_COUNT>${names.length}</TRACK_COUNT>${tracks}</TRACK_LIST></BWFXML>`, 'utf8');
}

/** A whole WAV file's bytes. */
export function wavBytes(channels: readonly Float32Array[], spec: WavSpec): Uint8Array {
  const data = encodeSamples(channels, spec);
  const parts: Uint8Array[] = [];
  const rf64 = spec.container === 'RF64';
  if (rf64) parts.push(chunk('ds64', new Uint8Array(28)));
  parts.push(chunk('fmt ', fmtBody(spec, channels.length)));
  if (spec.bextDescription !== undefined) {
    const bext = new Uint8Array(602);
    bext.set(Buffer.from(spec.bextDescription, 'latin1').subarray(0, 256), 0);
    parts.push(chunk('bext', bext));
  }
  const dataChunk = chunk('data', data);
  if (rf64) new DataView(dataChunk.buffer).setUint32(4, 0xffffffff, true);
  parts.push(dataChunk);
  if (spec.ixmlNames) parts.push(chunk('iXML', ixml(spec.ixmlNames)));
  const total = 12 + parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  out.set(Buffer.from(rf64 ? 'RF64' : 'RIFF', 'latin1'), 0);
  new DataView(out.buffer).setUint32(4, rf64 ? 0xffffffff : total - 8, true);
  out.set(Buffer.from('WAVE', 'latin1'), 8);
  let at = 12;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  if (rf64) {
    // ds64 body (EBU Tech 3306 section 3.2): riffSize, dataSize, sampleCount as uint64 LE.
    const v = new DataView(out.buffer);
    v.setBigUint64(20, BigInt(total - 8), true);
    v.setBigUint64(28, BigInt(data.length), true);
    v.setBigUint64(36, BigInt(channels[0]?.length ?? 0), true);
  }
  return out;
}

export async function writeWav(path: string, channels: readonly Float32Array[], spec: WavSpec): Promise<void> {
  await writeFile(path, wavBytes(channels, spec));
}
