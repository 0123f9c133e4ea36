/**
 * One audio file on disk, read as a stream of frames: WAV/RF64/BWF by our own header reader and a plain
 * positional read, FLAC through @wasm-audio-decoders/flac (libFLAC compiled to WebAssembly: a streaming
 * decoder that takes the file in pieces and needs no native build). Memory is a read buffer, whatever the
 * file's length.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { parseFlacStreamInfo } from './flac-info';
import { decodePcm, fullScale } from './pcm';
import { RecordingError } from './recording-error';
import { parseWavHead, trailingTrackNames, type WavLayout } from './wav-format';

export interface AudioFileInfo {
  path: string;
  channels: number;
  sampleRateHz: number;
  /** Frames (samples per channel) in the file. */
  frames: number;
  /** "WAV 24-bit int", "RF64 32-bit float", "FLAC 16-bit". */
  description: string;
  /** A sample whose magnitude reaches this is at full scale (a clip). */
  fullScale: number;
  /** Names by 0-based channel from iXML/BWF; empty when the file has none. */
  trackNames: (string | null)[];
  /** The audio ends before the header says it should (read up to where it stops). */
  truncated: boolean;
}

/** Reads frames in order; one reader per pass over the file. */
export interface FrameReader {
  readonly info: AudioFileInfo;
  /**
   * The next frames, at most `maxFrames` per channel (fewer near the end); arrays of length 0 at the end.
   * The arrays are the reader's and are overwritten by the next call. Channels the reader was not asked
   * for read as silence (they are not decoded where the format allows).
   */
  read(maxFrames: number): Promise<Float32Array[]>;
  close(): Promise<void>;
}

const HEAD_BYTES = 64 * 1024;
/** Chunks after the audio larger than this are not searched for names (a damaged size field). */
const MAX_TRAILING_BYTES = 1024 * 1024;
const FLAC_CHUNK_BYTES = 64 * 1024;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

async function openHandle(path: string): Promise<{ handle: FileHandle; size: number }> {
  try {
    const size = (await stat(path)).size;
    return { handle: await open(path, 'r'), size };
  } catch (error) {
    throw new RecordingError('unreadable', `${path}: cannot be read (${(error as Error).message})`);
  }
}

/** Reads a file's header only. Rejects with a RecordingError for anything that is not usable audio. */
export async function probeAudioFile(path: string): Promise<AudioFileInfo> {
  const reader = await openAudioFile(path);
  await reader.close();
  return reader.info;
}

/**
 * Opens a WAV or FLAC file (told apart by their first bytes, not the name). Rejects with a RecordingError.
 * @param wantedChannels the 0-based channels to read (all of them by default); the others read as silence.
 */
