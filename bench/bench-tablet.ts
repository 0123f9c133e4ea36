/**
 * A tablet for the bench: a real `ws` client that notes when each meter frame arrives and which sequence
 * number it carries, and counts the bytes of every message by type (what a tablet costs on venue Wi-Fi).
 * Meter frames are binary, read with the layout the bridge announced, unless it connects with
 * format=json. Only meter frames and the small layout messages are parsed (snapshots are 50 KB and a real
 * tablet parses them on its own CPU, not the bench's). It can stop reading its socket, like a tablet whose
 * app froze.
 */
import WebSocket from 'ws';
import type { MeterLayout, MeterView, ServerMessage } from '../server/hub/protocol';
import { decodeMeterFrame } from '../ui/src/lib/meter-binary';
import { SEQUENCE_CHANNEL, sequenceFromWire } from './x32-markers';

const METERS_PREFIX = Buffer.from('{"type":"meters"');
const LAYOUT_PREFIX = Buffer.from('{"type":"meter-layout"');
const SNAPSHOT_PREFIX = Buffer.from('{"type":"snapshot"');
const TYPE_PATTERN = /^\{"type":"([a-z-]+)"/;

export interface MeterArrival {
  seq: number;
  /** performance.now() when the message event fired, ms. */
  atMs: number;
}

/** Bytes and messages of one type since the last reset. */
export interface TrafficCount {
  messages: number;
  /** Payload bytes plus the WebSocket frame header (RFC 6455 section 5.2: 2, 4 or 10 bytes from the server). */
  bytes: number;
}

/** Size of the frame header the server puts before a payload of `length` bytes (no mask from a server). */
export function wsHeaderBytes(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/**
 * Reads a bridge's messages in the order they arrived and notes each meter frame's sequence number. The
 * bench tablet reads as messages come; the wifi latency runs record the raw messages and read them after
 * the run, so that no parsing on the bench's event loop delays the next arrival's timestamp.
 */
export class MeterStreamReader {
  readonly arrivals: MeterArrival[] = [];
  #otherMessages = 0;
  #otherBytes = 0;
  #layout: MeterLayout | null = null;

  /** One message as the socket delivered it; `atMs` is when its message event fired. */
  read(data: Buffer, isBinary: boolean, atMs: number): void {
    if (isBinary) return this.#binaryFrame(data, atMs);
    if (data.subarray(0, LAYOUT_PREFIX.length).equals(LAYOUT_PREFIX)) {
      this.#layout = (JSON.parse(data.toString()) as Extract<ServerMessage, { type: 'meter-layout' }>).layout;
      return;
    }
    if (data.subarray(0, SNAPSHOT_PREFIX.length).equals(SNAPSHOT_PREFIX)) {
      const layout = (JSON.parse(data.toString()) as Extract<ServerMessage, { type: 'snapshot' }>).meterLayout;
      if (layout !== null) this.#layout = layout;
    }
    if (!data.subarray(0, METERS_PREFIX.length).equals(METERS_PREFIX)) {
      this.#otherMessages++;
      this.#otherBytes += data.length;
      return;
    }
    const message = JSON.parse(data.toString()) as Extract<ServerMessage, { type: 'meters' }>;
    const seq = sequenceFromWire(message.frame.channelInputDbfs[SEQUENCE_CHANNEL - 1]);
    if (seq !== null) this.arrivals.push({ seq, atMs });
  }

  /** Non-meter messages read (hello, status, snapshots, suggestions...) and their bytes. */
  others(): { messages: number; bytes: number } {
    return { messages: this.#otherMessages, bytes: this.#otherBytes };
  }

  #binaryFrame(data: Buffer, atMs: number): void {
    const decoded = decodeMeterFrame(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer, this.#layout);
    if (decoded.kind !== 'frame') return;
    const level = decoded.frame.channelInputDbfs[SEQUENCE_CHANNEL - 1];
    const seq = sequenceFromWire(level === undefined || !Number.isFinite(level) ? null : level);
    if (seq !== null) this.arrivals.push({ seq, atMs });
  }
}

export class BenchTablet {
  readonly #reader = new MeterStreamReader();
  readonly arrivals = this.#reader.arrivals;
  #traffic = new Map<string, TrafficCount>();
  readonly #socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer, isBinary) => {
      const atMs = performance.now();
      this.#count(isBinary ? 'meters (binary)' : (TYPE_PATTERN.exec(data.subarray(0, 40).toString('latin1'))?.[1] ?? 'unknown'), data.length);
      this.#reader.read(data, isBinary, atMs);
    });
    socket.on('error', (error) => console.error('bench tablet: socket error', error.message));
  }

  /** Connects; `view` is sent at once (a tablet on the overview asks for the overview's meters). */
  static connect(url: string, view: MeterView | null = null): Promise<BenchTablet> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { skipUTF8Validation: true });
      socket.once('open', () => {
        const tablet = new BenchTablet(socket);
        if (view !== null) socket.send(JSON.stringify({ type: 'meters-view', view }));
        resolve(tablet);
      });
      socket.once('error', reject);
    });
  }

  /** Non-meter messages received (hello, status, snapshots, suggestions...) and their bytes. */
  others(): { messages: number; bytes: number } {
    return this.#reader.others();
  }

  /** Traffic by message type since the last reset (or since connecting). */
  traffic(): ReadonlyMap<string, TrafficCount> {
    return this.#traffic;
  }

  resetTraffic(): void {
    this.#traffic = new Map();
  }

  /** Stops reading from the socket: the bridge's writes pile up in TCP and then in the bridge. */
  stall(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) return resolve();
      this.#socket.once('close', () => resolve());
      this.#socket.terminate();
    });
  }

  #count(type: string, payloadBytes: number): void {
    const count = this.#traffic.get(type) ?? { messages: 0, bytes: 0 };
    count.messages++;
    count.bytes += payloadBytes + wsHeaderBytes(payloadBytes);
    this.#traffic.set(type, count);
  }
}
