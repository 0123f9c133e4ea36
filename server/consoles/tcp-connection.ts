/**
 * One TCP connection to a desk's control port, as every TCP adapter needs it: a connect timeout, Nagle off
 * (a fader write is a few bytes and must not wait for more), one end reported once, and a teardown after
 * which nothing of the socket reaches the adapter (a late RST included). Shared by Yamaha RCP and
 * Allen & Heath MIDI over TCP so the two cannot drift in how they give up on a desk.
 */
import net from 'node:net';

export interface TcpConnectionOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
  /** The adapter's error for `message` (its own class and code, so callers and tests see one kind). */
  error(message: string): Error;
  /** What an engineer should check when the desk cannot be reached for `reason` (an errno code or a sentence). */
  connectHint(reason: string): string;
  /** The connection is made (before `opened` resolves). */
  onOpen?(): void;
  onData(chunk: Buffer): void;
  /** The connection ended after it was made: the desk closed it, an error, or fail(). Not after close(). */
  onLost(reason: string): void;
}

export interface TcpConnection {
  /** Resolves once connected; rejects with the hint when the desk cannot be reached, or when close() comes first. */
  readonly opened: Promise<void>;
  /** Writes when connected; false when not (nothing is queued for a connection that is gone). */
  write(data: string | Uint8Array): boolean;
  /** Ends the connection as lost (a silent desk, say): onLost once made, else `opened` rejects with the hint. */
  fail(reason: string): void;
  /** Ends it without onLost; an `opened` still waiting rejects. */
  close(): void;
}

export function connectTcp(options: TcpConnectionOptions): TcpConnection {
  const { host, port, connectTimeoutMs } = options;
  const socket = net.createConnection({ host, port });
  let state: 'connecting' | 'open' | 'ended' = 'connecting';
  let resolveOpened!: () => void;
  let rejectOpened!: (error: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });

  /** Ends the connection once; returns what it was, so the caller reports the end that fits. */
  const end = (): 'connecting' | 'open' | 'ended' => {
    const was = state;
    if (was === 'ended') return was;
    state = 'ended';
    clearTimeout(connectTimer);
    socket.removeAllListeners();
    // A late RST after teardown must not become an unhandled 'error' event.
    socket.on('error', () => undefined);
    socket.destroy();
    return was;
  };
  const fail = (reason: string): void => {
    const was = end();
    if (was === 'open') options.onLost(reason);
    else if (was === 'connecting') rejectOpened(options.error(options.connectHint(reason)));
  };

  const connectTimer = setTimeout(() => fail(`no answer within ${connectTimeoutMs} ms`), connectTimeoutMs);
  socket.setNoDelay(true);
  socket.on('connect', () => {
    clearTimeout(connectTimer);
    state = 'open';
    options.onOpen?.();
    resolveOpened();
  });
  socket.on('data', (chunk: Buffer) => options.onData(chunk));
  socket.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  socket.on('close', () => fail('the desk closed the connection'));

  return {
    opened,
    write(data) {
      if (state !== 'open') return false;
      socket.write(data);
      return true;
    },
    fail,
    close() {
      if (end() === 'connecting') rejectOpened(options.error(`the link was closed while connecting to ${host}:${port}`));
    },
  };
}
