/**
 * Parent and child halves of the bench's process link. Parts under test (a bridge, a soak) run in their
 * own process so that their memory and CPU readings are theirs alone and the tablets' or the bench's work
 * does not run on their event loop. Requests carry an id; the child answers each one once.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { MemoryMb } from './gc-control';

/** What a child reports about itself. */
export interface ProcessSample extends MemoryMb {
  /** CPU time used since the child started (user + system, all threads), ms. */
  cpuMs: number;
  /** performance.now() in the child when sampled, ms. */
  atMs: number;
  /** Bytes each tablet's TCP socket holds in the bridge's memory, largest first. */
  socketBufferedBytes: number[];
  /** Whatever else the child reports (console counters, frames pumped...). */
  detail: Record<string, unknown>;
}

export interface ChildRequest {
  id: number;
  type: string;
  [key: string]: unknown;
}

export interface ChildReply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** The first message a child sends; children add what the parent needs (a port...). */
export interface ReadyMessage {
  type: 'ready';
}

export class BenchChild<Ready extends ReadyMessage> {
  readonly ready: Ready;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #exited = false;

  private constructor(child: ChildProcess, ready: Ready) {
    this.#child = child;
    this.ready = ready;
    child.on('message', (message: ChildReply) => {
      const waiter = this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.error ?? 'child request failed'));
    });
    child.on('exit', (code, signal) => {
      this.#exited = true;
      for (const waiter of this.#pending.values()) waiter.reject(new Error(`bench child exited (${code ?? signal})`));
      this.#pending.clear();
    });
  }

  /** Forks `scriptPath` (run through tsx like the bench) with `config` as JSON in argv and waits for 'ready'. */
  static start<Ready extends ReadyMessage>(scriptPath: string, config: unknown, readyTimeoutMs: number): Promise<BenchChild<Ready>> {
    return BenchChild.#start(scriptPath, config, readyTimeoutMs, process.execArgv);
  }

  /** As start(), for a script built to JavaScript: run on plain `node` with `nodeFlags`, without the bench's tsx loader. */
  static startBuilt<Ready extends ReadyMessage>(scriptPath: string, config: unknown, readyTimeoutMs: number, nodeFlags: readonly string[]): Promise<BenchChild<Ready>> {
    return BenchChild.#start(scriptPath, config, readyTimeoutMs, nodeFlags);
  }

  static #start<Ready extends ReadyMessage>(scriptPath: string, config: unknown, readyTimeoutMs: number, execArgv: readonly string[]): Promise<BenchChild<Ready>> {
    const child = fork(scriptPath, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...execArgv] });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${scriptPath} was not ready within ${readyTimeoutMs} ms`));
      }, readyTimeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${scriptPath} exited with ${code} before it was ready`));
      };
      child.once('exit', onExit);
      child.once('message', (message: Ready) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        if (message.type !== 'ready') {
          child.kill('SIGKILL');
          reject(new Error(`${scriptPath} said ${JSON.stringify(message)} instead of ready`));
          return;
        }
        resolve(new BenchChild(child, message));
      });
    });
  }

  request<T>(type: string, fields: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> {
    if (this.#exited) return Promise.reject(new Error('bench child has exited'));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`bench child did not answer ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value as T); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      this.#child.send({ ...fields, id, type } satisfies ChildRequest);
    });
  }

  sample(collectGarbage = false): Promise<ProcessSample> {
    return this.request<ProcessSample>('sample', { collectGarbage });
  }

  /** Asks the child to stop and waits for it to exit; kills it if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.send({ id: 0, type: 'stop' } satisfies ChildRequest);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The child's half: answers requests with `handle`, 'stop' with `stop` then exit, and exits when the
 * parent goes away (the IPC channel closes) so a crashed bench leaves no process behind.
 */
export function serveParent(handle: (request: ChildRequest) => Promise<unknown>, stop: () => Promise<void>): void {
  const send = (reply: ChildReply) => process.send?.(reply);
  process.on('disconnect', () => process.exit(0));
  process.on('message', (request: ChildRequest) => {
    if (request.type === 'stop') {
      stop().then(() => process.exit(0), (error: unknown) => {
        console.error('bench child: stopping failed', error);
        process.exit(1);
      });
      return;
    }
    handle(request).then(
      (value) => send({ id: request.id, ok: true, value }),
      (error: unknown) => send({ id: request.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
    );
  });
}

export function sendReady<Ready extends ReadyMessage>(ready: Ready): void {
  process.send?.(ready);
}
