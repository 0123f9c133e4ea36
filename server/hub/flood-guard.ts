/**
 * One tablet's message budget. Messages within the token bucket pass; past it they are refused (a reply
 * now and then tells the tablet to slow down); a client that keeps flooding is cut off. Once cut off,
 * every further message is dropped unread: the receiver may still hold thousands of frames from the same
 * TCP read, and handling (or logging) them one by one is what let a flood stall the bridge.
 */
import { TokenBucket } from './rate-limit';

/** What the hub does with one incoming message. */
export type FloodVerdict =
  /** Handle it. */
  | 'pass'
  /** Refuse it and tell the tablet to slow down (the first refusal of a run and every `replyEvery`-th). */
  | 'refuse-with-reply'
  /** Refuse it without a reply (a flood must not be answered message for message). */
  | 'refuse-quietly'
  /** This message ended the tablet's budget: terminate its socket now and log once. */
  | 'terminate'
  /** The tablet was already cut off: drop it without a word. */
  | 'drop';

export interface FloodGuardOptions {
  /** Messages per second sustained. */
  ratePerSec: number;
  /** Messages at once. */
  burst: number;
  /** Refusals in one run (without the bucket refilling completely) before the tablet is cut off. */
  strikesBeforeTerminate: number;
  /** Every this many refusals get a reply. */
  replyEvery: number;
  nowMs: () => number;
}

export class FloodGuard {
  readonly #options: FloodGuardOptions;
  readonly #bucket: TokenBucket;
  #strikes = 0;
  #refused = 0;
  #terminated = false;

  constructor(options: FloodGuardOptions) {
    this.#options = options;
    this.#bucket = new TokenBucket(options.ratePerSec, options.burst, options.nowMs);
  }

  /** Judges one incoming message. */
  admit(): FloodVerdict {
    if (this.#terminated) {
      this.#refused++;
      return 'drop';
    }
    // A run of strikes ends only when the client has been quiet long enough for the whole burst to come
    // back; a single refilled token (which a loaded machine hands out between two reads) does not clear it.
    if (this.#bucket.available() >= this.#options.burst) this.#strikes = 0;
    if (this.#bucket.take()) return 'pass';
    this.#strikes++;
    this.#refused++;
    if (this.#strikes >= this.#options.strikesBeforeTerminate) {
      this.#terminated = true;
      return 'terminate';
    }
    return this.#strikes === 1 || this.#strikes % this.#options.replyEvery === 0 ? 'refuse-with-reply' : 'refuse-quietly';
  }

  /** Messages refused or dropped so far (for the one log line and the status counter). */
  get refused(): number {
    return this.#refused;
  }

  get terminated(): boolean {
    return this.#terminated;
  }
}
