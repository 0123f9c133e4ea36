/**
 * WebSocket messages between the bridge and the tablets. The UI imports these types (type-only).
 *
 * JSON has no -Infinity: on the wire, silence in any level field is `null`. Meter levels are rounded
 * to 0.1 dB. Every other dB field follows the names in server/model (units in the name).
 */
import type { ConnectionState } from '../consoles/console';
import type { Suggestion } from '../engine/suggestion';
import type { ProfileProblem, ProfileSummary } from '../profiles/listing';
import type { RecallSelection } from '../profiles/recall-diff';
import type { VenueProfile } from '../profiles/schema';
import type { RecallPreview } from '../venues/recall-preview';
import type { ConsoleIdentity, ConsoleSnapshot } from '../model/stages';
import type { WireJournalEntry } from '../safety/journal-entry';
import type { BackupStatus } from '../safety/backup';
import type { WireStageBox } from '../stage-box/stage-box-wire';
import type {
  SoundcheckMode,
  SoundcheckRestartReason,
  SoundcheckOutcome,
  SoundcheckEndReason,
  SoundcheckProgress,
  SoundcheckResult,
  SoundcheckChannelState,
  SoundcheckState,
} from '../soundcheck/soundcheck-types';

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

/** The meter areas of a frame, as named in WireMeterFrame. */
export type MeterArea =
  | 'channelInputDbfs' | 'channelGateGrDb' | 'channelDynGrDb' | 'channelPostFaderDbfs' | 'busDbfs' | 'matrixDbfs' | 'mainDbfs';

/**
 * Which meters a tablet receives: what it draws. 'all' (every point; the default, and what scripts get),
 * 'overview' (every channel's input and gain reductions, the buses and the main), 'channel' (one channel's
 * points, the buses and the main: the channel view and its level ladder), 'mix' (one bus, or the main: a
 * phone on one monitor mix; also what a view without meters asks for, so staleness still shows).
 */
export type MeterView =
  | { kind: 'all' }
  | { kind: 'overview' }
  | { kind: 'channel'; channel: number }
  | { kind: 'mix'; bus: number | null };

/**
 * How a segment's values are written: 'i16' Int16 LE in 0.1 dB (-32768 silence, 32767 over); 'u8' one byte
 * in 0.5 dB from 0 (255 over), for gain reduction the overview only draws as a bar.
 */
export type MeterEncoding = 'i16' | 'u8';

/** A run of points of one area: positions first..first+count-1 (0-based) of an area `areaLength` long. */
export interface MeterLayoutSegment {
  area: MeterArea;
  first: number;
  count: number;
  areaLength: number;
  encoding: MeterEncoding;
}

/**
 * The order of the values in a binary meter frame (server/hub/meter-binary.ts): segment after segment. `id`
 * is in every frame's header; a frame whose id is not the layout a tablet holds is skipped until the
 * matching meter-layout message arrives (it always comes first on the same socket).
 */
export interface MeterLayout {
  id: number;
  segments: MeterLayoutSegment[];
}

/** How a tablet wants its meter frames: binary (the default) or JSON (scripts: `?format=json` or hello). */
export type MeterFormat = 'binary' | 'json';

/** One changed value of the snapshot (server/consoles/snapshot-diff.ts): its path and its new value (-Infinity as null). */
export interface WireStateChange {
  path: string;
  value: unknown;
}

/** The fields of a suggestion that changed, with their new values. */
export type SuggestionPatch = { id: string } & Partial<Omit<Suggestion, 'id'>>;

export interface BridgeStatus {
  console: {
    kind: ConsoleIdentity['kind'];
    model: string;
    firmware: string;
    name: string;
    state: ConnectionState;
    /** Values the desk never answered during the sync: unknown, never written (see Console.unknownAddresses). */
    unknownAddresses: string[];
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
    foreign: number;
    badClientMessages: number;
  };
}

/**
 * The snapshot on the wire: faders fully down are -Infinity in the model and `null` here, like levels.
 * Use `fromWire` helpers in the UI, or treat null as "-inf".
 */
export type WireSnapshot = ConsoleSnapshot;

