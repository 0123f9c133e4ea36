/**
 * One tablet on the hub: its role (viewer, or engineer with a valid token), how it wants its meters (format,
 * view, the layout it was told), its latest-wins meter slot, its message rate limit, and what it gets on
 * connect and on a resync. Messages about its own link (auth, logout, hello, resync, meters-view,
 * suggestion-detail) are handled here; the rest go to the features through the router.
 */
import type { WebSocket } from 'ws';
import type { TokenCheck } from '../auth/token-store';
import type { Suggestion } from '../engine/suggestion';
import type { MeterFrame } from '../model/meter-frame';
import type { ConsoleSnapshot } from '../model/stages';
import { parseClientMessage } from './client-message';
import type { HubFeature } from './feature';
import type { FanOut, Recipient } from './fan-out';
import { LatestWins } from './latest-wins';
import type { ClientContext, MessageRouter } from './message-router';
import type { BridgeStatus, ClientMessage, ErrorCode, MeterFormat, MeterLayout, MeterView, Role, RoleReason, ServerMessage } from './protocol';
import { FloodGuard } from './flood-guard';

/** Client messages allowed per second (sustained) and at once. */
export const CLIENT_RATE_PER_SEC = 20;
const CLIENT_BURST = 40;
/** A client that keeps flooding after this many refusals is disconnected. */
const FLOOD_STRIKES_BEFORE_CLOSE = 200;
/** Every this many refusals of a run get a rate-limited reply. */
const FLOOD_REPLY_EVERY = 50;

const ROLE_MESSAGES: Record<RoleReason, string> = {
  'no-token': 'Viewer: enter the engineer PIN to change the console from this tablet.',
  token: 'Engineer: this tablet may change the console.',
  'token-unknown': 'This login is not known to the bridge (it may have restarted): enter the engineer PIN again.',
  'token-expired': 'The login expired: enter the engineer PIN again.',
  logout: 'Logged out: this tablet is a viewer.',
};

