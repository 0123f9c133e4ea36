/**
 * What the engineer does with a suggestion: Apply (with the second confirmation the bridge may ask for) and
 * Dismiss, each a request on PendingRequests that the bridge's replies finish. A dismissed suggestion is
 * hidden at once and comes back if the bridge refuses; an apply without an answer is reported after
 * APPLY_TIMEOUT_MS; a 'stale' refusal fetches the suggestion as it is now.
 */
import type { Suggestion } from '../../../server/engine/suggestion';
import type { ClientMessage, ServerMessage } from '../../../server/hub/protocol';
import type { Clock } from './bridge-socket.svelte';
import { appliedSummary } from './action-notice';
import { formatGain } from './decibel-format';
import { PendingRequests } from './pending-requests.svelte';
import { isSwitchParam, paramTitle } from './suggestion-text';

/** An apply with no answer after this long is reported as unconfirmed, ms. */
export const APPLY_TIMEOUT_MS = 15_000;

interface ActionRequest {
  kind: 'apply' | 'dismiss';
  suggestionId: string;
  label: string;
  /** The suggestion applied (null for a dismiss): its summary is the action's one notice. */
  suggestion: Suggestion | null;
  /** What the desk confirmed so far, one line per value. */
  confirmed: string[];
  /** Values the desk put somewhere other than asked (its own grid). */
  adjusted: number;
  /** Replies still expected: the change plus its compensations. */
  remaining: number;
}

export interface SuggestionActionsDeps {
  clock: Clock;
  /** Why Apply cannot be asked for now, or null. */
  applyBlockedBy(): string | null;
  /** Why Dismiss cannot be asked for now, or null. */
  actBlockedBy(): string | null;
  send(message: ClientMessage): boolean;
  newRequestId(): string;
  notify(tone: 'ok' | 'error' | 'info', text: string): void;
  /** One notice for one engineer action: a summary line, and the values it wrote (shown folded). */
  report(tone: 'ok' | 'error' | 'info', summary: string, details: readonly string[]): void;
  /** Asks the bridge for one suggestion as it is now. */
  refresh(suggestionId: string): void;
}

type ActionMessage = Extract<ServerMessage, { type: 'applied' | 'confirm-needed' | 'apply-changed' | 'apply-resolved' | 'error' }>;

export class SuggestionActions {
  readonly #deps: SuggestionActionsDeps;
  readonly #requests: PendingRequests<ActionRequest>;
  #dismissing = $state.raw<ReadonlySet<string>>(new Set());
  #confirmations = $state.raw<ReadonlyMap<string, string>>(new Map());
  /** Per suggestion: what moved since the card was drawn, when an apply came back apply-changed. */
  #changed = $state.raw<ReadonlyMap<string, string>>(new Map());

