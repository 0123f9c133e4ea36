/**
 * Venue profiles as this tablet sees them: the bridge's list (with the files that do not load), the
 * profile in force, and the engineer's actions on them. A recall is always shown first as a per-channel
 * diff (venue-preview) and only written when the engineer applies that preview (venue-recall confirm).
 */
import type { ServerMessage, VenuesState } from '../../../server/hub/protocol';
import type { RecallSelection } from '../../../server/profiles/recall-diff';
import type { RecallPreview } from '../../../server/venues/recall-preview';
import type { BridgeLink, Clock, MessageSink } from './bridge-connection.svelte';
import { PendingRequests } from './pending-requests.svelte';

export type VenueAction = 'activate' | 'preview' | 'save' | 'recall';

interface VenueRequest {
  action: VenueAction;
  id: string;
  selection: RecallSelection;
}

/** What the last recall wrote. */
export interface RecallOutcome {
  id: string;
  applied: number;
  failed: { param: string; message: string }[];
}

const TITLES: Record<VenueAction, string> = { activate: 'Activate', preview: 'Preview', save: 'Save', recall: 'Recall' };
const REQUEST_TIMEOUT_MS = 30_000;
const PREAMPS: RecallSelection = { kind: 'preamps' };

export class Venues implements MessageSink {
  readonly #link: BridgeLink;
  readonly #requests: PendingRequests<VenueRequest>;
  #state = $state.raw<VenuesState | null>(null);
  #preview = $state.raw<RecallPreview | null>(null);
  #selection = $state.raw<RecallSelection>(PREAMPS);
  #recalled = $state.raw<RecallOutcome | null>(null);
  #errors = $state.raw<ReadonlyMap<VenueAction, string>>(new Map());

  constructor(link: BridgeLink, clock: Clock) {
    this.#link = link;
    this.#requests = new PendingRequests(clock, REQUEST_TIMEOUT_MS, (request) =>
      this.#fail(request, `${TITLES[request.action]} ${request.id}: no answer from the bridge.`),
    );
  }

  /** Profiles, files that do not load, and the one in force; null until the bridge sends them (or when it has no venue feature). */
  get state(): VenuesState | null {
    return this.#state;
  }

  /** The recall shown now (diff and drift), or null. */
  get preview(): RecallPreview | null {
    return this.#preview;
  }

  /** What the preview shown covers. */
  get selection(): RecallSelection {
    return this.#selection;
  }

  get recalled(): RecallOutcome | null {
    return this.#recalled;
  }

  busy(action: VenueAction): boolean {
    return this.#requests.some((r) => r.action === action);
  }

  /** The bridge's refusal of the last `action`, or null. */
  error(action: VenueAction): string | null {
    return this.#errors.get(action) ?? null;
  }

  /** Makes `id` the profile the engine judges with (nothing is written to the desk) and shows its recall diff. */
  activate(id: string): void {
    this.#ask({ action: 'activate', id, selection: PREAMPS }, (requestId) => ({ type: 'venue-activate', requestId, id }), true);
  }

  /** Shows what recalling `selection` of profile `id` would change. Viewers may look too. */
  showPreview(id: string, selection: RecallSelection): void {
    // The choice shows at once; the diff follows (dimmed until then, and Apply waits for it).
    if (this.#preview?.id === id) this.#selection = selection;
    this.#ask({ action: 'preview', id, selection }, (requestId) => ({ type: 'venue-preview', requestId, id, selection }), false);
  }

  closePreview(): void {
    this.#preview = null;
    this.#recalled = null;
  }

  /** Saves the desk as it stands now (with today's soundcheck levels) as profile `id`. */
  save(id: string, venue: string): void {
    const named = venue.trim() === '' ? {} : { venue: venue.trim() };
    this.#ask({ action: 'save', id, selection: PREAMPS }, (requestId) => ({ type: 'venue-save', requestId, id, ...named }), true);
  }

  /** Applies the previewed recall through the safety path. */
  recall(id: string, selection: RecallSelection): void {
    this.#recalled = null;
    this.#ask({ action: 'recall', id, selection }, (requestId) => ({ type: 'venue-recall', requestId, id, selection, confirm: true }), true);
  }

  receive(message: ServerMessage): boolean {
    if (message.type === 'venues') {
      this.#state = message.venues;
      return false;
    }
    if (message.type !== 'venue-preview' && message.type !== 'venue-saved' && message.type !== 'venue-recalled' && message.type !== 'error') return false;
    const request = this.#requests.take(message.requestId);
    if (request === undefined) return false;
    this.#clearError(request.action);
    switch (message.type) {
      case 'venue-preview':
        this.#preview = message.preview;
        this.#selection = request.selection;
        if (request.action === 'activate') this.#link.notify('ok', `${message.preview.venue} (${message.preview.id}) is now the profile in force. Nothing was written to the desk.`);
        return true;
      case 'venue-saved':
        this.#link.notify('ok', `Saved the desk as ${message.summary.venue} (${message.summary.id}).${message.summary.note ? ` ${message.summary.note}` : ''}`);
        return true;
      case 'venue-recalled': {
        this.#recalled = { id: message.id, applied: message.applied, failed: message.failed };
        const failed = message.failed.length;
        const text = `Recalled ${message.applied} value${message.applied === 1 ? '' : 's'} from ${message.id}${failed > 0 ? `; ${failed} failed` : ''}.`;
        this.#link.notify(failed > 0 ? 'error' : 'ok', text);
        // The diff after the recall: what is left to change, and drift with the new gains.
        this.showPreview(message.id, request.selection);
        return true;
      }
      case 'error':
        this.#fail(request, `${TITLES[request.action]} ${request.id}: ${message.message}`);
        return true;
    }
  }

  dropped(): void {
    this.#requests.clear();
  }

  #ask(request: VenueRequest, build: (requestId: string) => Parameters<BridgeLink['send']>[0], engineerOnly: boolean): void {
    const blocked = engineerOnly ? (request.action === 'recall' ? this.#link.applyBlockedBy : this.#link.actBlockedBy) : null;
    if (blocked !== null) {
      this.#fail(request, `${TITLES[request.action]} ${request.id}: ${blocked} Nothing was sent.`);
      return;
    }
    this.#clearError(request.action);
    const requestId = this.#link.newRequestId();
    if (this.#link.send(build(requestId))) this.#requests.add(requestId, request);
  }

  #fail(request: VenueRequest, message: string): void {
    this.#errors = new Map(this.#errors).set(request.action, message);
    this.#link.notify('error', message);
  }

  #clearError(action: VenueAction): void {
    if (!this.#errors.has(action)) return;
    const next = new Map(this.#errors);
    next.delete(action);
    this.#errors = next;
  }
}
