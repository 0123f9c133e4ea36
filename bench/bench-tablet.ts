/**
 * A tablet for the bench: a real `ws` client that notes when each meter frame arrives and which sequence
 * number it carries. Only meter messages are parsed (snapshots are 50 KB and a real tablet parses them on
 * its own CPU, not the bench's). It can stop reading its socket, like a tablet whose app froze.
 */
import WebSocket from 'ws';
import { SEQUENCE_CHANNEL, sequenceFromWire } from './x32-markers';
import type { ServerMessage } from '../server/hub/protocol';

const METERS_PREFIX = Buffer.from('{"type":"meters"');

export interface MeterArrival {
  seq: number;
  /** performance.now() when the message event fired, ms. */
  atMs: number;
}

export class BenchTablet {
  readonly arrivals: MeterArrival[] = [];
  #otherMessages = 0;
  #otherBytes = 0;
  readonly #socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer, isBinary) => {
      const atMs = performance.now();
      if (isBinary || !data.subarray(0, METERS_PREFIX.length).equals(METERS_PREFIX)) {
        this.#otherMessages++;
        this.#otherBytes += data.length;
        return;
      }
      const message = JSON.parse(data.toString()) as Extract<ServerMessage, { type: 'meters' }>;
      const seq = sequenceFromWire(message.frame.channelInputDbfs[SEQUENCE_CHANNEL - 1]);
      if (seq !== null) this.arrivals.push({ seq, atMs });
    });
    socket.on('error', (error) => console.error('bench tablet: socket error', error.message));
  }

  static connect(url: string): Promise<BenchTablet> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { skipUTF8Validation: true });
      socket.once('open', () => resolve(new BenchTablet(socket)));
      socket.once('error', reject);
    });
  }

  /** Non-meter messages received (hello, status, snapshots, suggestions...) and their bytes. */
  others(): { messages: number; bytes: number } {
    return { messages: this.#otherMessages, bytes: this.#otherBytes };
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
}
