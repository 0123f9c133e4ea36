/**
 * The shared stage box as this tablet sees it (desk sets only): the bridge's state from every `stage-box`
 * message, which desk this tablet is on, and the engineer's two actions over HTTP (this desk's engineer
 * login): switch tracking with another desk on or off, undo a tracked change on every desk at once. For
 * an action waiting for the engineer's confirmation that sets a shared preamp's gain, it holds the change
 * set the bridge previews on every desk (follow()).
 * A warning or a tracked change that arrives while the tablet is open is also told as a notice, whatever
 * view is showing; those already there when the tablet connects are not.
 */
import type { ServerMessage } from '../../../server/hub/protocol';
import { untrack } from 'svelte';
import type { DeskPreview } from '../../../server/stage-box/cross-desk-preview';
import type { WireStageBox } from '../../../server/stage-box/stage-box-wire';
import type { MessageSink } from './bridge-connection.svelte';
import type { PendingGain } from './stage-box-preview';
import { trackedChangeText } from './stage-box-rows';

/** The per-desk change set of one action waiting for confirmation, once the bridge answered. */
export interface PendingPreview {
  key: string;
  what: string;
  /** Null while asked, or when the bridge could not answer (then `problem` says why). */
  desks: DeskPreview[] | null;
  problem: string | null;
}

/** fetch() against this tablet's bridge. */
export type Http = (path: string, init?: RequestInit) => Promise<Response>;

export interface StageBoxDeps {
  http: Http;
  /** This desk's engineer token, or null for a viewer. */
  token: () => string | null;
  notify: (tone: 'ok' | 'error', text: string) => void;
}

export class StageBox implements MessageSink {
  readonly #deps: StageBoxDeps;
  #state = $state.raw<WireStageBox | null>(null);
  #desk = $state<string | null>(null);
  #busy = $state(false);
  /** Ids of warnings and tracked changes already told (or there before this tablet looked). */
  #told: Set<string> | null = null;
  #previews = $state.raw<readonly PendingPreview[]>([]);
  /** Keys followed (not reactive: follow() runs inside an effect and must not depend on what it writes). */
  #following = new Set<string>();

  constructor(deps: StageBoxDeps) {
    this.#deps = deps;
  }

  /** Null on a single-desk bridge. */
  get state(): WireStageBox | null {
    return this.#state;
  }

  /** The desk this tablet is connected to. */
  get desk(): string | null {
    return this.#desk;
  }

  get busy(): boolean {
    return this.#busy;
  }

  receive(message: ServerMessage): boolean {
    if (message.type !== 'stage-box') return false;
    const box = message.stageBox;
    const told = this.#told;
    if (told !== null) {
      for (const warning of box.warnings) if (!told.has(warning.id)) this.#deps.notify('error', `Stage box: ${warning.text}`);
      for (const change of box.changes) if (!told.has(change.id)) this.#deps.notify('ok', `Gain tracking: ${trackedChangeText(box, change)}.`);
    }
    this.#told = new Set([...box.warnings.map((w) => w.id), ...box.changes.map((c) => c.id)]);
    this.#state = box;
    this.#desk = message.desk;
    return true;
  }

  /** The per-desk change sets of the actions waiting for the engineer's confirmation (see follow()). */
  get previews(): readonly PendingPreview[] {
    return this.#previews;
  }

  dropped(): void {
    this.#busy = false;
  }

  /**
   * Keeps a preview for exactly the gains in `pending`: asks the bridge (GET /api/stage-box/preview) for
   * each one not asked yet and forgets those no longer waiting. Nothing is written.
   */
  follow(pending: readonly PendingGain[]): void {
    const keys = new Set(pending.map((p) => p.key));
    const previews = untrack(() => this.#previews);
    const kept = previews.filter((p) => keys.has(p.key));
    this.#following = new Set([...this.#following].filter((key) => keys.has(key)));
    const fresh = pending.filter((p) => !this.#following.has(p.key));
    if (fresh.length === 0 && kept.length === previews.length) return;
    for (const gain of fresh) this.#following.add(gain.key);
    this.#previews = [...kept, ...fresh.map((g) => ({ key: g.key, what: g.what, desks: null, problem: null }))];
    for (const gain of fresh) void this.#fetchPreview(gain);
  }

  async #fetchPreview(gain: PendingGain): Promise<void> {
    let answer: Pick<PendingPreview, 'desks' | 'problem'>;
    try {
      const response = await this.#deps.http(`/api/stage-box/preview?channel=${gain.channel}&gainDb=${gain.gainDb}`);
      const body = (await response.json().catch(() => ({}))) as { desks?: DeskPreview[]; error?: string };
      answer = response.ok && Array.isArray(body.desks) ? { desks: body.desks, problem: null } : { desks: null, problem: String(body.error ?? `the bridge answered ${response.status}`) };
    } catch (error) {
      answer = { desks: null, problem: `the bridge did not answer: ${(error as Error).message}` };
    }
    // Still waiting? (The engineer may have confirmed or cancelled meanwhile.)
    if (!this.#following.has(gain.key)) return;
    this.#previews = this.#previews.map((p) => (p.key === gain.key ? { ...p, ...answer } : p));
  }

  setTracking(other: string, on: boolean): Promise<void> {
    return this.#post('/api/stage-box/tracking', { with: other, on }, () => on ? 'Gain tracking is on: a gain turned at one desk moves the other desk\'s trim against it.' : 'Gain tracking is off.');
  }

  undo(id: string): Promise<void> {
    return this.#post('/api/stage-box/undo', { id, confirm: true }, (body) => String(body.message ?? 'Undone on every desk.'));
  }

  async #post(path: string, body: unknown, success: (reply: Record<string, unknown>) => string): Promise<void> {
    const token = this.#deps.token();
    if (token === null) {
      this.#deps.notify('error', 'This needs the engineer role: unlock this tablet with the PIN.');
      return;
    }
    this.#busy = true;
    try {
      const response = await this.#deps.http(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const reply = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok) this.#deps.notify('ok', success(reply));
      else this.#deps.notify('error', `Stage box: ${String(reply.error ?? response.status)}`);
    } catch (error) {
      this.#deps.notify('error', `The bridge did not answer: ${(error as Error).message}`);
    } finally {
      this.#busy = false;
    }
  }
}
