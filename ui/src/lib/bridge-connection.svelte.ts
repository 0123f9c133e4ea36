/**
 * The tablet's link to the bridge, put together from its parts: the socket (bridge-socket: reconnects with
 * backoff), the live state (live-state: snapshot and suggestions kept by deltas and diffs, resync on a gap),
 * the session (bridge-session: hello, status, role) and the suggestion actions (suggestion-actions: apply,
 * dismiss). It feeds meter frames to LiveMeters (latest wins), asks the bridge for the meters the view on
 * screen draws, and says when what is on screen is stale: socket down, no meter frame for more than a
 * second, or the desk itself not ready. Stale meters are never to be drawn as live.
 */
import type { ConnectionState } from '../../../server/consoles/console';
import type { Suggestion } from '../../../server/engine/suggestion';
import type { BridgeStatus, ClientMessage, MeterView, Role, ServerMessage } from '../../../server/hub/protocol';
import type { ConsoleSnapshot } from '../../../server/model/stages';
import { BridgeSession } from './bridge-session.svelte';
import { BridgeSocket, type Clock, type SocketLike } from './bridge-socket.svelte';
import type { TokenKeeper } from './engineer-login';
import type { LiveMeters } from './live-meters.svelte';
import { isLiveMessage, LiveState } from './live-state.svelte';
import { SuggestionActions } from './suggestion-actions.svelte';
import { sortSuggestions } from './suggestion-text';
import { meterFrameFromWire, readServerMessage, type MeterFrameView } from './wire';

// The other parts of the tablet take their clock type from here, with the connection.
export type { Clock } from './bridge-socket.svelte';

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
  /** One notice for one engineer action: a summary line, and the values it wrote (shown folded). */
  report(tone: Notice['tone'], summary: string, details: readonly string[]): void;
}

/** A line for the engineer about something that just happened (a confirmed write, a refusal). */
export interface Notice {
  id: number;
  tone: 'ok' | 'error' | 'info';
  text: string;
  /** One line per value the action wrote; empty for a plain message. */
  details: readonly string[];
}

/** A meter frame older than this makes the meters stale, ms. */
const METER_STALE_AFTER_MS = 1000;
const NOTICE_MS = { ok: 6000, info: 6000, error: 12_000 } as const;

export class BridgeConnection implements BridgeLink {
  readonly #deps: BridgeConnectionDeps;
  readonly #socket: BridgeSocket;
  readonly #live = new LiveState();
  readonly #session: BridgeSession;
  readonly #actions: SuggestionActions;
  readonly #sinks = new Set<MessageSink>();
  #freshTimer: number | null = null;
  #requestSeq = 0;
  #noticeSeq = 0;
  #gotSnapshot = false;
  /** The meters the view on screen draws; the bridge sends only those. */
  #meterView: MeterView = { kind: 'all' };
  #metersFresh = $state(false);
  #notices = $state.raw<Notice[]>([]);
  #badMessages = $state(0);

