/**
 * The tablet's link to the bridge: one WebSocket at /ws that reconnects by itself with backoff after the
 * venue Wi-Fi drops. It keeps the latest snapshot, suggestions and status, feeds meter frames to
 * LiveMeters (latest wins), and says when what is on screen is stale: socket down, no meter frame for
 * more than a second, or the desk itself not ready. Stale meters are never to be drawn as live.
 */
import type { ConnectionState } from '../../../server/consoles/console';
import type { BridgeStatus, ClientMessage, Role, ServerMessage } from '../../../server/hub/protocol';
import type { Suggestion } from '../../../server/engine/suggestion';
import type { ConsoleSnapshot } from '../../../server/model/stages';
import { formatGain } from './decibel-format';
import type { TokenKeeper } from './engineer-login';
import type { LiveMeters } from './live-meters.svelte';
import { isSwitchParam, paramTitle, sortSuggestions } from './suggestion-text';
import { meterFrameFromWire, readServerMessage, snapshotFromWire, suggestionFromWire } from './wire';

/** Timers and time, injected so the connection owns no globals (and tests can drive it). */
export interface Clock {
  nowMs(): number;
  setTimeout(run: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/** The part of the browser's WebSocket the connection uses. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface BridgeConnectionDeps {
  /** ws:// or wss:// URL of the bridge's /ws endpoint. */
  socketUrl: string;
  openSocket(url: string): SocketLike;
  meters: LiveMeters;
  clock: Clock;
  /** Keeps the engineer token (from POST /api/login) across reloads and reconnections. */
  engineerToken: TokenKeeper;
}

/**
 * A part of the tablet that keeps its own slice of the bridge's messages (soundcheck, journal, venues,
 * write actions). Every sink sees every message the tablet reads.
 */
export interface MessageSink {
  /** Takes a message; true when it answers a request of this sink, so the connection reports nothing more about it. */
  receive(message: ServerMessage): boolean;
  /** The socket dropped: requests in flight will get no answer. */
  dropped(): void;
}

/** What the parts of the tablet that talk to the bridge need from the connection (a fake in tests). */
export interface BridgeLink {
  readonly clientId: string | null;
  /** Why a write to the desk cannot be asked for now, or null. */
  readonly applyBlockedBy: string | null;
  /** Why shared state (soundcheck, venues) cannot be changed from this tablet now, or null. */
  readonly actBlockedBy: string | null;
  /** Sends a message; false (and an error notice) when the socket is not open. */
  send(message: ClientMessage): boolean;
  newRequestId(): string;
  notify(tone: Notice['tone'], text: string): void;
}

/** A line for the engineer about something that just happened (a confirmed write, a refusal). */
export interface Notice {
  id: number;
  tone: 'ok' | 'error' | 'info';
  text: string;
}

interface PendingRequest {
  kind: 'apply' | 'dismiss';
  suggestionId: string;
  label: string;
  /** Replies still expected: the change plus its compensations. */
  remaining: number;
  timer: number | null;
}

/** A meter frame older than this makes the meters stale, ms. */
export const METER_STALE_AFTER_MS = 1000;
/** A socket that carried nothing for this long is presumed dead (Wi-Fi gone without a FIN), ms. */
export const SILENT_SOCKET_MS = 8000;
/** An apply with no answer after this long is reported as unconfirmed, ms. */
export const APPLY_TIMEOUT_MS = 15_000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;
const NOTICE_MS = { ok: 6000, info: 6000, error: 12_000 } as const;
const SOCKET_OPEN = 1;

export class BridgeConnection implements BridgeLink {
  readonly #deps: BridgeConnectionDeps;
  #socket: SocketLike | null = null;
  #retryTimer: number | null = null;
  #freshTimer: number | null = null;
  #silenceTimer: number | null = null;
  #attempt = 0;
  #requestSeq = 0;
  #noticeSeq = 0;
  #stopped = true;
  /** True between unlock() and the bridge's answer, so only an unlock the engineer asked for is announced. */
  #unlocking = false;
  #gotSnapshot = false;
  #gotStatus = false;
  readonly #sinks = new Set<MessageSink>();

