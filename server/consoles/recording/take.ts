/**
 * What a recording path holds, found from file headers alone: a folder of WAV/FLAC files (one per
 * channel, mono or stereo, ordered by a leading number, then by name), one multichannel WAV, or an X-Live
 * take (a folder of 00000001.WAV, 00000002.WAV ...: one recording split into successive files).
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SourceType } from '../../model/stages';
import { probeAudioFile, type AudioFileInfo } from './audio-file';
import { RecordingError } from './recording-error';
import { leadingNumber, sourceTypeFromName, trackNameFromFile } from './track-names';

/** Files played one after another as one stream (one file, or the segments of a split take). */
export interface TakeSource {
  files: AudioFileInfo[];
  channels: number;
  /** Frames of all segments together. */
  frames: number;
}

export interface TakeTrack {
  name: string;
  sourceType: SourceType | null;
  /** Index into Take.sources, and the 0-based channel within that source. */
  source: number;
  channel: number;
}

export interface Take {
  path: string;
  /** The folder's or file's name, for the console identity. */
  name: string;
  sampleRateHz: number;
  /** Frames of the longest source; shorter tracks are silent after their end, as on a multitrack. */
  frames: number;
  sources: TakeSource[];
  tracks: TakeTrack[];
  /** "16 tracks from 16 FLAC files", "32 tracks, X-Live take of 3 files (WAV 32-bit int)". */
  description: string;
  /** Things worth knowing that did not stop the recording from loading (a truncated file). */
  warnings: string[];
}

/** Per track (take.tracks order): a sample whose magnitude reaches this is at full scale. */
export function trackFullScales(take: Take): number[] {
  return take.tracks.map((t) => Math.min(...take.sources[t.source]!.files.map((f) => f.fullScale)));
}

const AUDIO_FILE = /\.(wav|flac)$/i;
const XLIVE_SEGMENT = /^\d{8}\.wav$/i;

function byLeadingNumberThenName(a: string, b: string): number {
  const na = leadingNumber(a);
  const nb = leadingNumber(b);
  if (na !== null && nb !== null && na !== nb) return na - nb;
  if ((na === null) !== (nb === null)) return na === null ? 1 : -1;
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

function channelName(base: string, channel: number, channels: number): string {
  if (channels === 1) return base;
  if (channels === 2) return `${base} ${channel === 0 ? 'L' : 'R'}`;
  return `${base} ${channel + 1}`;
}

function multichannelTracks(info: AudioFileInfo): TakeTrack[] {
  return Array.from({ length: info.channels }, (_, c) => {
    const name = info.trackNames[c] ?? `Ch ${String(c + 1).padStart(2, '0')}`;
    return { name, sourceType: sourceTypeFromName(name), source: 0, channel: c };
  });
}

function checkSameRate(files: readonly AudioFileInfo[]): number {
  const rate = files[0]!.sampleRateHz;
  const other = files.find((f) => f.sampleRateHz !== rate);
  if (other) {
    throw new RecordingError('mixed-sample-rates', `${basename(other.path)} runs at ${other.sampleRateHz} Hz but ${basename(files[0]!.path)} at ${rate} Hz: one take has one sample rate`);
  }
  return rate;
}

function warningsOf(files: readonly AudioFileInfo[]): string[] {
  return files.filter((f) => f.truncated).map((f) => `${basename(f.path)} ends before its header says: played up to where the audio stops.`);
}

/**
 * Reads the headers of the recording at `path` (nothing of the audio).
 * Rejects with a RecordingError: 'not-found', 'no-audio', 'mixed-sample-rates', 'mixed-channel-counts'
 * or a file's own header error (which names the file).
 */
export async function openTake(path: string): Promise<Take> {
  const take = await readTake(path);
  if (take.frames === 0) throw new RecordingError('no-audio', `${path}: the recording holds no samples`);
  return take;
}

async function readTake(path: string): Promise<Take> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch {
    throw new RecordingError('not-found', `${path}: no such file or folder`);
  }
  if (!isDirectory) {
    const info = await probeAudioFile(path);
    return {
      path, name: basename(path), sampleRateHz: info.sampleRateHz, frames: info.frames,
      sources: [{ files: [info], channels: info.channels, frames: info.frames }],
      tracks: multichannelTracks(info),
      description: `${info.channels} tracks from one file (${info.description})`,
      warnings: warningsOf([info]),
    };
  }
  const names = (await readdir(path)).filter((n) => AUDIO_FILE.test(n) && !n.startsWith('.')).sort(byLeadingNumberThenName);
  if (names.length === 0) throw new RecordingError('no-audio', `${path}: no .wav or .flac files in this folder`);
  const infos: AudioFileInfo[] = [];
  for (const name of names) infos.push(await probeAudioFile(join(path, name)));
  const sampleRateHz = checkSameRate(infos);

  if (names.every((n) => XLIVE_SEGMENT.test(n))) {
    const channels = infos[0]!.channels;
    const odd = infos.find((f) => f.channels !== channels);
    if (odd) {
      throw new RecordingError('mixed-channel-counts', `${basename(odd.path)} has ${odd.channels} channels but ${basename(infos[0]!.path)} ${channels}: the segments of one take share their channels`);
    }
    const frames = infos.reduce((sum, f) => sum + f.frames, 0);
    const named = infos.find((f) => f.trackNames.length > 0) ?? infos[0]!;
    return {
      path, name: basename(path), sampleRateHz, frames,
      sources: [{ files: infos, channels, frames }],
      tracks: multichannelTracks(named),
      description: `${channels} tracks, a take of ${infos.length} file${infos.length === 1 ? '' : 's'} (${infos[0]!.description})`,
      warnings: warningsOf(infos),
    };
  }

  const tracks = infos.flatMap((info, source) => {
    const base = trackNameFromFile(basename(info.path));
    return Array.from({ length: info.channels }, (_, channel): TakeTrack => {
      const name = info.trackNames[channel] ?? channelName(base, channel, info.channels);
      return { name, sourceType: sourceTypeFromName(name), source, channel };
    });
  });
  const kinds = [...new Set(infos.map((f) => f.description.split(' ')[0]))].join('/');
  return {
    path, name: basename(path), sampleRateHz,
    frames: Math.max(...infos.map((f) => f.frames)),
    sources: infos.map((info) => ({ files: [info], channels: info.channels, frames: info.frames })),
    tracks,
    description: `${tracks.length} tracks from ${infos.length} ${kinds} file${infos.length === 1 ? '' : 's'}`,
    warnings: warningsOf(infos),
  };
}