  /** The desk sends meters of some kind (a MIDI desk may send none: then they cannot go stale). */
  #metered = $derived(this.#live.snapshot === null || Object.values(this.#live.snapshot.meters).some(Boolean));
  #visible = $derived(sortSuggestions(this.#live.suggestions).filter((s) => !this.#actions.dismissing.has(s.id)));
  #staleReason = $derived.by((): string | null => {
    const link = this.#socket.link;
    if (link !== 'ready') return link === 'lost' ? 'No connection to the bridge' : 'Waiting for the bridge';
    const desk = this.#session.status?.console.state;
    if (desk !== 'ready') return `Desk ${desk ?? 'unknown'}`;
    if (!this.#metersFresh && this.#metered) return 'No meters for over 1 s';
    return null;
  });

  constructor(deps: BridgeConnectionDeps) {
    this.#deps = deps;
    const notify = (tone: Notice['tone'], text: string) => this.#notify(tone, text);
    this.#socket = new BridgeSocket(deps, {
      connecting: () => {
        this.#gotSnapshot = false;
        this.#live.reconnected();
      },
      opened: () => {
        this.#session.opened();
        if (this.#meterView.kind !== 'all') this.#sendQuiet({ type: 'meters-view', view: this.#meterView });
      },
      text: (data) => {
        const read = readServerMessage(data);
        if (read.kind === 'malformed') this.#badMessages++;
        else if (read.kind === 'message') this.#receive(read.message);
      },
      binary: (data) => this.#receiveBinary(data),
      unreadable: () => this.#badMessages++,
      lost: () => this.#lose(),
      failed: (message) => notify('error', message),
    });
    this.#session = new BridgeSession({ engineerToken: deps.engineerToken, send: (message) => this.#sendQuiet(message), notify });
    this.#actions = new SuggestionActions({
      clock: deps.clock,
      applyBlockedBy: () => this.applyBlockedBy,
      actBlockedBy: () => this.actBlockedBy,
      send: (message) => this.send(message),
      newRequestId: () => this.newRequestId(),
      notify,
      report: (tone, summary, details) => this.report(tone, summary, details),
      refresh: (id) => this.refreshSuggestion(id),
    });
  }

  /** Connection to the bridge: idle (not started), connecting, syncing (open, waiting for data), ready, lost (retrying). */
  get link(): ConnectionState {
    return this.#socket.link;
  }

  get clientId(): string | null {
    return this.#session.clientId;
  }

  get snapshot(): ConsoleSnapshot | null {
    return this.#live.snapshot;
  }

  get status(): BridgeStatus | null {
    return this.#session.status;
  }

  /** Open suggestions, worst first, without those being dismissed. */
  get suggestions(): Suggestion[] {
    return this.#visible;
  }

  /** True when the bridge refuses writes (`--read-only`). */
  get readOnly(): boolean {
    return this.#session.readOnly;
  }

  /** This tablet's role at the bridge: a viewer sees everything, an engineer (unlocked with the PIN) may write. */
  get role(): Role {
    return this.#session.role;
  }

  /** The bridge's words about the role ("Viewer: enter the engineer PIN..."), once it has said. */
  get roleMessage(): string | null {
    return this.#session.roleMessage;
  }

  /**
   * Said on screen until the engineer unlocks again or hides it, when the tablet became a viewer without
   * asking (the bridge restarted with a new PIN, the login expired); null otherwise.
   */
  get roleNote(): string | null {
    return this.#session.roleNote;
  }

  dismissRoleNote(): void {
    this.#session.dismissRoleNote();
  }

  /** Why Dismiss (or anything that changes what other tablets see) cannot be offered, or null. */
  get actBlockedBy(): string | null {
    if (this.#socket.link !== 'ready') return 'Not connected to the bridge.';
    if (this.#session.role !== 'engineer') return 'Viewer: unlock this tablet with the engineer PIN.';
    return null;
  }

  /** Why Apply cannot be offered right now (read-only bridge, viewer, no connection, desk not ready), or null. */
  get applyBlockedBy(): string | null {
    if (this.readOnly) return 'Read-only bridge: suggestions only.';
    const blocked = this.actBlockedBy;
    if (blocked !== null) return blocked;
    const desk = this.#session.status?.console.state;
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
    return this.#socket.reconnects;
  }

  /** True while an apply for this suggestion waits for the desk's read-back. */
  isApplying(suggestionId: string): boolean {
    return this.#actions.isApplying(suggestionId);
  }

  /** The bridge's question when this suggestion needs a second confirmation (a big step, phantom power). */
  confirmationFor(suggestionId: string): string | null {
    return this.#actions.confirmationFor(suggestionId);
  }

  /** What moved since the engineer tapped this card ("... changed since you saw it: ... tap again"), else null. */
  changedFor(suggestionId: string): string | null {
    return this.#actions.changedFor(suggestionId);
  }

  start(): void {
    this.#socket.start();
  }

  stop(): void {
    this.#socket.stop();
    this.#clearFresh();
    this.#metersFresh = false;
  }

  /** Asks the bridge for the meters this view draws (now, and again after every reconnection). */
  setMeterView(view: MeterView): void {
    if (JSON.stringify(view) === JSON.stringify(this.#meterView)) return;
    this.#meterView = view;
    this.#sendQuiet({ type: 'meters-view', view });
  }

  /** Asks for a suggestion's latest evidence (its card is open); the answer replaces it in the list. */
  refreshSuggestion(suggestionId: string): void {
    this.#sendQuiet({ type: 'suggestion-detail', suggestionId });
  }

  /** Reconnects at once instead of waiting for the backoff (the network came back, the tablet woke up). */
  retryNow(): void {
    this.#socket.retryNow();
  }

  /** Asks the bridge to apply a suggestion; `confirm` answers its question about a big step. */
  apply(suggestion: Suggestion, confirm: boolean): void {
    this.#actions.apply(suggestion, confirm);
  }

  /** Forgets the bridge's question about a big step without applying. */
  cancelConfirmation(suggestionId: string): void {
    this.#actions.cancelConfirmation(suggestionId);
  }

  /** Hides a suggestion now and asks the bridge to drop it; it comes back if the bridge refuses. */
  dismiss(suggestion: Suggestion): void {
    this.#actions.dismiss(suggestion);
  }

  /** Presents a new engineer token (from POST /api/login) and keeps it for reconnections. */
  unlock(token: string): void {
    this.#session.unlock(token);
  }

  /** Makes this tablet a viewer again and forgets its token (at the bridge too). */
  lock(): void {
    this.#session.lock();
  }

  dismissNotice(id: number): void {
    this.#notices = this.#notices.filter((n) => n.id !== id);
  }

  /** The engineer token this tablet holds (for engineer-only HTTP endpoints), or null. */
  get engineerToken(): string | null {
    return this.#session.engineerToken;
  }

  /** Feeds every message the tablet reads to `sink` until the returned function is called. */
  attach(sink: MessageSink): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  send(message: ClientMessage): boolean {
    if (this.#socket.send(JSON.stringify(message))) return true;
    this.#notify('error', 'Not connected to the bridge; nothing was sent.');
    return false;
  }

  newRequestId(): string {
    this.#requestSeq++;
    return `${this.#session.clientId ?? 'tablet'}-${this.#requestSeq}`;
  }

  notify(tone: Notice['tone'], text: string): void {
    this.#notify(tone, text);
  }

  report(tone: Notice['tone'], summary: string, details: readonly string[]): void {
    this.#notify(tone, summary, details);
  }

  /** Sends a message about the link itself; a closed socket is no news to the engineer (it is resent on reconnect). */
  #sendQuiet(message: ClientMessage): boolean {
    return this.#socket.send(JSON.stringify(message));
  }

  #lose(): void {
    this.#clearFresh();
    this.#metersFresh = false;
    this.#actions.dropped();
    for (const sink of this.#sinks) sink.dropped();
    this.#session.dropped();
  }

  #receive(message: ServerMessage): void {
    if (isLiveMessage(message)) {
      if (this.#live.receive(message) === 'resync') this.#sendQuiet({ type: 'resync' });
      if (message.type === 'snapshot') {
        this.#gotSnapshot = true;
        this.#checkSynced();
      } else if (message.type === 'suggestions' || message.type === 'suggestions-diff' || message.type === 'suggestion') {
        this.#actions.forgetClosed(new Set(this.#live.suggestions.map((s) => s.id)));
      }
      return;
    }
    let claimed = false;
    for (const sink of this.#sinks) claimed = sink.receive(message) || claimed;
    if (claimed) return;
    if (BridgeSession.handles(message)) {
      this.#session.receive(message);
      if (message.type === 'status') this.#checkSynced();
      return;
    }
    if (SuggestionActions.handles(message)) {
      if (!this.#actions.receive(message) && message.type === 'error') this.#notify('error', `Bridge: ${message.message} (${message.code})`);
      return;
    }
    if (message.type === 'meters') this.#receiveMeters(meterFrameFromWire(message.frame));
  }

  #checkSynced(): void {
    if (this.#gotSnapshot && this.#session.gotStatus) this.#socket.markReady();
  }

  #receiveBinary(bytes: ArrayBuffer): void {
    const decoded = this.#live.decodeMeters(bytes);
    if (decoded.kind === 'frame') this.#receiveMeters(decoded.frame);
    else if (decoded.kind === 'malformed') this.#badMessages++;
  }

  #receiveMeters(frame: MeterFrameView): void {
    this.#deps.meters.push(frame, this.#deps.clock.nowMs());
    this.#metersFresh = true;
    this.#clearFresh();
    this.#freshTimer = this.#deps.clock.setTimeout(() => {
      this.#freshTimer = null;
      this.#metersFresh = false;
    }, METER_STALE_AFTER_MS);
  }

  #clearFresh(): void {
    if (this.#freshTimer !== null) this.#deps.clock.clearTimeout(this.#freshTimer);
    this.#freshTimer = null;
  }

  #notify(tone: Notice['tone'], text: string, details: readonly string[] = []): void {
    const id = ++this.#noticeSeq;
    this.#notices = [...this.#notices.slice(-2), { id, tone, text, details }];
    this.#deps.clock.setTimeout(() => this.dismissNotice(id), NOTICE_MS[tone]);
  }
}