/** What a session needs from the hub. */
export interface SessionContext {
  tokens: { check(token: string): TokenCheck; revoke(token: string): void };
  fanOut: FanOut;
  router: MessageRouter;
  features: readonly HubFeature[];
  status(): BridgeStatus;
  state(): { version: number; snapshot: ConsoleSnapshot };
  suggestionState(): { version: number; suggestions: Suggestion[] };
  latestSuggestion(id: string): Suggestion | undefined;
  latestFrame(): MeterFrame | null;
  /** Counts a message refused (bad, or over the rate limit) for /api/status. */
  countBadMessage(): void;
  meterIntervalMs: number;
  /** A tablet whose socket buffers more than this (bytes) gets no meters until it drains. */
  maxBufferedBytes: number;
  nowMs(): number;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export class ClientSession implements Recipient {
  readonly id: string;
  readonly socket: WebSocket;
  meterFormat: MeterFormat;
  meterView: MeterView = { kind: 'all' };
  meterLayout: { layout: MeterLayout; shape: string } | null = null;
  readonly #context: SessionContext;
  readonly #meters: LatestWins<MeterFrame>;
  readonly #flood: FloodGuard;
  #role: Role = 'viewer';
  /** The engineer token this tablet presented; null for a viewer. */
  #token: string | null = null;

  constructor(context: SessionContext, id: string, socket: WebSocket, meterFormat: MeterFormat) {
    this.#context = context;
    this.id = id;
    this.socket = socket;
    this.meterFormat = meterFormat;
    this.#flood = new FloodGuard({
      ratePerSec: CLIENT_RATE_PER_SEC,
      burst: CLIENT_BURST,
      strikesBeforeTerminate: FLOOD_STRIKES_BEFORE_CLOSE,
      replyEvery: FLOOD_REPLY_EVERY,
      nowMs: () => Date.now(),
    });
    this.#meters = new LatestWins<MeterFrame>(
      {
        intervalMs: context.meterIntervalMs,
        // One whole interval early: a frame that follows a late one goes at once (at most two back to back),
        // the rate stays one frame per interval on average.
        toleranceMs: context.meterIntervalMs,
        deliver: (frame) => {
          // A tablet that stopped reading keeps one pending frame and gets nothing more until it drains.
          if (socket.bufferedAmount > context.maxBufferedBytes) return;
          context.fanOut.sendMeters(this, frame);
        },
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
      },
      context.nowMs,
    );
  }

  get role(): Role {
    return this.#role;
  }

  /** The message flood guard's count of refused messages, and whether it cut the tablet off. */
  get flood(): { refused: number; terminated: boolean } {
    return { refused: this.#flood.refused, terminated: this.#flood.terminated };
  }

  /** Sends what a tablet gets on connect: hello, its role (from the token it came with), status, snapshot, suggestions, the features' welcome. */
  welcome(token: string | null): void {
    const context = this.#context;
    this.send({ type: 'hello', protocol: 2, clientId: this.id, readOnly: context.status().readOnly, meterFormat: this.meterFormat });
    this.send(this.#grantToken(token, null));
    this.send({ type: 'status', status: context.status() });
    this.send(this.#snapshotMessage());
    this.send(this.#suggestionsMessage());
    const client: ClientContext = { clientId: this.id, role: this.#role };
    for (const feature of context.features) for (const message of feature.welcome(client)) this.send(message);
  }

  send(message: ServerMessage): void {
    this.#context.fanOut.send(this, message);
  }

  /** A meter frame: at most one per meterIntervalMs on average (see LatestWins), the latest one winning. */
  offerMeters(frame: MeterFrame): void {
    this.#meters.offer(frame);
  }

  /** One message from the tablet: rate-limited, validated, handled; replies go back to it. */
  receive(data: { toString(): string }, isBinary: boolean): void {
    const context = this.#context;
    const reject = (code: ErrorCode, message: string, requestId: string | null) => {
      if (code !== 'rate-limited') context.countBadMessage();
      this.send({ type: 'error', requestId, code, message });
    };
    const verdict = this.#flood.admit();
    if (verdict !== 'pass') {
      context.countBadMessage();
      if (verdict === 'refuse-with-reply') reject('rate-limited', `more than ${CLIENT_RATE_PER_SEC} messages per second; slow down`, null);
      if (verdict === 'terminate') {
        // No close handshake: a flooding peer would keep the socket (and its queued frames) alive meanwhile.
        context.logger.warn({ client: this.id, refused: this.#flood.refused }, 'tablet flooding: disconnected');
        this.socket.terminate();
      }
      return;
    }
    if (isBinary) return reject('bad-message', 'binary messages are not part of the protocol', null);
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      context.logger.warn({ client: this.id, code: parsed.code, reason: parsed.message }, 'bad client message');
      return reject(parsed.code, parsed.message, parsed.requestId);
    }
    this.#handle(parsed.message).then(
      (replies) => replies.forEach((reply) => this.send(reply)),
      (error: unknown) => {
        context.logger.warn({ client: this.id, err: String(error) }, 'client message failed');
        this.send({ type: 'error', requestId: parsed.message.requestId ?? null, code: 'internal', message: String((error as Error).message ?? error) });
      },
    );
  }

  /** The socket closed: no more meters. */
  close(): void {
    this.#meters.close();
  }

  async #handle(message: ClientMessage): Promise<ServerMessage[]> {
    const requestId = message.requestId ?? null;
    const context = this.#context;
    switch (message.type) {
      case 'auth':
        return [this.#grantToken(message.token, requestId)];
      case 'logout':
        if (this.#token !== null) context.tokens.revoke(this.#token);
        return [this.#grant(null, null, requestId, 'logout')];
      case 'hello':
        this.meterFormat = message.meterFormat;
        this.meterLayout = null;
        return [];
      case 'resync':
        return [this.#snapshotMessage(), this.#suggestionsMessage()];
      case 'meters-view': {
        this.meterView = message.view;
        this.meterLayout = null;
        const frame = context.latestFrame();
        if (this.meterFormat === 'binary' && frame !== null) context.fanOut.layoutFor(this, frame);
        return [];
      }
      case 'suggestion-detail':
        return [{ type: 'suggestion', requestId, suggestion: context.latestSuggestion(message.suggestionId) ?? null }];
    }
    return context.router.dispatch({ clientId: this.id, role: this.#currentRole() }, message);
  }

  #snapshotMessage(): ServerMessage {
    const { version, snapshot } = this.#context.state();
    const frame = this.#context.latestFrame();
    const meterLayout = this.meterFormat === 'binary' && frame !== null ? this.#context.fanOut.layoutFor(this, frame) : null;
    return { type: 'snapshot', version, snapshot, meterLayout };
  }

  #suggestionsMessage(): ServerMessage {
    return { type: 'suggestions', ...this.#context.suggestionState() };
  }

  /**
   * Sets the role from a token and its check (null: no token) and returns the role message.
   * `noTokenReason` says why there is no token ('no-token' at connect, 'logout').
   */
  #grant(token: string | null, check: TokenCheck | null, requestId: string | null, noTokenReason: RoleReason): ServerMessage {
    const valid = token !== null && check?.ok === true;
    this.#role = valid ? 'engineer' : 'viewer';
    this.#token = valid ? token : null;
    const reason: RoleReason = check === null ? noTokenReason : check.ok ? 'token' : check.reason;
    const expiresAtMs = check?.ok === true ? check.expiresAtMs : null;
    return {
      type: 'role',
      requestId,
      role: this.#role,
      reason,
      message: ROLE_MESSAGES[reason],
      expiresAtIso: expiresAtMs === null ? null : new Date(expiresAtMs).toISOString(),
    };
  }

  #grantToken(token: string | null, requestId: string | null): ServerMessage {
    return this.#grant(token, token === null ? null : this.#context.tokens.check(token), requestId, 'no-token');
  }

  /** The role now: a token that expired (or was revoked) since the last message demotes the tablet. */
  #currentRole(): Role {
    if (this.#token !== null) {
      const check = this.#context.tokens.check(this.#token);
      if (!check.ok) this.send(this.#grant(this.#token, check, null, 'no-token'));
    }
    return this.#role;
  }
}
