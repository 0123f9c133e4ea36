import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseWavHead, trailingTrackNames } from '../../../server/consoles/recording/wav-format';
import { fmtBody, wavBytes } from './wav-writer';

const HALF = new Float32Array([0.5, -0.5]);

function head(bytes: Uint8Array) {
  return parseWavHead(bytes, bytes.length, 'x.wav');
}

function riff(...chunks: [string, Uint8Array, number?][]): Uint8Array {
  const parts = chunks.map(([id, body, declared]) => {
    const out = new Uint8Array(8 + body.length + (body.length % 2));
    out.set(Buffer.from(id, 'latin1'));
    new DataView(out.buffer).setUint32(4, declared ?? body.length, true);
    out.set(body, 8);
    return out;
  });
  const total = 12 + parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  out.set(Buffer.from('RIFF', 'latin1'));
  new DataView(out.buffer).setUint32(4, total - 8, true);
  out.set(Buffer.from('WAVE', 'latin1'), 8);
  let at = 12;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const PCM16_FMT = fmtBody({ sampleRateHz: 48000, encoding: 'int', bitsPerSample: 16 }, 2);

describe('parseWavHead', () => {
  test.each([
    ['16-bit int', { encoding: 'int', bitsPerSample: 16 }, 'WAV 16'],
    ['24-bit int', { encoding: 'int', bitsPerSample: 24 }, 'WAV 24'],
    ['32-bit int', { encoding: 'int', bitsPerSample: 32 }, 'WAV 32'],
    ['32-bit float', { encoding: 'float', bitsPerSample: 32 }, 'WAV 32'],
  ] as const)('reads a %s RIFF header: format, data offset and frames', (_name, format, _label) => {
    const bytes = wavBytes([HALF, HALF], { sampleRateHz: 96000, ...format });
    const result = head(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const bytesPerSample = format.bitsPerSample / 8;
    expect(result.value).toMatchObject({
      format: { encoding: format.encoding, bitsPerSample: format.bitsPerSample, channels: 2, sampleRateHz: 96000, blockAlign: 2 * bytesPerSample },
      dataOffset: 12 + 8 + 16 + 8,
      dataBytes: 2 * 2 * bytesPerSample,
      frames: 2,
      truncated: false,
      trailingOffset: null,
    });
  });

  test('reads WAVE_FORMAT_EXTENSIBLE by its SubFormat (PCM and IEEE float)', () => {
    for (const encoding of ['int', 'float'] as const) {
      const result = head(wavBytes([HALF], { sampleRateHz: 44100, encoding, bitsPerSample: 32, extensible: true }));
      expect(result.ok && result.value.format).toMatchObject({ encoding, bitsPerSample: 32, channels: 1 });
    }
  });

  test('reads RF64: the data size 0xFFFFFFFF is taken from ds64 (EBU Tech 3306)', () => {
    const bytes = wavBytes([HALF, HALF, HALF], { sampleRateHz: 48000, encoding: 'int', bitsPerSample: 24, container: 'RF64' });
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(0xffffffff);
    const result = head(bytes);
    expect(result.ok && result.value).toMatchObject({ frames: 2, dataBytes: 18, dataOffset: 12 + 36 + 8 + 16 + 8 });
  });

  test('track names from a BWF bext description (sTRKn=) in the header', () => {
    const bytes = wavBytes([HALF, HALF], { sampleRateHz: 48000, encoding: 'int', bitsPerSample: 16, bextDescription: 'sTRK1=Kick In\r\nsTRK2=Snare\r\n' });
    const result = head(bytes);
    expect(result.ok && result.value.trackNames).toEqual(['Kick In', 'Snare']);
  });

  test('iXML written after the audio: found through trailingOffset and trailingTrackNames', () => {
    const bytes = wavBytes([HALF, HALF], { sampleRateHz: 48000, encoding: 'int', bitsPerSample: 16, ixmlNames: ['Bass &amp; DI', 'Vox'] });
    const result = head(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.trailingOffset).toBe(result.value.dataOffset + result.value.dataBytes);
    expect(trailingTrackNames(bytes.subarray(result.value.trailingOffset!))).toEqual(['Bass & DI', 'Vox']);
  });

  test('a file cut short (power lost while recording) keeps the whole frames it has and says so', () => {
    const bytes = wavBytes([new Float32Array(10), new Float32Array(10)], { sampleRateHz: 48000, encoding: 'int', bitsPerSample: 16 });
    const cut = bytes.subarray(0, bytes.length - 7);
    const result = parseWavHead(cut, cut.length, 'cut.wav');
    expect(result.ok && result.value).toMatchObject({ frames: 8, dataBytes: 32, truncated: true });
  });

  test.each([
    ['too short for a header', new Uint8Array(8), 'truncated'],
    ['not RIFF', Buffer.from('OggS\0\0\0\0WAVEfmt '), 'not-wav'],
    ['RIFF but not WAVE', Buffer.from('RIFF\0\0\0\0AVI LIST'), 'not-wav'],
    ['data before fmt', riff(['data', new Uint8Array(4)]), 'no-fmt'],
    ['no data chunk', riff(['fmt ', PCM16_FMT]), 'no-data'],
    ['no chunks at all', riff(), 'no-fmt'],
    ['fmt too short', riff(['fmt ', new Uint8Array(10)], ['data', new Uint8Array(4)]), 'bad-fmt'],
    ['ADPCM (tag 2)', riff(['fmt ', Uint8Array.from([2, 0, 1, 0, 0x80, 0xbb, 0, 0, 0, 0, 0, 0, 2, 0, 4, 0])], ['data', new Uint8Array(4)]), 'unsupported-format'],
    ['8-bit PCM', riff(['fmt ', Uint8Array.from([1, 0, 1, 0, 0x80, 0xbb, 0, 0, 0x80, 0xbb, 0, 0, 1, 0, 8, 0])], ['data', new Uint8Array(4)]), 'unsupported-format'],
    ['64-bit float', riff(['fmt ', Uint8Array.from([3, 0, 1, 0, 0x80, 0xbb, 0, 0, 0, 0, 0, 0, 8, 0, 64, 0])], ['data', new Uint8Array(8)]), 'unsupported-format'],
    ['block align that does not match', riff(['fmt ', Uint8Array.from([1, 0, 2, 0, 0x80, 0xbb, 0, 0, 0, 0, 0, 0, 3, 0, 16, 0])], ['data', new Uint8Array(4)]), 'bad-fmt'],
    ['zero channels', riff(['fmt ', Uint8Array.from([1, 0, 0, 0, 0x80, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0])], ['data', new Uint8Array(4)]), 'bad-fmt'],
    ['a chunk that runs past the end', riff(['fmt ', PCM16_FMT], ['LIST', new Uint8Array(4), 4000]), 'truncated'],
    ['extensible fmt cut short', riff(['fmt ', Uint8Array.from([0xfe, 0xff, 1, 0, 0x80, 0xbb, 0, 0, 0, 0, 0, 0, 2, 0, 16, 0, 0, 0])], ['data', new Uint8Array(4)]), 'bad-fmt'],
  ])('%s: error %s', (_name, bytes, code) => {
    const result = head(bytes);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain('x.wav');
  });

  test('RF64 whose data size points to a missing ds64 is refused', () => {
    const bytes = riff(['fmt ', PCM16_FMT], ['data', new Uint8Array(4), 0xffffffff]);
    bytes.set(Buffer.from('RF64', 'latin1'), 0);
    const result = head(bytes);
    expect(!result.ok && result.error.code).toBe('bad-ds64');
  });

  test('never throws: random bytes and damaged real headers give a layout or a coded error', () => {
    const real = wavBytes([HALF, HALF], { sampleRateHz: 48000, encoding: 'int', bitsPerSample: 24, bextDescription: 'sTRK1=a', ixmlNames: ['x', 'y'] });
    const damaged = fc.tuple(fc.array(fc.tuple(fc.nat(real.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(real.length))
      .map(([edits, cut]) => {
        const bytes = Uint8Array.from(real);
        for (const [at, value] of edits) bytes[at] = value;
        return bytes.subarray(0, cut);
      });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), damaged), fc.nat(1 << 20), (bytes, extra) => {
      const result = parseWavHead(bytes, bytes.length + (extra % 3 === 0 ? extra : 0), 'f.wav');
      if (result.ok) {
        expect(result.value.frames).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(result.value.frames)).toBe(true);
      } else {
        expect(typeof result.error.code).toBe('string');
      }
      expect(Array.isArray(trailingTrackNames(bytes))).toBe(true);
    }), { numRuns: 2000 });
  });
});
