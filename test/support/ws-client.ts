/**
 * A real `ws` client that records every server message and can wait for one matching a predicate. Like a
 * tablet, it keeps the console state (snapshot plus deltas) and the suggestions (list plus diffs), and asks
 * for a resync when it sees a gap in either. Meter frames come as JSON unless the URL says otherwise.
 * Waits end on the message itself; without an explicit timeout only the test's own timeout bounds them,
 * so a busy machine makes a test slower, never wrong.
 */
import WebSocket from 'ws';
import type { Suggestion } from '../../server/engine/suggestion';
import type { ClientMessage, ServerMessage, WireSnapshot } from '../../server/hub/protocol';
import { applyStateChanges } from '../../ui/src/lib/state-patch';
import { applySuggestionDiff } from '../../ui/src/lib/suggestion-diff';

interface Waiter {
  match: () => boolean;
  resolve: () => void;
}

export class TestClient {
  readonly messages: ServerMessage[] = [];
  /** Binary messages (meter frames of a tablet that did not ask for JSON). */
  readonly binary: Uint8Array[] = [];
  /** Resync requests this client sent after a gap. */
  resyncs = 0;
  readonly #socket: WebSocket;
  readonly #waiters = new Set<Waiter>();
  #state: { version: number; snapshot: WireSnapshot } | null = null;
  #suggestions: { version: number; list: Suggestion[] } | null = null;
  #awaitingResync = false;
  #drop: { match: (m: ServerMessage) => boolean; dropped: () => void } | null = null;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        this.binary.push(new Uint8Array(data));
        this.#wake();
        return;
      }
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (this.#drop?.match(message)) {
        this.#drop.dropped();
        this.#drop = null;
        return;
      }
      this.messages.push(message);
      this.#track(message);
      this.#wake();
    });
  }

  /**
   * Opens a socket; `headers` (e.g. an Origin a browser would send) go with the upgrade request. Meters
   * come as JSON (format=json is added) unless the URL names a format.
   */
  static connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const withFormat = new URL(url);
    if (!withFormat.searchParams.has('format')) withFormat.searchParams.set('format', 'json');
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(withFormat.toString(), { headers });
      const client = new TestClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  get socket(): WebSocket {
    return this.#socket;
  }

  /** The console state as this client holds it (null before the first snapshot). */
  get snapshot(): WireSnapshot | null {
    return this.#state?.snapshot ?? null;
  }

  get stateVersion(): number | null {
    return this.#state?.version ?? null;
  }

  /** The suggestions as this client holds them. */
  get suggestions(): Suggestion[] {
    return this.#suggestions?.list ?? [];
  }

  /** The next message matching `match` is thrown away unread, as if the network had lost it; resolves when it was. */
  dropNext(match: (m: ServerMessage) => boolean): Promise<void> {
    return new Promise((dropped) => {
      this.#drop = { match, dropped };
    });
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
    const from = this.messages.length;
    return this.#until(() => this.messages.slice(from).some(match), timeoutMs).then(() => this.messages.slice(from).find(match)!);
  }

  /** Resolves with the held snapshot once it satisfies `match` (now or after later deltas). */
  waitForState(match: (snapshot: WireSnapshot) => boolean, timeoutMs?: number): Promise<WireSnapshot> {
    return this.#until(() => this.#state !== null && match(this.#state.snapshot), timeoutMs).then(() => this.#state!.snapshot);
  }

  /** Resolves with the held suggestions once they satisfy `match`. */
  waitForSuggestions(match: (suggestions: Suggestion[]) => boolean, timeoutMs?: number): Promise<Suggestion[]> {
    return this.#until(() => this.#suggestions !== null && match(this.#suggestions.list), timeoutMs).then(() => this.suggestions);
  }

  /** Resolves once `count` binary messages arrived in all. */
  waitForBinary(count: number, timeoutMs?: number): Promise<Uint8Array> {
    return this.#until(() => this.binary.length >= count, timeoutMs).then(() => this.binary[count - 1]!);
  }

  /** Resolves once `count` messages (already received or future) match. */
  count(match: (m: ServerMessage) => boolean, count: number): Promise<void> {
    return this.#until(() => this.messages.filter(match).length >= count, undefined);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) return resolve();
      this.#socket.once('close', () => resolve());
      this.#socket.close();
    });
  }

  #until(done: () => boolean, timeoutMs: number | undefined): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = {
        match: done,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new Error(`nothing matching within ${timeoutMs} ms (got ${this.messages.length} messages)`));
        }, timeoutMs);
      }
      this.#waiters.add(waiter);
    });
  }

  #wake(): void {
    for (const waiter of this.#waiters) {
      if (waiter.match()) {
        this.#waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  #track(message: ServerMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.#state = { version: message.version, snapshot: message.snapshot };
        this.#awaitingResync = false;
        return;
      case 'delta': {
        if (this.#state === null || this.#awaitingResync || message.version <= this.#state.version) return;
        const patched = message.version === this.#state.version + 1 ? applyStateChanges(this.#state.snapshot, message.changes) : null;
        if (patched?.ok) this.#state = { version: message.version, snapshot: patched.state };
        else this.#resync();
        return;
      }
      case 'suggestions':
        this.#suggestions = { version: message.version, list: message.suggestions };
        return;
      case 'suggestions-diff':
        if (this.#suggestions === null || this.#awaitingResync || message.version <= this.#suggestions.version) return;
        if (message.version !== this.#suggestions.version + 1) return this.#resync();
        this.#suggestions = { version: message.version, list: applySuggestionDiff(this.#suggestions.list, message) };
        return;
    }
  }

  #resync(): void {
    this.#awaitingResync = true;
    this.resyncs++;
    this.send({ type: 'resync' });
  }
}