  #link = $state<ConnectionState>('idle');
  #clientId = $state<string | null>(null);
  #helloReadOnly = $state(false);
  #snapshot = $state.raw<ConsoleSnapshot | null>(null);
  #suggestions = $state.raw<Suggestion[]>([]);
  #status = $state.raw<BridgeStatus | null>(null);
  #metersFresh = $state(false);
  #dismissing = $state.raw<ReadonlySet<string>>(new Set());
  #requests = $state.raw<ReadonlyMap<string, PendingRequest>>(new Map());
  #confirmations = $state.raw<ReadonlyMap<string, string>>(new Map());
  /** Per suggestion: what moved since the card was drawn, when an apply came back apply-changed. */
  #changed = $state.raw<ReadonlyMap<string, string>>(new Map());
  #notices = $state.raw<Notice[]>([]);
  #role = $state<Role>('viewer');
  #roleMessage = $state<string | null>(null);
  #badMessages = $state(0);
  #reconnects = $state(0);

  /** The desk sends meters of some kind (a MIDI desk may send none: then they cannot go stale). */
  #metered = $derived(this.#snapshot === null || Object.values(this.#snapshot.meters).some(Boolean));
  #visible = $derived(sortSuggestions(this.#suggestions).filter((s) => !this.#dismissing.has(s.id)));
  #staleReason = $derived.by((): string | null => {
    if (this.#link !== 'ready') return this.#link === 'lost' ? 'No connection to the bridge' : 'Waiting for the bridge';
    const desk = this.#status?.console.state;
    if (desk !== 'ready') return `Desk ${desk ?? 'unknown'}`;
    if (!this.#metersFresh && this.#metered) return 'No meters for over 1 s';
    return null;
  });

  constructor(deps: BridgeConnectionDeps) {
    this.#deps = deps;
  }

  /** Connection to the bridge: idle (not started), connecting, syncing (open, waiting for data), ready, lost (retrying). */
  get link(): ConnectionState {
    return this.#link;
  }

  get clientId(): string | null {
    return this.#clientId;
  }

  get snapshot(): ConsoleSnapshot | null {
    return this.#snapshot;
  }

  get status(): BridgeStatus | null {
    return this.#status;
  }

  /** Open suggestions, worst first, without those being dismissed. */
  get suggestions(): Suggestion[] {
    return this.#visible;
  }

  /** True when the bridge refuses writes (`--read-only`). */
  get readOnly(): boolean {
    return this.#status?.readOnly ?? this.#helloReadOnly;
  }

  /** This tablet's role at the bridge: a viewer sees everything, an engineer (unlocked with the PIN) may write. */
  get role(): Role {
    return this.#role;
  }

  /** The bridge's words about the role ("Viewer: enter the engineer PIN..."), once it has said. */
  get roleMessage(): string | null {
    return this.#roleMessage;
  }

