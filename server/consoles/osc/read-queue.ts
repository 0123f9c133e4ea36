/**
 * Reads over lossy UDP: a queue of "get" requests (an address sent without arguments; the desk answers with
 * the value on the same address) with bounded concurrency, a per-attempt timeout and a bounded number of
 * retries. The X32 answers a request flood by dropping packets (see the protocol document on buffer
 * overflows), hence the concurrency bound.
 *
 * The per-attempt timeout adapts to the link (RFC 6298's estimator: smoothed round trip plus four times
 * its variation, sampled from first attempts only), between a floor and the configured ceiling, doubling
 * per retry. A lost request holds one of the few slots until it times out: on a lossy link a fixed 300 ms
 * timeout against a desk that answers in 1 ms made the sync wait on lost packets most of the time.
 */
import { ConsoleError } from '../console';
import type { OscArg } from './codec';

export interface ReadQueueOptions {
  /** Sends one read request. Must not throw. */
  send(address: string): void;
  /** How long one attempt waits for its reply at most (and before any reply was timed). */
  timeoutMs: number;
  /** The shortest the adaptive timeout gets, ms. */
  minTimeoutMs: number;
  /** A monotonic clock, ms (round-trip samples). */
  nowMs: () => number;
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
  sentAtMs: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  readonly resolve: (args: OscArg[]) => void;
  readonly reject: (error: Error) => void;
}

export class ReadQueue {
  readonly #options: ReadQueueOptions;
  #waiting: ReadRequest[] = [];
  readonly #inFlight = new Map<string, Set<ReadRequest>>();
  #inFlightCount = 0;
  /**
   * Replies still expected for reads already answered (their earlier attempts timed out but may yet be
   * answered), per address, until a deadline. Such a late duplicate is a reply, not a change made at the
   * desk: taken for a push it would start follow-up reads, which on a loaded machine breed more timeouts.
   */
  readonly #late = new Map<string, { count: number; untilMs: number }>();
  #smoothedRttMs: number | null = null;
  #rttVariationMs = 0;

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
      this.#waiting.push({ address, attempts: 0, sentAtMs: 0, timer: undefined, resolve, reject });
      this.#pump();
    });
  }

  /**
   * Offers a message from the desk. Resolves every sent request for `address`; true when there was one, or
   * when the message is the late reply to an earlier attempt of a read already answered.
   */
  resolve(address: string, args: OscArg[]): boolean {
    const requests = this.#inFlight.get(address);
    const now = this.#options.nowMs();
    if (!requests) return this.#takeLate(address, now);
    this.#inFlight.delete(address);
    for (const request of requests) {
      clearTimeout(request.timer);
      this.#inFlightCount--;
      // Karn's rule: a reply to a retried request may answer any of its attempts, so it is no sample.
      if (request.attempts === 1) this.#sampleRtt(now - request.sentAtMs);
      else this.#expectLate(address, request.attempts - 1, now);
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
    this.#late.clear();
    this.#inFlightCount = 0;
    for (const request of all) {
      clearTimeout(request.timer);
      request.reject(error);
    }
  }

  /** The timeout of a first attempt now, ms. */
  get timeoutMs(): number {
    const { timeoutMs, minTimeoutMs } = this.#options;
    if (this.#smoothedRttMs === null) return timeoutMs;
    return Math.min(timeoutMs, Math.max(minTimeoutMs, this.#smoothedRttMs + 4 * this.#rttVariationMs));
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
    const timeoutMs = Math.min(this.#options.timeoutMs, this.timeoutMs * 2 ** (request.attempts - 1));
    request.sentAtMs = this.#options.nowMs();
    request.timer = setTimeout(() => this.#expire(request), timeoutMs);
    this.#options.send(request.address);
  }

  #expectLate(address: string, count: number, now: number): void {
    const late = this.#late.get(address);
    // A late reply comes within a ceiling timeout of the answered attempt or not at all.
    this.#late.set(address, { count: (late && late.untilMs > now ? late.count : 0) + count, untilMs: now + this.#options.timeoutMs });
  }

  #takeLate(address: string, now: number): boolean {
    const late = this.#late.get(address);
    if (!late) return false;
    if (late.untilMs <= now || late.count <= 1) this.#late.delete(address);
    return late.untilMs > now;
  }

  /** RFC 6298 section 2: alpha 1/8, beta 1/4. */
  #sampleRtt(rttMs: number): void {
    if (this.#smoothedRttMs === null) {
      this.#smoothedRttMs = rttMs;
      this.#rttVariationMs = rttMs / 2;
      return;
    }
    this.#rttVariationMs = 0.75 * this.#rttVariationMs + 0.25 * Math.abs(this.#smoothedRttMs - rttMs);
    this.#smoothedRttMs = 0.875 * this.#smoothedRttMs + 0.125 * rttMs;
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
