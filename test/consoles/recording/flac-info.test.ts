import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { parseFlacStreamInfo } from '../../../server/consoles/recording/flac-info';
import { sample } from './real-audio';

test('STREAMINFO of a real FLAC file: 44.1 kHz stereo 16-bit, 77321 samples (1.75 s of the amen break)', async () => {
  const bytes = await readFile(sample('loop_amen'));
  const result = parseFlacStreamInfo(bytes.subarray(0, 64), 'loop_amen.flac');
  expect(result).toEqual({ ok: true, value: { sampleRateHz: 44100, channels: 2, bitsPerSample: 16, frames: 77321 } });
});

test('STREAMINFO of a mono file', async () => {
  const bytes = await readFile(sample('drum_cymbal_closed'));
  const result = parseFlacStreamInfo(bytes, 'x.flac');
  expect(result.ok && result.value).toMatchObject({ channels: 1, sampleRateHz: 44100 });
});

test.each([
  ['no marker', Buffer.from('RIFF....WAVEfmt '), 'not-flac'],
  ['marker only', Buffer.from('fLaC'), 'truncated'],
  ['first block not STREAMINFO', Buffer.concat([Buffer.from('fLaC'), Buffer.from([0x84, 0, 0, 34]), Buffer.alloc(34)]), 'not-flac'],
  ['sample rate 0', Buffer.concat([Buffer.from('fLaC'), Buffer.from([0x80, 0, 0, 34]), Buffer.alloc(34)]), 'not-flac'],
])('%s: %s', (_name, bytes, code) => {
  const result = parseFlacStreamInfo(bytes, 'x.flac');
  expect(!result.ok && result.error.code).toBe(code);
});