  /** Why Dismiss (or anything that changes what other tablets see) cannot be offered, or null. */
  get actBlockedBy(): string | null {
    if (this.#link !== 'ready') return 'Not connected to the bridge.';
    if (this.#role !== 'engineer') return 'Viewer: unlock this tablet with the engineer PIN.';
    return null;
  }

  /** Why Apply cannot be offered right now (read-only bridge, viewer, no connection, desk not ready), or null. */
  get applyBlockedBy(): string | null {
    if (this.readOnly) return 'Read-only bridge: suggestions only.';
    const blocked = this.actBlockedBy;
    if (blocked !== null) return blocked;
    const desk = this.#status?.console.state;
    return desk === 'ready' ? null : `The desk is ${desk ?? 'not connected'}.`;
  }

  /** False when the desk sends no meters at all (nothing to draw, nothing to go stale). */
  get metered(): boolean {
    return this.#metered;
  }

  get stale(): boolean {
    return this.#staleReason !== null;
  }

  /** Why the meters are stale, in words; null when they are live. */
  get staleReason(): string | null {
    return this.#staleReason;
  }

  get notices(): readonly Notice[] {
    return this.#notices;
  }

  /** Messages from the bridge that could not be read (counted, never thrown); unknown types are not counted. */
  get badMessages(): number {
    return this.#badMessages;
  }

  /** Reconnections since start (after a lost socket). */
  get reconnects(): number {
    return this.#reconnects;
  }

  /** True while an apply for this suggestion waits for the desk's read-back. */
  isApplying(suggestionId: string): boolean {
    for (const request of this.#requests.values()) {
      if (request.kind === 'apply' && request.suggestionId === suggestionId) return true;
    }
    return false;
  }

  /** The bridge's question when this suggestion needs a second confirmation (a big step, phantom power). */
  confirmationFor(suggestionId: string): string | null {
    return this.#confirmations.get(suggestionId) ?? null;
  }

  /** What moved since the engineer tapped this card ("... changed since you saw it: ... tap again"), else null. */
  changedFor(suggestionId: string): string | null {
    return this.#changed.get(suggestionId) ?? null;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#link = 'connecting';
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#clearTimer('retry');
    this.#clearTimer('fresh');
    this.#clearTimer('silence');
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'tablet closed');
    this.#link = 'idle';
    this.#metersFresh = false;
  }

  /** Reconnects at once instead of waiting for the backoff (the network came back, the tablet woke up). */
  retryNow(): void {
    if (this.#stopped || this.#socket !== null) return;
    this.#clearTimer('retry');
    this.#connect();
  }

  /** Asks the bridge to apply a suggestion; `confirm` answers its question about a big step. */
  apply(suggestion: Suggestion, confirm: boolean): void {
    const blocked = this.applyBlockedBy;
    if (blocked !== null) return this.#notify('error', `${suggestion.label}: ${blocked} Nothing was sent.`);
    const requestId = this.#nextRequestId();
    const timer = this.#deps.clock.setTimeout(() => this.#expire(requestId), APPLY_TIMEOUT_MS);
    this.#requests = new Map(this.#requests).set(requestId, {
      kind: 'apply',
      suggestionId: suggestion.id,
      label: suggestion.label,
      remaining: (suggestion.change ? 1 : 0) + suggestion.compensation.length,
      timer,
    });
    this.#setConfirmation(suggestion.id, null);
    this.#setChanged(suggestion.id, null);
    // The version of the change set on the card goes along: the bridge writes what the card showed, or
    // writes nothing and says what moved (apply-changed) or why it is no longer needed (apply-resolved).
    this.send({ type: 'apply', requestId, suggestionId: suggestion.id, version: suggestion.version, ...(confirm ? { confirm: true } : {}) });
  }

  /** Forgets the bridge's question about a big step without applying. */
  cancelConfirmation(suggestionId: string): void {
    this.#setConfirmation(suggestionId, null);
  }

