/**
 * A WebSocket client for the wifi latency runs that only notes when each message arrived and keeps its
 * bytes; what the messages carry is read after the run. The bridge's tablets and the bare relay's clients
 * are the same kind of client, so neither side's timestamps wait for the bench parsing the other's
 * messages (or its own earlier ones) on the bench's event loop.
 */
import WebSocket from 'ws';

export interface RawArrival {
  /** performance.now() when the message event fired, ms. */
  atMs: number;
  data: Buffer;
  isBinary: boolean;
}

export class RecordingClient {
  readonly received: RawArrival[] = [];
  readonly #socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer, isBinary) => {
      this.received.push({ atMs: performance.now(), data, isBinary });
    });
    socket.on('error', (error) => console.error('bench recording client: socket error', error.message));
  }

  /** Connects and sends `firstMessage` (null: nothing) once open. */
  static connect(url: string, firstMessage: string | null): Promise<RecordingClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { skipUTF8Validation: true });
      socket.once('open', () => {
        if (firstMessage !== null) socket.send(firstMessage);
        resolve(new RecordingClient(socket));
      });
      socket.once('error', reject);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) return resolve();
      this.#socket.once('close', () => resolve());
      this.#socket.terminate();
    });
  }
}
