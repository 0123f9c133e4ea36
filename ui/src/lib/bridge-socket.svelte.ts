/**
 * The tablet's WebSocket to the bridge's /ws: opens it, reconnects by itself with backoff after the venue
 * Wi-Fi drops, and gives up on a socket that carried nothing for SILENT_SOCKET_MS (a Wi-Fi drop often leaves
 * TCP half-open). It knows nothing of what the messages mean: text and binary go to its events.
 */
import type { ConnectionState } from '../../../server/consoles/console';

/** Timers and time, injected so the tablet owns no globals (and tests can drive it). */
export interface Clock {
  nowMs(): number;
  setTimeout(run: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/** The part of the browser's WebSocket the tablet uses. */
export interface SocketLike {
  readonly readyState: number;
  /** Set to 'arraybuffer': binary meter frames are read as ArrayBuffers. */
  binaryType: string;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface SocketEvents {
  /** A new socket is being opened: what comes next belongs to a new session. */
  connecting(): void;
  /** The socket is open (the link is 'syncing' until the session says it is ready). */
  opened(): void;
  text(data: string): void;
  binary(data: ArrayBuffer): void;
  /** Data that is neither text nor an ArrayBuffer. */
  unreadable(): void;
  /** The socket dropped (a retry is scheduled unless stopped). */
  lost(): void;
  /** The socket could not even be created. */
  failed(message: string): void;
}

export interface BridgeSocketDeps {
  /** ws:// or wss:// URL of the bridge's /ws endpoint. */
  socketUrl: string;
  openSocket(url: string): SocketLike;
  clock: Clock;
}

/** A socket that carried nothing for this long is presumed dead (Wi-Fi gone without a FIN), ms. */
export const SILENT_SOCKET_MS = 8000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;
const SOCKET_OPEN = 1;

export class BridgeSocket {
  readonly #deps: BridgeSocketDeps;
  readonly #events: SocketEvents;
  #socket: SocketLike | null = null;
  #retryTimer: number | null = null;
  #silenceTimer: number | null = null;
  #attempt = 0;
  #stopped = true;
  #link = $state<ConnectionState>('idle');
  #reconnects = $state(0);

  constructor(deps: BridgeSocketDeps, events: SocketEvents) {
    this.#deps = deps;
    this.#events = events;
  }

  /** idle (not started), connecting, syncing (open, waiting for data), ready, lost (retrying). */
  get link(): ConnectionState {
    return this.#link;
  }

  /** Reconnections since start (after a lost socket). */
  get reconnects(): number {
    return this.#reconnects;
  }

  get open(): boolean {
    return this.#socket?.readyState === SOCKET_OPEN;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#link = 'connecting';
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#clear('retry');
    this.#clear('silence');
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'tablet closed');
    this.#link = 'idle';
  }

  /** Reconnects at once instead of waiting for the backoff (the network came back, the tablet woke up). */
  retryNow(): void {
    if (this.#stopped || this.#socket !== null) return;
    this.#clear('retry');
    this.#connect();
  }

  /** The session has what it needs: the link is ready and the backoff starts again from the first step. */
  markReady(): void {
    if (this.#link !== 'syncing') return;
    this.#link = 'ready';
    this.#attempt = 0;
  }

  /** Sends text; false when the socket is not open. */
  send(text: string): boolean {
    const socket = this.#socket;
    if (socket === null || socket.readyState !== SOCKET_OPEN) return false;
    socket.send(text);
    return true;
  }

  #connect(): void {
    this.#events.connecting();
    let socket: SocketLike;
    try {
      socket = this.#deps.openSocket(this.#deps.socketUrl);
    } catch (error) {
      this.#events.failed(`Cannot open ${this.#deps.socketUrl}: ${(error as Error).message}`);
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#link = 'syncing';
      this.#armSilenceWatch();
      this.#events.opened();
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      this.#armSilenceWatch();
      if (event.data instanceof ArrayBuffer) this.#events.binary(event.data);
      else if (typeof event.data === 'string') this.#events.text(event.data);
      else this.#events.unreadable();
    };
    // An error is always followed by close, where recovery happens.
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#lose();
    };
  }

  /** Gives up on a silent socket without waiting for a close handshake with a peer that is gone. */
  #abandon(socket: SocketLike): void {
    if (this.#socket !== socket) return;
    this.#socket = null;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.close(4000, 'no data from the bridge');
    this.#lose();
  }

  #lose(): void {
    this.#clear('silence');
    this.#events.lost();
    if (this.#stopped) return;
    this.#link = 'lost';
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    const delayMs = Math.min(FIRST_RETRY_MS * 2 ** this.#attempt, MAX_RETRY_MS);
    this.#attempt++;
    this.#retryTimer = this.#deps.clock.setTimeout(() => {
      this.#retryTimer = null;
      this.#reconnects++;
      this.#connect();
    }, delayMs);
  }

  #armSilenceWatch(): void {
    this.#clear('silence');
    const socket = this.#socket;
    if (socket === null) return;
    this.#silenceTimer = this.#deps.clock.setTimeout(() => {
      this.#silenceTimer = null;
      this.#abandon(socket);
    }, SILENT_SOCKET_MS);
  }

  #clear(which: 'retry' | 'silence'): void {
    const id = which === 'retry' ? this.#retryTimer : this.#silenceTimer;
    if (id !== null) this.#deps.clock.clearTimeout(id);
    if (which === 'retry') this.#retryTimer = null;
    else this.#silenceTimer = null;
  }
}