  /** Hides a suggestion now and asks the bridge to drop it; it comes back if the bridge refuses. */
  dismiss(suggestion: Suggestion): void {
    const blocked = this.actBlockedBy;
    if (blocked !== null) return this.#notify('error', `${suggestion.label}: ${blocked} Nothing was sent.`);
    const requestId = this.#nextRequestId();
    this.#requests = new Map(this.#requests).set(requestId, {
      kind: 'dismiss',
      suggestionId: suggestion.id,
      label: suggestion.label,
      remaining: 0,
      timer: null,
    });
    this.#dismissing = new Set(this.#dismissing).add(suggestion.id);
    this.send({ type: 'dismiss', requestId, suggestionId: suggestion.id });
  }

  /** Presents a new engineer token (from POST /api/login) and keeps it for reconnections. */
  unlock(token: string): void {
    this.#deps.engineerToken.save(token);
    this.#unlocking = true;
    if (this.#socket?.readyState === SOCKET_OPEN) this.send({ type: 'auth', token });
  }

  /** Makes this tablet a viewer again and forgets its token (at the bridge too). */
  lock(): void {
    this.#deps.engineerToken.save(null);
    if (this.#socket?.readyState === SOCKET_OPEN) this.send({ type: 'logout' });
  }

  dismissNotice(id: number): void {
    this.#notices = this.#notices.filter((n) => n.id !== id);
  }

  /** The engineer token this tablet holds (for engineer-only HTTP endpoints), or null. */
  get engineerToken(): string | null {
    return this.#role === 'engineer' ? this.#deps.engineerToken.load() : null;
  }

  /** Feeds every message the tablet reads to `sink` until the returned function is called. */
  attach(sink: MessageSink): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  send(message: ClientMessage): boolean {
    const socket = this.#socket;
    if (socket === null || socket.readyState !== SOCKET_OPEN) {
      this.#notify('error', 'Not connected to the bridge; nothing was sent.');
      return false;
    }
    socket.send(JSON.stringify(message));
    return true;
  }

  newRequestId(): string {
    return this.#nextRequestId();
  }

  notify(tone: Notice['tone'], text: string): void {
    this.#notify(tone, text);
  }

  #connect(): void {
    this.#gotSnapshot = false;
    this.#gotStatus = false;
    let socket: SocketLike;
    try {
      socket = this.#deps.openSocket(this.#deps.socketUrl);
    } catch (error) {
      this.#notify('error', `Cannot open ${this.#deps.socketUrl}: ${(error as Error).message}`);
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#link = 'syncing';
      this.#armSilenceWatch();
      const token = this.#deps.engineerToken.load();
      if (token !== null) this.send({ type: 'auth', token });
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      this.#armSilenceWatch();
      const read = typeof event.data === 'string' ? readServerMessage(event.data) : ({ kind: 'malformed' } as const);
      if (read.kind === 'malformed') this.#badMessages++;
      else if (read.kind === 'message') this.#receive(read.message);
    };
    // An error is always followed by close, where recovery happens.
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#lose();
    };
  }

  /**
   * Gives up on a socket that went silent. A Wi-Fi drop often leaves TCP half-open, and the browser's
   * close handshake would then wait for a peer that is gone, so the tablet does not wait for `close`.
   */
  #abandon(socket: SocketLike): void {
    if (this.#socket !== socket) return;
    this.#socket = null;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.close(4000, 'no data from the bridge');
    this.#lose();
  }

  #lose(): void {
    this.#clearTimer('fresh');
    this.#clearTimer('silence');
    this.#metersFresh = false;
    this.#failPending('the connection dropped before the desk confirmed; check the value on the desk');
    for (const sink of this.#sinks) sink.dropped();
    this.#confirmations = new Map();
    this.#changed = new Map();
    this.#dismissing = new Set();
    this.#role = 'viewer';
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

  #receive(message: ServerMessage): void {
    let claimed = false;
    for (const sink of this.#sinks) claimed = sink.receive(message) || claimed;
    if (claimed) return;
    switch (message.type) {
      case 'hello':
        this.#clientId = message.clientId;
        this.#helloReadOnly = message.readOnly;
        return;
      case 'status':
        this.#status = message.status;
        this.#gotStatus = true;
        return this.#checkSynced();
      case 'snapshot':
        this.#snapshot = snapshotFromWire(message.snapshot);
        this.#gotSnapshot = true;
        return this.#checkSynced();
      case 'meters':
        return this.#receiveMeters(message);
      case 'suggestions':
        return this.#receiveSuggestions(message.suggestions.map(suggestionFromWire));
      case 'applied':
        return this.#receiveApplied(message);
      case 'confirm-needed': {
        this.#finish(message.requestId);
        this.#setConfirmation(message.suggestionId, message.message);
        return;
      }
      case 'apply-changed':
        this.#finish(message.requestId);
        this.#setChanged(message.suggestionId, message.message);
        return;
      case 'apply-resolved':
        this.#finish(message.requestId);
        this.#notify('info', message.message);
        return;
      case 'error':
        return this.#receiveError(message);
      case 'role':
        return this.#receiveRole(message);
    }
  }

  #receiveRole(message: Extract<ServerMessage, { type: 'role' }>): void {
    this.#role = message.role;
    this.#roleMessage = message.message;
    if (message.reason === 'token-unknown' || message.reason === 'token-expired') {
      this.#deps.engineerToken.save(null);
      this.#unlocking = false;
      this.#notify('error', message.message);
    } else if (message.reason === 'token' && this.#unlocking) {
      this.#unlocking = false;
      this.#notify('ok', message.message);
    }
  }

  #checkSynced(): void {
    if (this.#link === 'syncing' && this.#gotSnapshot && this.#gotStatus) {
      this.#link = 'ready';
      this.#attempt = 0;
    }
  }

  #receiveMeters(message: Extract<ServerMessage, { type: 'meters' }>): void {
    this.#deps.meters.push(meterFrameFromWire(message.frame), this.#deps.clock.nowMs());
    this.#metersFresh = true;
    this.#clearTimer('fresh');
    this.#freshTimer = this.#deps.clock.setTimeout(() => {
      this.#freshTimer = null;
      this.#metersFresh = false;
    }, METER_STALE_AFTER_MS);
  }

  #receiveSuggestions(suggestions: Suggestion[]): void {
    this.#suggestions = suggestions;
    const open = new Set(suggestions.map((s) => s.id));
    if ([...this.#dismissing].some((id) => !open.has(id))) {
      this.#dismissing = new Set([...this.#dismissing].filter((id) => open.has(id)));
      this.#requests = new Map([...this.#requests].filter(([, r]) => r.kind !== 'dismiss' || open.has(r.suggestionId)));
    }
    if ([...this.#confirmations.keys()].some((id) => !open.has(id))) {
      this.#confirmations = new Map([...this.#confirmations].filter(([id]) => open.has(id)));
    }
    if ([...this.#changed.keys()].some((id) => !open.has(id))) {
      this.#changed = new Map([...this.#changed].filter(([id]) => open.has(id)));
    }
  }

  #receiveApplied(message: Extract<ServerMessage, { type: 'applied' }>): void {
    const request = message.requestId === null ? undefined : this.#requests.get(message.requestId);
    const label = request?.label ?? 'Desk';
    const value = (v: number | null) => (isSwitchParam(message.param) ? ((v ?? 0) >= 0.5 ? 'on' : 'off') : `${formatGain(v)} dB`);
    const asked = message.requestedValue === message.confirmedValue ? '' : ` (asked ${value(message.requestedValue)})`;
    this.#notify('ok', `${label}: ${paramTitle(message.param)} now ${value(message.confirmedValue)}, confirmed by the desk${asked}.`);
    if (request && message.requestId !== null) {
      request.remaining--;
      if (request.remaining <= 0) this.#finish(message.requestId);
    }
  }

  #receiveError(message: Extract<ServerMessage, { type: 'error' }>): void {
    const request = message.requestId === null ? undefined : this.#requests.get(message.requestId);
    if (!request) return this.#notify('error', `Bridge: ${message.message} (${message.code})`);
    this.#finish(message.requestId);
    if (request.kind === 'dismiss') {
      this.#dismissing = new Set([...this.#dismissing].filter((id) => id !== request.suggestionId));
    }
    this.#notify('error', `${request.label}: ${message.message}`);
  }

  #finish(requestId: string | null): void {
    if (requestId === null) return;
    const request = this.#requests.get(requestId);
    if (!request) return;
    if (request.timer !== null) this.#deps.clock.clearTimeout(request.timer);
    const next = new Map(this.#requests);
    next.delete(requestId);
    this.#requests = next;
  }

  #expire(requestId: string): void {
    const request = this.#requests.get(requestId);
    if (!request) return;
    this.#finish(requestId);
    this.#notify('error', `${request.label}: no answer from the bridge; check the value on the desk before trying again.`);
  }

  #failPending(why: string): void {
    for (const [requestId, request] of this.#requests) {
      if (request.kind === 'apply') this.#notify('error', `${request.label}: ${why}.`);
      this.#finish(requestId);
    }
  }

  #setChanged(suggestionId: string, what: string | null): void {
    if (what === null && !this.#changed.has(suggestionId)) return;
    const next = new Map(this.#changed);
    if (what === null) next.delete(suggestionId);
    else next.set(suggestionId, what);
    this.#changed = next;
  }

  #setConfirmation(suggestionId: string, question: string | null): void {
    if (question === null && !this.#confirmations.has(suggestionId)) return;
    const next = new Map(this.#confirmations);
    if (question === null) next.delete(suggestionId);
    else next.set(suggestionId, question);
    this.#confirmations = next;
  }

  #nextRequestId(): string {
    this.#requestSeq++;
    return `${this.#clientId ?? 'tablet'}-${this.#requestSeq}`;
  }

  #notify(tone: Notice['tone'], text: string): void {
    const id = ++this.#noticeSeq;
    this.#notices = [...this.#notices.slice(-2), { id, tone, text }];
    this.#deps.clock.setTimeout(() => this.dismissNotice(id), NOTICE_MS[tone]);
  }

  #armSilenceWatch(): void {
    this.#clearTimer('silence');
    const socket = this.#socket;
    if (socket === null) return;
    this.#silenceTimer = this.#deps.clock.setTimeout(() => {
      this.#silenceTimer = null;
      this.#abandon(socket);
    }, SILENT_SOCKET_MS);
  }

  #clearTimer(which: 'retry' | 'fresh' | 'silence'): void {
    const id = which === 'retry' ? this.#retryTimer : which === 'fresh' ? this.#freshTimer : this.#silenceTimer;
    if (id !== null) this.#deps.clock.clearTimeout(id);
    if (which === 'retry') this.#retryTimer = null;
    else if (which === 'fresh') this.#freshTimer = null;
    else this.#silenceTimer = null;
  }
}
