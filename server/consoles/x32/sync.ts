/**
 * Reads over lossy UDP: a queue of "get" requests (an address sent without arguments; the desk answers with
 * the value on the same address) with bounded concurrency, a per-attempt timeout and a bounded number of
 * retries. The X32 answers a request flood by dropping packets (see the protocol document on buffer
 * overflows), hence the concurrency bound.
 */
import { ConsoleError } from '../console';
import type { OscArg } from './codec';

export interface ReadQueueOptions {
  /** Sends one read request. Must not throw. */
  send(address: string): void;
  /** How long one attempt waits for its reply. */
  timeoutMs: number;
  /** Further attempts after the first one timed out (0 = one attempt only). */
  retries: number;
  /** Requests in flight at once (at least 1). */
  concurrency: number;
  /** Called for every attempt that timed out, with its 1-based attempt number. */
  onTimeout(address: string, attempt: number): void;
}

interface ReadRequest {
  readonly address: string;
  attempts: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  readonly resolve: (args: OscArg[]) => void;
  readonly reject: (error: Error) => void;
}

export class ReadQueue {
  readonly #options: ReadQueueOptions;
  #waiting: ReadRequest[] = [];
  readonly #inFlight = new Map<string, Set<ReadRequest>>();
  #inFlightCount = 0;

  constructor(options: ReadQueueOptions) {
    this.#options = { ...options, concurrency: Math.max(1, Math.floor(options.concurrency)) };
  }

  /**
   * Reads one address. Resolves with the arguments of the first reply on that address that arrives after the
   * request was sent; rejects with ConsoleError('read-back-timeout') once every attempt timed out, or with the
   * error given to cancelAll().
   */
  read(address: string): Promise<OscArg[]> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ address, attempts: 0, timer: undefined, resolve, reject });
      this.#pump();
    });
  }

  /** Offers a message from the desk. Resolves every sent request for `address`; true when there was one. */
  resolve(address: string, args: OscArg[]): boolean {
    const requests = this.#inFlight.get(address);
    if (!requests) return false;
    this.#inFlight.delete(address);
    for (const request of requests) {
      clearTimeout(request.timer);
      this.#inFlightCount--;
      request.resolve(args);
    }
    this.#pump();
    return true;
  }

  /** Rejects every waiting and in-flight request with `error` and clears their timers. */
  cancelAll(error: Error): void {
    const all = [...this.#waiting];
    for (const requests of this.#inFlight.values()) all.push(...requests);
    this.#waiting = [];
    this.#inFlight.clear();
    this.#inFlightCount = 0;
    for (const request of all) {
      clearTimeout(request.timer);
      request.reject(error);
    }
  }

  /** Requests not yet answered (waiting or in flight). */
  get size(): number {
    return this.#waiting.length + this.#inFlightCount;
  }

  #pump(): void {
    while (this.#inFlightCount < this.#options.concurrency) {
      const request = this.#waiting.shift();
      if (!request) return;
      this.#dispatch(request);
    }
  }

  #dispatch(request: ReadRequest): void {
    request.attempts++;
    this.#inFlightCount++;
    let requests = this.#inFlight.get(request.address);
    if (!requests) {
      requests = new Set();
      this.#inFlight.set(request.address, requests);
    }
    requests.add(request);
    request.timer = setTimeout(() => this.#expire(request), this.#options.timeoutMs);
    this.#options.send(request.address);
  }

  #expire(request: ReadRequest): void {
    const requests = this.#inFlight.get(request.address);
    if (!requests?.delete(request)) return;
    if (requests.size === 0) this.#inFlight.delete(request.address);
    this.#inFlightCount--;
    this.#options.onTimeout(request.address, request.attempts);
    if (request.attempts <= this.#options.retries) {
      // Retries go to the front so a sync's last few values are not starved behind the rest.
      this.#waiting.unshift(request);
    } else {
      request.reject(
        new ConsoleError('read-back-timeout', `no reply from the console for ${request.address} after ${request.attempts} attempts`),
      );
    }
    this.#pump();
  }
}