  constructor(deps: SuggestionActionsDeps) {
    this.#deps = deps;
    this.#requests = new PendingRequests<ActionRequest>(deps.clock, APPLY_TIMEOUT_MS, (request) => {
      if (request.kind === 'dismiss') this.#undismiss(request.suggestionId);
      deps.report('error', `${request.label}: no answer from the bridge; check the value on the desk before trying again.`, request.confirmed);
    });
  }

  /** Suggestions hidden while the bridge drops them. */
  get dismissing(): ReadonlySet<string> {
    return this.#dismissing;
  }

  isApplying(suggestionId: string): boolean {
    return this.#requests.some((r) => r.kind === 'apply' && r.suggestionId === suggestionId);
  }

  confirmationFor(suggestionId: string): string | null {
    return this.#confirmations.get(suggestionId) ?? null;
  }

  /** What moved since the engineer tapped this card ("... changed since you saw it: ... tap again"), else null. */
  changedFor(suggestionId: string): string | null {
    return this.#changed.get(suggestionId) ?? null;
  }

  /** Asks the bridge to apply a suggestion; `confirm` answers its question about a big step. */
  apply(suggestion: Suggestion, confirm: boolean): void {
    const blocked = this.#deps.applyBlockedBy();
    if (blocked !== null) return this.#deps.notify('error', `${suggestion.label}: ${blocked} Nothing was sent.`);
    const requestId = this.#deps.newRequestId();
    this.#requests.add(requestId, {
      kind: 'apply',
      suggestionId: suggestion.id,
      label: suggestion.label,
      suggestion,
      confirmed: [],
      adjusted: 0,
      remaining: (suggestion.change ? 1 : 0) + suggestion.compensation.length,
    });
    this.cancelConfirmation(suggestion.id);
    this.#setChanged(suggestion.id, null);
    // The version of the change set on the card goes along: the bridge writes what the card showed, or
    // writes nothing and says what moved (apply-changed) or why it is no longer needed (apply-resolved).
    this.#deps.send({ type: 'apply', requestId, suggestionId: suggestion.id, version: suggestion.version, ...(confirm ? { confirm: true } : {}) });
  }

  cancelConfirmation(suggestionId: string): void {
    this.#setConfirmation(suggestionId, null);
  }

  /** Hides a suggestion now and asks the bridge to drop it; it comes back if the bridge refuses. */
  dismiss(suggestion: Suggestion): void {
    const blocked = this.#deps.actBlockedBy();
    if (blocked !== null) return this.#deps.notify('error', `${suggestion.label}: ${blocked} Nothing was sent.`);
    const requestId = this.#deps.newRequestId();
    this.#requests.add(requestId, { kind: 'dismiss', suggestionId: suggestion.id, label: suggestion.label, suggestion: null, confirmed: [], adjusted: 0, remaining: 0 });
    this.#dismissing = new Set(this.#dismissing).add(suggestion.id);
    this.#deps.send({ type: 'dismiss', requestId, suggestionId: suggestion.id });
  }

  static handles(message: ServerMessage): message is ActionMessage {
    return message.type === 'applied' || message.type === 'confirm-needed' || message.type === 'apply-changed'
      || message.type === 'apply-resolved' || message.type === 'error';
  }

  /** Takes a reply; false for an error that answers no request of these (the caller reports it). */
  receive(message: ActionMessage): boolean {
    switch (message.type) {
      case 'applied':
        this.#receiveApplied(message);
        return true;
      case 'confirm-needed':
        this.#requests.take(message.requestId);
        this.#setConfirmation(message.suggestionId, message.message);
        return true;
      case 'apply-changed':
        this.#requests.take(message.requestId);
        this.#setChanged(message.suggestionId, message.message);
        // The card may hold figures that tick slower than proposals: fetch the set the bridge would write now.
        this.#deps.refresh(message.suggestionId);
        return true;
      case 'apply-resolved':
        this.#requests.take(message.requestId);
        this.#deps.notify('info', message.message);
        return true;
      case 'error': {
        const request = this.#requests.take(message.requestId);
        if (!request) return false;
        if (request.kind === 'dismiss') this.#undismiss(request.suggestionId);
        // The proposal moved by less than the tablets are told about: fetch it exactly, to look at and apply again.
        if (request.kind === 'apply' && message.code === 'stale') this.#deps.refresh(request.suggestionId);
        this.#deps.notify('error', `${request.label}: ${message.message}`);
        return true;
      }
    }
  }

  /** Requests and questions about suggestions that are gone end with them (a dismiss is answered so). */
  forgetClosed(open: ReadonlySet<string>): void {
    for (const id of this.#dismissing) {
      if (open.has(id)) continue;
      this.#undismiss(id);
      this.#requests.takeAll((r) => r.kind === 'dismiss' && r.suggestionId === id);
    }
    if ([...this.#confirmations.keys()].some((id) => !open.has(id))) {
      this.#confirmations = new Map([...this.#confirmations].filter(([id]) => open.has(id)));
    }
    if ([...this.#changed.keys()].some((id) => !open.has(id))) {
      this.#changed = new Map([...this.#changed].filter(([id]) => open.has(id)));
    }
  }

  /** The socket dropped: nothing in flight will be answered. */
  dropped(): void {
    for (const request of this.#requests.clear()) {
      if (request.kind === 'apply') this.#deps.report('error', `${request.label}: the connection dropped before the desk confirmed; check the value on the desk.`, request.confirmed);
    }
    this.#confirmations = new Map();
    this.#changed = new Map();
    this.#dismissing = new Set();
  }

  #receiveApplied(message: Extract<ServerMessage, { type: 'applied' }>): void {
    const request = this.#requests.get(message.requestId);
    const label = request?.label ?? 'Desk';
    const value = (v: number | null) => (isSwitchParam(message.param) ? ((v ?? 0) >= 0.5 ? 'on' : 'off') : `${formatGain(v)} dB`);
    const asked = message.requestedValue === message.confirmedValue ? '' : ` (asked ${value(message.requestedValue)})`;
    const line = `${paramTitle(message.param)} now ${value(message.confirmedValue)}, confirmed by the desk${asked}.`;
    if (!request || request.suggestion === null) return this.#deps.notify('ok', `${label}: ${line}`);
    // One notice for the whole action, once the desk confirmed its last value.
    request.confirmed.push(`${label} ${line}`);
    if (asked !== '') request.adjusted++;
    request.remaining--;
    if (request.remaining > 0) return;
    this.#requests.take(message.requestId);
    this.#deps.report('ok', appliedSummary(request.suggestion, request.adjusted), request.confirmed);
  }

  #undismiss(suggestionId: string): void {
    if (!this.#dismissing.has(suggestionId)) return;
    this.#dismissing = new Set([...this.#dismissing].filter((id) => id !== suggestionId));
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
}