/** Venue profiles on the bridge and the one in force. */
export interface VenuesState {
  profiles: ProfileSummary[];
  /** Files that could not be loaded, each with the file and field at fault. */
  invalid: ProfileProblem[];
  /**
   * The profile in force: its level targets (the ladder draws a channel's target and ceiling from them) and
   * its amplifiers (the ladder measures an output's headroom to the amplifier's clip point).
   */
  active: { id: string | null; venue: string; targets: VenueProfile['targets']; outputs: VenueProfile['outputs'] };
}

export type ServerMessage =
  | { type: 'venues'; requestId: string | null; venues: VenuesState }
  | { type: 'venue-preview'; requestId: string | null; preview: RecallPreview }
  | { type: 'venue-saved'; requestId: string | null; summary: ProfileSummary }
  | { type: 'venue-recalled'; requestId: string | null; id: string; applied: number; failed: { param: string; message: string }[] }
  | { type: 'hello'; protocol: 2; clientId: string; readOnly: boolean; meterFormat: MeterFormat }
  | { type: 'status'; status: BridgeStatus }
  /**
   * The whole console state at `version`: on connect and after a resync request, never otherwise. The
   * meter layout in force for this tablet comes with it (null before the first meter frame).
   */
  | { type: 'snapshot'; version: number; snapshot: WireSnapshot; meterLayout: MeterLayout | null }
  /**
   * The values that changed from version - 1 to `version`. A tablet that holds another version than
   * version - 1 missed one: it sends resync and ignores deltas until the snapshot arrives.
   */
  | { type: 'delta'; version: number; changes: WireStateChange[] }
  /** The order of the values in the binary meter frames that follow (after a new view, or a new desk). */
  | { type: 'meter-layout'; layout: MeterLayout }
  /** A meter frame as JSON (meterFormat 'json'); binary tablets get binary messages (server/hub/meter-binary.ts). */
  | { type: 'meters'; frame: WireMeterFrame }
  /** Every open suggestion at suggestion version `version`: on connect and after a resync request. */
  | { type: 'suggestions'; version: number; suggestions: Suggestion[] }
  /**
   * What changed in the suggestions from version - 1 to `version`, by id: new (or reshaped: replace it),
   * changed fields, gone. Sent only when what a tablet shows changes; evidence figures at most once a second.
   */
  | { type: 'suggestions-diff'; version: number; added: Suggestion[]; changed: SuggestionPatch[]; removed: string[] }
  /** One suggestion with its latest evidence, answering suggestion-detail. */
  | { type: 'suggestion'; requestId: string | null; suggestion: Suggestion | null }
  | { type: 'applied'; requestId: string | null; suggestionId: string | null; param: string; requestedValue: number; confirmedValue: number }
  /** The change is larger than the step limit (or switches phantom power): ask the engineer, then send apply again with confirm: true. */
  | { type: 'confirm-needed'; requestId: string | null; suggestionId: string; message: string }
  /**
   * The suggestion the engineer tapped moved since the card was drawn (beyond the apply tolerance): nothing was
   * written. `changes` says what moved, parameter by parameter; `suggestion` is the new change set: show it and
   * apply again with its `version` (one more tap).
   */
  | { type: 'apply-changed'; requestId: string | null; suggestionId: string; message: string; changes: ChangedValue[]; suggestion: Suggestion }
  /**
   * The suggestion the engineer tapped is no longer needed: nothing was written. `message` says why ("resolved
   * by Ch 1 Kick's gain fix a moment ago: Main LR peaks now -9.1 dBFS"); `resolvedBy` is the suggestion whose
   * write resolved it, or null when the level moved back inside on its own.
   */
  | { type: 'apply-resolved'; requestId: string | null; suggestionId: string; message: string; resolvedBy: string | null }
  | { type: 'error'; requestId: string | null; code: ErrorCode; message: string }
  /** This tablet's role: sent after hello, and again whenever it changes (login, logout, token expiry). */
  | { type: 'role'; requestId: string | null; role: Role; reason: RoleReason; message: string; expiresAtIso: string | null }
  /** A control message (soundcheck start/next/cancel) was accepted; what follows arrives as broadcasts. */
  | { type: 'accepted'; requestId: string | null; message: string }
  /** The whole state of the current (or last) soundcheck: on connect, on start, on every channel status change, at the end. */
  | { type: 'soundcheck'; state: SoundcheckState }
  /** Listening progress of one channel, about four times a second of meter time. */
  | { type: 'soundcheck-progress'; progress: SoundcheckProgress }
  /** A channel's window started again from zero, and why. */
  | { type: 'soundcheck-restarted'; soundcheckId: string; channel: number; reason: SoundcheckRestartReason; param: string | null; message: string }
  /** A channel's window ended: the suggestion the engine made from what was heard. */
  | { type: 'soundcheck-result'; result: SoundcheckResult }
  | { type: 'soundcheck-ended'; soundcheckId: string; reason: SoundcheckEndReason; message: string }
  /** Journal entries, oldest first: the latest ones on connect (requestId null), or the page a journal-request asked for. */
  | { type: 'journal'; requestId: string | null; entries: WireJournalEntry[]; total: number }
  /** One new console write, to every tablet as it is journalled. */
  | { type: 'journal-entry'; entry: WireJournalEntry }
  | { type: 'backup'; backup: BackupStatus }
  /** Desk sets only: the shared stage box, on connect and whenever it changes; `desk` is this tablet's desk. */
  | { type: 'stage-box'; desk: string; stageBox: WireStageBox }
  /** The outcome of soundcheck-apply, undo, undo-soundcheck or restore-backup: what was written (confirmed by read-back) and what failed. */
  | { type: 'write-result'; requestId: string | null; action: WriteAction; entries: WireJournalEntry[]; failures: WriteFailure[]; message: string }
  /**
   * A write action needs a second confirmation (a step above the limit, phantom power, a backup restore).
   * Nothing was written. Show `message`; to go ahead send `resend` as it is (it carries confirm: true).
   */
  | { type: 'needs-confirmation'; requestId: string | null; action: WriteAction; message: string; resend: ConfirmableMessage };

