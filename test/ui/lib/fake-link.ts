/** A hand-turned clock and a fake browser WebSocket for the tablet's link classes. */
import type { Clock, SocketLike } from '../../../ui/src/lib/bridge-socket.svelte';

export class FakeClock implements Clock {
  #nowMs = 0;
  #nextId = 1;
  readonly #timers = new Map<number, { atMs: number; run: () => void }>();

  nowMs(): number {
    return this.#nowMs;
  }

  setTimeout(run: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#timers.set(id, { atMs: this.#nowMs + ms, run });
    return id;
  }

  clearTimeout(id: number): void {
    this.#timers.delete(id);
  }

  /** Moves time on, running every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.#nowMs + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.atMs <= until).sort((a, b) => a[1].atMs - b[1].atMs)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#nowMs = due[1].atMs;
      due[1].run();
    }
    this.#nowMs = until;
  }
}

export class FakeSocket implements SocketLike {
  readyState = 0;
  binaryType = 'blob';
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  readonly sent: string[] = [];
  closedWith: number | null = null;

  send(data: string): void {
    this.sent.push(data);
  }

  close(code?: number): void {
    this.closedWith = code ?? 1000;
    this.readyState = 3;
  }

  /** The bridge accepted the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }

  /** A message from the bridge: an object is sent as JSON text. */
  receive(data: object | ArrayBuffer): void {
    this.onmessage?.({ data: data instanceof ArrayBuffer ? data : JSON.stringify(data) } as MessageEvent);
  }

  /** The connection dropped. */
  drop(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }

  /** Messages the tablet sent, parsed. */
  sentMessages(): { type: string; [key: string]: unknown }[] {
    return this.sent.map((text) => JSON.parse(text) as { type: string });
  }
}

/** Opens FakeSockets and keeps them, newest last. */
export function socketFactory() {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    open: (): SocketLike => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    latest: (): FakeSocket => sockets.at(-1)!,
  };
}
