/**
 * What the bridge has told this tablet about the desk, kept up to date: the console snapshot (a whole one
 * on connect, then deltas, each one version on), the suggestions (a whole list, then diffs by id) and the
 * layout of the binary meter frames. A delta or diff that does not follow the version held means one was
 * missed: receive() says 'resync', and nothing more is applied until the bridge's snapshot arrives.
 */
import type { Suggestion } from '../../../server/engine/suggestion';
import type { MeterLayout, ServerMessage, WireSnapshot } from '../../../server/hub/protocol';
import type { ChannelState, ConsoleSnapshot } from '../../../server/model/stages';
import { decodeMeterFrame, type DecodedFrame } from './meter-binary';
import { applyStateChanges } from './state-patch';
import { applySuggestionDiff } from './suggestion-diff';
import { channelFromWire, snapshotFromWire, suggestionFromWire } from './wire';

/** The messages LiveState takes. */
export type LiveMessage = Extract<ServerMessage, { type: 'snapshot' | 'delta' | 'meter-layout' | 'suggestions' | 'suggestions-diff' | 'suggestion' }>;

const LIVE_TYPES: ReadonlySet<string> = new Set(['snapshot', 'delta', 'meter-layout', 'suggestions', 'suggestions-diff', 'suggestion']);

export function isLiveMessage(message: ServerMessage): message is LiveMessage {
  return LIVE_TYPES.has(message.type);
}

/** 'applied': taken; 'stale': older than what is held, ignored; 'resync': a gap, ask the bridge for everything. */
export type LiveOutcome = 'applied' | 'stale' | 'resync';

export class LiveState {
  #version: number | null = null;
  #wire: WireSnapshot | null = null;
  #suggestionVersion: number | null = null;
  #wireSuggestions: Suggestion[] = [];
  #awaitingResync = false;
  #layout: MeterLayout | null = null;
  /** Converted channels by their wire object: an unchanged channel keeps its object across deltas. */
  #channels = new WeakMap<ChannelState, ChannelState>();
  #converted = new WeakMap<Suggestion, Suggestion>();
  #snapshot = $state.raw<ConsoleSnapshot | null>(null);
  #suggestions = $state.raw<Suggestion[]>([]);

  get snapshot(): ConsoleSnapshot | null {
    return this.#snapshot;
  }

  get suggestions(): Suggestion[] {
    return this.#suggestions;
  }

  /** Version of the console state held (null before the first snapshot). */
  get version(): number | null {
    return this.#version;
  }

  get meterLayout(): MeterLayout | null {
    return this.#layout;
  }

  /** A new socket: what comes next is a fresh snapshot, whatever was missed before. */
  reconnected(): void {
    this.#awaitingResync = false;
    this.#layout = null;
  }

  receive(message: LiveMessage): LiveOutcome {
    switch (message.type) {
      case 'snapshot':
        this.#awaitingResync = false;
        this.#version = message.version;
        this.#setSnapshot(message.snapshot);
        if (message.meterLayout !== null) this.#layout = message.meterLayout;
        return 'applied';
      case 'delta': {
        if (this.#awaitingResync || this.#version === null || this.#wire === null || message.version <= this.#version) return 'stale';
        if (message.version !== this.#version + 1) return this.#gap();
        const patched = applyStateChanges(this.#wire, message.changes);
        if (!patched.ok) return this.#gap();
        this.#version = message.version;
        this.#setSnapshot(patched.state);
        return 'applied';
      }
      case 'meter-layout':
        this.#layout = message.layout;
        return 'applied';
      case 'suggestions':
        this.#suggestionVersion = message.version;
        this.#setSuggestions(message.suggestions);
        return 'applied';
      case 'suggestions-diff':
        if (this.#awaitingResync || this.#suggestionVersion === null || message.version <= this.#suggestionVersion) return 'stale';
        if (message.version !== this.#suggestionVersion + 1) return this.#gap();
        this.#suggestionVersion = message.version;
        this.#setSuggestions(applySuggestionDiff(this.#wireSuggestions, message));
        return 'applied';
      case 'suggestion': {
        const fresh = message.suggestion;
        if (fresh === null || !this.#wireSuggestions.some((s) => s.id === fresh.id)) return 'stale';
        this.#setSuggestions(this.#wireSuggestions.map((s) => (s.id === fresh.id ? fresh : s)));
        return 'applied';
      }
    }
  }

  /** A binary meter frame, read with the layout held. */
  decodeMeters(bytes: ArrayBuffer): DecodedFrame {
    return decodeMeterFrame(bytes, this.#layout);
  }

  #gap(): LiveOutcome {
    this.#awaitingResync = true;
    return 'resync';
  }

  #setSnapshot(wire: WireSnapshot): void {
    this.#wire = wire;
    this.#snapshot = snapshotFromWire(wire, (ch) => {
      let converted = this.#channels.get(ch);
      if (converted === undefined) {
        converted = channelFromWire(ch);
        this.#channels.set(ch, converted);
      }
      return converted;
    });
  }

  #setSuggestions(wire: Suggestion[]): void {
    this.#wireSuggestions = wire;
    this.#suggestions = wire.map((s) => {
      let converted = this.#converted.get(s);
      if (converted === undefined) {
        converted = suggestionFromWire(s);
        this.#converted.set(s, converted);
      }
      return converted;
    });
  }
}