/** One value of a change set as the engineer saw it and as the engine proposes it now (null = -inf, or absent from that set). */
export interface ChangedValue {
  param: string;
  /** "Ch 1 Kick gain". */
  label: string;
  shownValue: number | null;
  nowValue: number | null;
}

export type ErrorCode =
  | 'bad-json'
  | 'bad-message'
  | 'too-large'
  | 'rate-limited'
  | 'unknown-suggestion'
  | 'read-only'
  | 'apply-failed'
  /** A viewer sent a message only an engineer may send (unlock with the PIN). */
  | 'forbidden'
  /** A valid message no feature of this bridge handles. */
  | 'unsupported'
  | 'unknown-soundcheck'
  | 'soundcheck-not-running'
  | 'unknown-channel'
  /** The soundcheck has not judged that channel (yet). */
  | 'no-result'
  /** The soundcheck result proposes no change (on target, or a warning for a person). */
  | 'no-change'
  /** The value changed since the soundcheck listened, or the suggestion moved since it was shown: look again before applying. */
  | 'stale'
  | 'nothing-to-undo'
  | 'no-backup'
  /** The console did not take or confirm a write, or the journal could not record it. */
  | 'write-failed'
  | 'internal';

export type ClientMessage =
  /** Says how this tablet wants its meter frames ('json' for scripts; binary when never sent). */
  | { type: 'hello'; requestId?: string; meterFormat: MeterFormat }
  /** This tablet missed a delta (or a suggestions diff): the bridge answers with snapshot and suggestions. */
  | { type: 'resync'; requestId?: string }
  /** The meters this tablet draws now; the reply is a meter-layout message. */
  | { type: 'meters-view'; requestId?: string; view: MeterView }
  /** Asks for one suggestion with its latest evidence (a card is open): the reply is a suggestion message. */
  | { type: 'suggestion-detail'; requestId?: string; suggestionId: string }
  /**
   * Applies a suggestion's change and compensation. `version` (optional) is the `version` of the suggestion
   * the card showed: the bridge applies that change set when the engine still wants it within the apply
   * tolerance, else writes nothing and answers apply-changed (the figures moved) or apply-resolved (the
   * reason is gone). `proposedValue` (optional; null = -inf; older tablets) is the value the tablet showed:
   * when the suggestion has moved since, the bridge writes nothing and answers 'stale'.
   */
  | { type: 'apply'; requestId?: string; suggestionId: string; confirm?: boolean; proposedValue?: number | null; version?: string }
  | { type: 'dismiss'; requestId?: string; suggestionId: string }
  /** Presents a token from POST /api/login (alternative to /ws?token=...). The reply is a role message. */
  | { type: 'auth'; requestId?: string; token: string }
  /** Forgets this tablet's token (on the bridge too) and makes it a viewer. The reply is a role message. */
  | { type: 'logout'; requestId?: string }
  /** Listens to these channels together (windowMs 2000..30000, default 8000). Replaces a running soundcheck. */
  | { type: 'soundcheck-start'; requestId?: string; channels: number[]; windowMs?: number }
  /** Walks channel by channel: these channels in this order, or every channel of the console. Replaces a running soundcheck. */
  | { type: 'soundcheck-check-all'; requestId?: string; channels?: number[]; windowMs?: number }
  /** Stops listening to the channel(s) listening now and judges what was heard; a walk moves on. */
  | { type: 'soundcheck-next'; requestId?: string; soundcheckId: string }
  /** Stops the soundcheck (the running one when soundcheckId is absent). Results so far are kept. */
  | { type: 'soundcheck-cancel'; requestId?: string; soundcheckId?: string }
  /** Applies a soundcheck result's change (and its compensation) through the safety path. */
  | { type: 'soundcheck-apply'; requestId?: string; soundcheckId: string; channel: number; confirm?: boolean }
  /**
   * Undoes journal entry `seq`, or the latest write that is not an undo and not undone yet; with `actionSeq`,
   * every write still in force of that engineer action as one batch (a gain change with its compensation).
   */
  | { type: 'undo'; requestId?: string; seq?: number; actionSeq?: number; confirm?: boolean }
  /** Undoes every write made from one soundcheck's results, newest first. */
  | { type: 'undo-soundcheck'; requestId?: string; soundcheckId: string; confirm?: boolean }
  /** Writes back every value of the backup taken at connect that differs now. Always needs confirm: true. */
  | { type: 'restore-backup'; requestId?: string; confirm?: boolean }
  /** Asks for up to `limit` (1..500, default 50) journal entries with seq below `beforeSeq` (default: the newest). */
  | { type: 'journal-request'; requestId?: string; beforeSeq?: number; limit?: number }
  /** Makes a venue profile the one the engine judges with (targets, thresholds, amplifiers). Writes nothing. */
  | { type: 'venue-activate'; requestId?: string; id: string }
  /** Asks what recalling a profile would change (per-channel diff in dB) and how levels drifted since earlier visits. */
  | { type: 'venue-preview'; requestId?: string; id: string; selection: RecallSelection }
  /** Saves the console as it stands now (with today's soundcheck levels) as profile `id`. */
  | { type: 'venue-save'; requestId?: string; id: string; venue?: string }
  /**
   * Recalls the stored gains/trims of the selection through the safety path. Without confirm: true the
   * bridge writes nothing and answers with the venue-preview to show first.
   */
  | { type: 'venue-recall'; requestId?: string; id: string; selection: RecallSelection; confirm?: boolean };

/** The write actions that can come back as needs-confirmation. */
export type WriteAction = 'soundcheck-apply' | 'undo' | 'undo-soundcheck' | 'restore-backup';

/** A write message as needs-confirmation returns it for resending. */
export type ConfirmableMessage = Extract<ClientMessage, { type: WriteAction }>;

/** What a tablet may do: a viewer sees everything; an engineer (unlocked with the PIN) may also change things. */
export type Role = 'viewer' | 'engineer';

/**
 * Why a tablet has its role: 'no-token' (connected without one), 'token' (a valid token), 'token-unknown'
 * (not issued by this bridge run: log in again), 'token-expired', 'logout'.
 */
export type RoleReason = 'no-token' | 'token' | 'token-unknown' | 'token-expired' | 'logout';

/** Gathered here for tablets: each type lives with the module that makes it. */
export type { WireJournalEntry };

export interface WriteFailure {
  param: string;
  label: string;
  code: string;
  message: string;
}

export type { BackupStatus };

export type {
  SoundcheckMode,
  SoundcheckRestartReason,
  SoundcheckOutcome,
  SoundcheckEndReason,
  SoundcheckProgress,
  SoundcheckResult,
  SoundcheckChannelState,
  SoundcheckState,
};
