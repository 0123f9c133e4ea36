/**
 * A real `ws` client that records every server message and can wait for one matching a predicate.
 * Waits end on the message itself; without an explicit timeout only the test's own timeout bounds them,
 * so a busy machine makes a test slower, never wrong.
 */
import WebSocket from 'ws';
import type { ClientMessage, ServerMessage } from '../../server/hub/protocol';

export class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly #socket: WebSocket;
  readonly #waiters = new Set<{ match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }>();
  readonly #counters = new Set<{ match: (m: ServerMessage) => boolean; left: number; resolve: () => void }>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      this.messages.push(message);
      for (const waiter of this.#waiters) {
        if (waiter.match(message)) {
          this.#waiters.delete(waiter);
          waiter.resolve(message);
        }
      }
      for (const counter of this.#counters) {
        if (counter.match(message) && --counter.left <= 0) {
          this.#counters.delete(counter);
          counter.resolve();
        }
      }
    });
  }

  /** Opens a socket; `headers` (e.g. an Origin a browser would send) go with the upgrade request. */
  static connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new TestClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  get socket(): WebSocket {
    return this.#socket;
  }

  send(message: ClientMessage | string): void {
    this.#socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first message (already received or future) that matches. */
  waitFor<T extends ServerMessage>(match: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  waitFor(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  waitFor(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return this.next(match, timeoutMs);
  }

  /** Resolves with the next future message that matches (rejects after `timeoutMs` when one is given). */
  next(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter = { match, resolve: (m: ServerMessage) => { clearTimeout(timer); resolve(m); } };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new Error(`no matching message within ${timeoutMs} ms (got ${this.messages.length} messages)`));
        }, timeoutMs);
      }
      this.#waiters.add(waiter);
    });
  }

  /** Resolves once `count` messages (already received or future) match. */
  count(match: (m: ServerMessage) => boolean, count: number): Promise<void> {
    const seen = this.messages.filter(match).length;
    if (seen >= count) return Promise.resolve();
    return new Promise((resolve) => this.#counters.add({ match, left: count - seen, resolve }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) return resolve();
      this.#socket.once('close', () => resolve());
      this.#socket.close();
    });
  }
}
