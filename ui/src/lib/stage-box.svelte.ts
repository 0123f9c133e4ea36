/**
 * The shared stage box as this tablet sees it (desk sets only): the bridge's state from every `stage-box`
 * message, which desk this tablet is on, and the engineer's two actions over HTTP (this desk's engineer
 * login): switch tracking with another desk on or off, undo a tracked change on every desk at once.
 * A warning or a tracked change that arrives while the tablet is open is also told as a notice, whatever
 * view is showing; those already there when the tablet connects are not.
 */
import type { ServerMessage } from '../../../server/hub/protocol';
import type { WireStageBox } from '../../../server/stage-box/stage-box-wire';
import type { MessageSink } from './bridge-connection.svelte';
import { trackedChangeText } from './stage-box-rows';

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

  dropped(): void {
    this.#busy = false;
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
