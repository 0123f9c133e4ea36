/**
 * The one interface every console adapter implements (simulator, X32, X-Air, MIDI, generic OSC).
 * An adapter owns its sockets and timers; aborting the signal given to start() releases all of them.
 */
import type { MeterFrame } from '../model/meter-frame';
import type { ParamId, ParamSpec } from '../model/params';
import type { ConsoleIdentity, ConsoleSnapshot } from '../model/stages';
import type { Unsubscribe } from '../model/topic';
import type { SnapshotChanges } from './change-feed';

export type ConnectionState = 'idle' | 'connecting' | 'syncing' | 'ready' | 'lost';

/** A request to set one parameter: dB for levels, 0/1 for switches. */
export interface ParamChange {
  param: ParamId;
  value: number;
}

/** A value changed at the desk (or by another client), as reported by the console. */
export interface DeskChange {
  param: ParamId;
  value: number;
  atMs: number;
}

/** Errors a console raises, each with a stable code. */
export type ConsoleErrorCode =
  | 'not-ready'
  | 'unknown-param'
  | 'read-back-timeout'
  | 'read-back-mismatch'
  | 'not-writable'
  | 'transport';

export class ConsoleError extends Error {
  readonly code: ConsoleErrorCode;
  constructor(code: ConsoleErrorCode, message: string) {
    super(message);
    this.name = 'ConsoleError';
    this.code = code;
  }
}

/** Counters an adapter keeps about its link; shown in /api/status. */
export interface LinkCounters {
  packetsIn: number;
  packetsOut: number;
  malformed: number;
  unexpected: number;
  timeouts: number;
  reconnects: number;
  /** Packets from any address other than the desk's (dropped unread). */
  foreign: number;
}

export interface Console {
  /**
   * Connects, syncs the initial state and starts the meter stream. Resolves once the adapter is running
   * (not necessarily ready: watch onState). Aborting `signal` stops every timer and closes every socket.
   */
  start(signal: AbortSignal): Promise<void>;
  state(): ConnectionState;
  identity(): ConsoleIdentity;
  /** The latest known values. Cheap; returns the same object until something changes. */
  snapshot(): ConsoleSnapshot;
  /** Range and grid of a writable parameter; undefined when this console cannot write it. */
  paramSpec(param: ParamId): ParamSpec | undefined;
  /**
   * Sets one parameter and resolves with the value the console confirms by read-back (after its own
   * quantisation). Rejects with a ConsoleError (timeout, not ready, unknown parameter).
   * Callers outside server/safety/ must not call this: safety clamps, limits, journals and undoes.
   */
  apply(change: ParamChange): Promise<number>;
  counters(): LinkCounters;
  /**
   * Addresses (or parameter names) the console never answered during the last sync: their values are
   * unknown, shown with neutral defaults, listed in the status and never written. Empty on a full sync.
   */
  unknownAddresses(): readonly string[];
  onMeters(listener: (frame: MeterFrame) => void): Unsubscribe;
  onDeskChange(listener: (change: DeskChange) => void): Unsubscribe;
  /**
   * Values of the snapshot that changed (at the desk, by a write, by a sync), coalesced per tick, with the
   * snapshot they lead to (server/consoles/change-feed.ts). Fires only when something a snapshot shows changed.
   */
  onChanges(listener: (batch: SnapshotChanges) => void): Unsubscribe;
  onState(listener: (state: ConnectionState) => void): Unsubscribe;
}

export function emptyCounters(): LinkCounters {
  return { packetsIn: 0, packetsOut: 0, malformed: 0, unexpected: 0, timeouts: 0, reconnects: 0, foreign: 0 };
}
