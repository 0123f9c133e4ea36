/**
 * One TCP connection to a Yamaha desk's RCP port (49280) with a request queue: requests are sent in order
 * with at most `maxInFlight` awaiting their reply, and each is answered by the desk's `OK`/`OKm` line for
 * the same action, address and indices, refused by an `ERROR` line for it, or times out. Every line also
 * goes to the handlers (NOTIFY pushes, meters, and the replies themselves). Never throws from the socket:
 * bad lines go to onMalformed, a closed or failed socket to onClose once.
 */
import { connectTcp, type TcpConnection } from '../tcp-connection';
import { formatGet, formatSet, RcpLineSplitter, type RcpMessage } from './rcp-line-codec';

/** Yamaha's RCP port (Companion yamaha-rcp index.js RCP_PORT; Mixing Station's Yamaha notes). */
export const RCP_PORT = 49280;

export type RcpRequestErrorCode = 'timeout' | 'refused' | 'closed';

export class RcpRequestError extends Error {
  readonly code: RcpRequestErrorCode;
  constructor(code: RcpRequestErrorCode, message: string) {
    super(message);
    this.name = 'RcpRequestError';
    this.code = code;
  }
}

export interface RcpLinkHandlers {
  onMessage(message: RcpMessage): void;
  onMalformed(reason: string, line: string): void;
  onClose(reason: string): void;
}

export interface RcpLinkOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Requests awaiting a reply at once; the rest wait in order. */
  maxInFlight: number;
}

interface Pending {
  line: string;
  matches(message: RcpMessage): boolean;
  resolve(message: RcpMessage): void;
  reject(error: RcpRequestError): void;
  timer: ReturnType<typeof setTimeout> | null;
}

export class RcpLink {
  readonly #options: RcpLinkOptions;
  #connection: TcpConnection | null = null;
  #waiting: Pending[] = [];
  #inFlight: Pending[] = [];
  #linesOut = 0;

  constructor(options: RcpLinkOptions) {
    this.#options = options;
  }

  get description(): string {
    return `RCP ${this.#options.host}:${this.#options.port}`;
  }

  /** Lines sent since the link was made. */
  get linesOut(): number {
    return this.#linesOut;
  }

  /** Connects; rejects with a hint when the desk cannot be reached. */
  open(handlers: RcpLinkHandlers): Promise<void> {
    this.close();
    const { host, port, connectTimeoutMs } = this.#options;
    const splitter = new RcpLineSplitter();
    const connection: TcpConnection = connectTcp({
      host,
      port,
      connectTimeoutMs,
      error: (message) => new RcpRequestError('closed', message),
      connectHint: (reason) => connectHint(host, port, reason),
      onData: (chunk) => {
        for (const parsed of splitter.feed(chunk)) {
          // A handler may have closed the link part-way through a chunk.
          if (this.#connection !== connection) return;
          if (parsed.kind === 'malformed') {
            handlers.onMalformed(parsed.reason, parsed.line);
            continue;
          }
          this.#settle(parsed.message);
          handlers.onMessage(parsed.message);
        }
      },
      onLost: (reason) => {
        this.close();
        handlers.onClose(reason);
      },
    });
    this.#connection = connection;
    return connection.opened;
  }

  /** `get ADDRESS X Y`: resolves with the desk's value message. */
  get(address: string, x: number, y: number): Promise<RcpMessage> {
    return this.#request(formatGet(address, x, y), (m) => isReplyTo(m, 'get', address, x, y), (m) => isRefusal(m, 'get', address, x, y));
  }

  /** `set ADDRESS X Y VALUE`: resolves with the desk's OK/OKm line, which carries the value it now holds. */
  set(address: string, x: number, y: number, value: number): Promise<RcpMessage> {
    return this.#request(formatSet(address, x, y, value), (m) => isReplyTo(m, 'set', address, x, y), (m) => isRefusal(m, 'set', address, x, y));
  }

  /** Any other command (`devstatus runmode`): resolves with the desk's OK line for that action and first word. */
  command(action: string, word: string): Promise<RcpMessage> {
    return this.#request(
      `${action} ${word}\n`,
      (m) => m.kind === 'other' && m.status === 'OK' && m.action === action && m.rest[0] === word,
      (m) => m.kind === 'error' && m.action === action,
    );
  }

  /** Sends a line that has no reply to wait for (mtrstart: its answer is the meter stream). */
  send(line: string): void {
    this.#write(line);
  }

  /** Closes the socket and rejects an open() under way and every request still queued or in flight. */
  close(): void {
    this.#connection?.close();
    this.#connection = null;
    const all = [...this.#inFlight, ...this.#waiting];
    this.#inFlight = [];
    this.#waiting = [];
    for (const pending of all) {
      if (pending.timer) clearTimeout(pending.timer);
      pending.reject(new RcpRequestError('closed', `the link closed before the desk answered ${pending.line.trim()}`));
    }
  }

  #request(line: string, matches: (m: RcpMessage) => boolean, refuses: (m: RcpMessage) => boolean): Promise<RcpMessage> {
    if (!this.#connection) return Promise.reject(new RcpRequestError('closed', 'the link is not open'));
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        line,
        matches: (m) => matches(m) || refuses(m),
        resolve: (m) => (refuses(m) && m.kind === 'error' ? reject(new RcpRequestError('refused', `the desk refused ${line.trim()}: ${m.text}`)) : resolve(m)),
        reject,
        timer: null,
      };
      this.#waiting.push(pending);
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight.length < this.#options.maxInFlight && this.#waiting.length > 0) {
      const pending = this.#waiting.shift()!;
      this.#inFlight.push(pending);
      pending.timer = setTimeout(() => {
        this.#inFlight = this.#inFlight.filter((p) => p !== pending);
        pending.reject(new RcpRequestError('timeout', `the desk did not answer ${pending.line.trim()} within ${this.#options.requestTimeoutMs} ms`));
        this.#pump();
      }, this.#options.requestTimeoutMs);
      this.#write(pending.line);
    }
  }

  #settle(message: RcpMessage): void {
    if (message.kind === 'meter' || (message.kind === 'value' && message.status === 'NOTIFY')) return;
    const at = this.#inFlight.findIndex((pending) => pending.matches(message));
    if (at === -1) return;
    const [pending] = this.#inFlight.splice(at, 1);
    if (pending!.timer) clearTimeout(pending!.timer);
    pending!.resolve(message);
    this.#pump();
  }

  #write(line: string): void {
    if (this.#connection?.write(line)) this.#linesOut++;
  }
}

function isReplyTo(m: RcpMessage, action: 'get' | 'set', address: string, x: number, y: number): boolean {
  return m.kind === 'value' && m.status !== 'NOTIFY' && m.action === action && m.address === address && m.x === x && m.y === y;
}

/** An ERROR naming the action and, as far as it names them, the address and indices. */
function isRefusal(m: RcpMessage, action: string, address: string, x: number, y: number): boolean {
  if (m.kind !== 'error' || m.action !== action) return false;
  if (m.address === null) return true;
  return m.address === address && (m.x === null || (m.x === x && m.y === y));
}

function connectHint(host: string, port: number, reason: string): string {
  return `cannot connect to ${host}:${port} for Yamaha RCP (${reason}). Check the desk address (--host), that the desk and this machine share a network, and that the desk's client limit is not already taken by editors and apps.`;
}
