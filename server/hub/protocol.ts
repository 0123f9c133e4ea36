/**
 * WebSocket messages between the bridge and the tablets. The UI imports these types (type-only).
 *
 * JSON has no -Infinity: on the wire, silence in any level field is `null`. Meter levels are rounded
 * to 0.1 dB. Every other dB field follows the names in server/model (units in the name).
 */
import type { ConnectionState } from '../consoles/console';
import type { Suggestion } from '../engine/suggestion';
import type { ConsoleIdentity, ConsoleSnapshot } from '../model/stages';

/** A level on the wire: dBFS/dB, or null for silence / -Infinity. */
export type WireLevel = number | null;

export interface WireMeterFrame {
  atMs: number;
  channelInputDbfs: WireLevel[];
  channelGateGrDb: WireLevel[];
  channelDynGrDb: WireLevel[];
  channelPostFaderDbfs: WireLevel[];
  busDbfs: WireLevel[];
  matrixDbfs: WireLevel[];
  mainDbfs: WireLevel[];
}

export interface BridgeStatus {
  console: {
    kind: ConsoleIdentity['kind'];
    model: string;
    firmware: string;
    name: string;
    state: ConnectionState;
  };
  readOnly: boolean;
  channels: number;
  suggestions: number;
  clients: number;
  /** Milliseconds since the last meter frame from the console; null before the first. */
  meterAgeMs: number | null;
  counters: {
    packetsIn: number;
    packetsOut: number;
    malformed: number;
    unexpected: number;
    timeouts: number;
    reconnects: number;
    badClientMessages: number;
  };
}

/**
 * The snapshot on the wire: faders fully down are -Infinity in the model and `null` here, like levels.
 * Use `fromWire` helpers in the UI, or treat null as "-inf".
 */
export type WireSnapshot = ConsoleSnapshot;

export type ServerMessage =
  | { type: 'hello'; protocol: 1; clientId: string; readOnly: boolean }
  | { type: 'status'; status: BridgeStatus }
  | { type: 'snapshot'; snapshot: WireSnapshot }
  | { type: 'meters'; frame: WireMeterFrame }
  | { type: 'suggestions'; suggestions: Suggestion[] }
  | { type: 'applied'; requestId: string | null; suggestionId: string | null; param: string; requestedValue: number; confirmedValue: number }
  /** The change is larger than the step limit (or switches phantom power): ask the engineer, then send apply again with confirm: true. */
  | { type: 'confirm-needed'; requestId: string | null; suggestionId: string; message: string }
  | { type: 'error'; requestId: string | null; code: ErrorCode; message: string };

export type ErrorCode =
  | 'bad-json'
  | 'bad-message'
  | 'too-large'
  | 'rate-limited'
  | 'unknown-suggestion'
  | 'read-only'
  | 'apply-failed';

export type ClientMessage =
  | { type: 'apply'; requestId?: string; suggestionId: string; confirm?: boolean }
  | { type: 'dismiss'; requestId?: string; suggestionId: string };