export async function openAudioFile(path: string, wantedChannels?: ReadonlySet<number>): Promise<FrameReader> {
  const { handle, size } = await openHandle(path);
  try {
    const head = await readAt(handle, 0, HEAD_BYTES);
    const magic = String.fromCharCode(...head.subarray(0, 4));
    if (magic === 'fLaC') return await FlacReader.open(path, handle, head, wantedChannels ?? null);
    return await WavReader.open(path, handle, head, size, wantedChannels ?? null);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

class WavReader implements FrameReader {
  readonly info: AudioFileInfo;
  readonly #handle: FileHandle;
  readonly #layout: WavLayout;
  readonly #wanted: ReadonlySet<number> | null;
  #frame = 0;
  #bytes = new Uint8Array(0);
  #out: Float32Array[] = [];
  /** #out with null for the channels not wanted (never written: they stay zero). */
  #decodeInto: (Float32Array | null)[] = [];

  private constructor(info: AudioFileInfo, handle: FileHandle, layout: WavLayout, wanted: ReadonlySet<number> | null) {
    this.info = info;
    this.#handle = handle;
    this.#layout = layout;
    this.#wanted = wanted;
  }

  static async open(path: string, handle: FileHandle, head: Uint8Array, size: number, wanted: ReadonlySet<number> | null): Promise<WavReader> {
    const result = parseWavHead(head, size, basename(path));
    if (!result.ok) throw result.error;
    const layout = result.value;
    let names = layout.trackNames;
    if (layout.trailingOffset !== null && size - layout.trailingOffset <= MAX_TRAILING_BYTES) {
      const trailing = trailingTrackNames(await readAt(handle, layout.trailingOffset, size - layout.trailingOffset));
      if (trailing.length > 0) names = trailing;
    }
    const { format } = layout;
    const container = String.fromCharCode(...head.subarray(0, 4)) === 'RIFF' ? 'WAV' : 'RF64';
    const info: AudioFileInfo = {
      path,
      channels: format.channels,
      sampleRateHz: format.sampleRateHz,
      frames: layout.frames,
      description: `${container} ${format.bitsPerSample}-bit ${format.encoding}`,
      fullScale: fullScale(format.encoding, format.bitsPerSample),
      trackNames: names,
      truncated: layout.truncated,
    };
    return new WavReader(info, handle, layout, wanted);
  }

  async read(maxFrames: number): Promise<Float32Array[]> {
    const { format } = this.#layout;
    const frames = Math.max(0, Math.min(maxFrames, this.#layout.frames - this.#frame));
    if (this.#out.length === 0 || this.#out[0]!.length < frames) {
      this.#out = Array.from({ length: format.channels }, () => new Float32Array(frames));
      this.#decodeInto = this.#out.map((channel, c) => (this.#wanted === null || this.#wanted.has(c) ? channel : null));
      this.#bytes = new Uint8Array(frames * format.blockAlign);
    }
    const bytes = this.#bytes.subarray(0, frames * format.blockAlign);
    const { bytesRead } = await this.#handle.read(bytes, 0, bytes.length, this.#layout.dataOffset + this.#frame * format.blockAlign);
    const got = Math.floor(bytesRead / format.blockAlign);
    decodePcm(bytes, format, got, this.#decodeInto);
    this.#frame += got;
    return this.#out.map((channel) => channel.subarray(0, got));
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }
}

class FlacReader implements FrameReader {
  readonly info: AudioFileInfo;
  readonly #handle: FileHandle;
  readonly #decoder: FLACDecoder;
  readonly #bitsPerSample: number;
  readonly #wanted: ReadonlySet<number> | null;
  #position = 0;
  #ended = false;
  #decodedFrames = 0;
  /** Decoded frames not yet handed out, and how many of the first array are used. */
  #pending: Float32Array[][] = [];
  #pendingOffset = 0;
  #out: Float32Array[] = [];

  private constructor(info: AudioFileInfo, handle: FileHandle, decoder: FLACDecoder, bitsPerSample: number, wanted: ReadonlySet<number> | null) {
    this.info = info;
    this.#handle = handle;
    this.#decoder = decoder;
    this.#bitsPerSample = bitsPerSample;
    this.#wanted = wanted;
  }

  static async open(path: string, handle: FileHandle, head: Uint8Array, wanted: ReadonlySet<number> | null): Promise<FlacReader> {
    const result = parseFlacStreamInfo(head, basename(path));
    if (!result.ok) throw result.error;
    const { sampleRateHz, channels, bitsPerSample, frames } = result.value;
    const decoder = new FLACDecoder();
    await decoder.ready;
    const info: AudioFileInfo = {
      path,
      channels,
      sampleRateHz,
      frames,
      description: `FLAC ${bitsPerSample}-bit`,
      fullScale: fullScale('int', bitsPerSample),
      trackNames: [],
      truncated: false,
    };
    return new FlacReader(info, handle, decoder, bitsPerSample, wanted);
  }

  async read(maxFrames: number): Promise<Float32Array[]> {
    while (this.#pendingFrames() < maxFrames && !this.#ended) await this.#decodeMore();
    const frames = Math.min(maxFrames, this.#pendingFrames());
    if (this.#out.length === 0 || this.#out[0]!.length < frames) {
      this.#out = Array.from({ length: this.info.channels }, () => new Float32Array(frames));
    }
    let filled = 0;
    while (filled < frames) {
      const piece = this.#pending[0]!;
      const take = Math.min(frames - filled, piece[0]!.length - this.#pendingOffset);
      for (let c = 0; c < this.info.channels; c++) {
        // libFLAC decodes every channel; only the wanted ones are copied (the others stay zero).
        if (this.#wanted === null || this.#wanted.has(c)) this.#out[c]!.set(piece[c]!.subarray(this.#pendingOffset, this.#pendingOffset + take), filled);
      }
      filled += take;
      this.#pendingOffset += take;
      if (this.#pendingOffset === piece[0]!.length) {
        this.#pending.shift();
        this.#pendingOffset = 0;
      }
    }
    return this.#out.map((channel) => channel.subarray(0, frames));
  }

  async close(): Promise<void> {
    this.#decoder.free();
    await this.#handle.close();
  }

  /**
   * The decoder divides integer samples by 2^(bits-1) - 1; WAV integers (and desks) divide by 2^(bits-1)
   * (the most negative code is -1.0). Recover the integer and rescale, so a FLAC and a WAV of the same
   * samples read exactly alike.
   */
  #rescale(channel: Float32Array): Float32Array {
    const codes = 2 ** (this.#bitsPerSample - 1);
    const decoderScale = codes - 1;
    for (let i = 0; i < channel.length; i++) channel[i] = Math.round(channel[i]! * decoderScale) / codes;
    return channel;
  }

  #pendingFrames(): number {
    return this.#pending.reduce((sum, piece) => sum + piece[0]!.length, 0) - this.#pendingOffset;
  }

  async #decodeMore(): Promise<void> {
    const chunk = await readAt(this.#handle, this.#position, FLAC_CHUNK_BYTES);
    this.#position += chunk.length;
    const decoded = chunk.length > 0 ? await this.#decoder.decode(chunk) : await this.#decoder.flush();
    if (chunk.length === 0) this.#ended = true;
    if (decoded.errors.length > 0) {
      const first = decoded.errors[0]!;
      throw new RecordingError('flac-decode', `${basename(this.info.path)}: ${first.message} (${decoded.errors.length} decode error(s))`);
    }
    if (decoded.samplesDecoded > 0 && decoded.channelData.length === this.info.channels) {
      this.#decodedFrames += decoded.samplesDecoded;
      this.#pending.push(decoded.channelData.map((channel) => this.#rescale(channel)));
    }
    // libFLAC drops what it cannot decode without a word: a short count is the only sign of damage.
    if (this.#ended && this.info.frames > 0 && this.#decodedFrames < this.info.frames) {
      throw new RecordingError('flac-decode', `${basename(this.info.path)}: only ${this.#decodedFrames} of its ${this.info.frames} samples could be decoded (the file is damaged or cut short)`);
    }
  }
}
