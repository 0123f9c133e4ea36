/**
 * Real recorded audio for tests: the drum, bass, guitar and vocal-like samples of Debian's
 * sonic-pi-samples package (FLAC, 44.1 kHz; .ci/run installs it). Multitrack fixtures are assembled from
 * them at test time in a temp folder: nothing binary is committed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAudioFile } from '../../../server/consoles/recording/audio-file';

export const SAMPLES_DIR = '/usr/share/sonic-pi/samples';

if (!existsSync(SAMPLES_DIR)) {
  throw new Error(`${SAMPLES_DIR} is missing: install Debian's sonic-pi-samples (apt-get install -y sonic-pi-samples; .ci/run does)`);
}

export function sample(name: string): string {
  return join(SAMPLES_DIR, `${name}.flac`);
}

export interface DecodedAudio {
  sampleRateHz: number;
  channels: Float32Array[];
}

/** A whole file decoded with the recording console's own reader. */
export async function decodeAll(path: string): Promise<DecodedAudio> {
  const reader = await openAudioFile(path);
  const parts: Float32Array[][] = [];
  try {
    for (;;) {
      const got = await reader.read(65536);
      if (got[0]!.length === 0) break;
      parts.push(got.map((c) => Float32Array.from(c)));
    }
  } finally {
    await reader.close();
  }
  const frames = parts.reduce((sum, p) => sum + p[0]!.length, 0);
  const channels = Array.from({ length: reader.info.channels }, (_, c) => {
    const out = new Float32Array(frames);
    let at = 0;
    for (const part of parts) {
      out.set(part[c]!, at);
      at += part[c]!.length;
    }
    return out;
  });
  return { sampleRateHz: reader.info.sampleRateHz, channels };
}

/** Repeats `samples` to `frames` long (a loop played for longer), scaled by `gainDb`. */
export function looped(samples: Float32Array, frames: number, gainDb = 0): Float32Array {
  const gain = 10 ** (gainDb / 20);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) out[i] = samples[i % samples.length]! * gain;
  return out;
}

/** Largest |sample|. */
export function peakOf(samples: Float32Array): number {
  let peak = 0;
  for (const x of samples) peak = Math.max(peak, Math.abs(x));
  return peak;
}

/** A fresh temp folder, and a function that removes it. */
export async function tempFolder(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `headroom-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
