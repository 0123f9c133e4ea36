/**
 * The bridge's messages as the tablet reads them. JSON has no -Infinity, so on the wire silence and
 * faders fully down are `null`; here they become -Infinity again so the rest of the UI works with numbers.
 * Anything that is not a message we know is refused (null) rather than trusted: the caller counts it.
 */
import type { ServerMessage, SoundcheckResult, SoundcheckState, WireLevel, WireMeterFrame, WireSnapshot } from '../../../server/hub/protocol';
import type { Suggestion } from '../../../server/engine/suggestion';
import type { ChannelState, ConsoleSnapshot } from '../../../server/model/stages';
import { toDb } from './decibel-format';

/** A meter frame with numbers only: levels dBFS, gain reduction positive dB, -Infinity for silence. */
export interface MeterFrameView {
  atMs: number;
  channelInputDbfs: number[];
  channelGateGrDb: number[];
  channelDynGrDb: number[];
  channelPostFaderDbfs: number[];
  busDbfs: number[];
  matrixDbfs: number[];
  mainDbfs: number[];
}

function levels(wire: readonly WireLevel[] | undefined): number[] {
  return Array.isArray(wire) ? wire.map((level) => toDb(level)) : [];
}

export function meterFrameFromWire(frame: WireMeterFrame): MeterFrameView {
  return {
    atMs: frame.atMs,
    channelInputDbfs: levels(frame.channelInputDbfs),
    channelGateGrDb: levels(frame.channelGateGrDb).map((gr) => Math.max(0, gr)),
    channelDynGrDb: levels(frame.channelDynGrDb).map((gr) => Math.max(0, gr)),
    channelPostFaderDbfs: levels(frame.channelPostFaderDbfs),
    busDbfs: levels(frame.busDbfs),
    matrixDbfs: levels(frame.matrixDbfs),
    mainDbfs: levels(frame.mainDbfs),
  };
}

/** A channel with its null fader and send levels turned back into -Infinity. */
export function channelFromWire(ch: ChannelState): ChannelState {
  return { ...ch, faderDb: toDb(ch.faderDb), sends: ch.sends.map((send) => ({ ...send, levelDb: toDb(send.levelDb) })) };
}

/**
 * The snapshot with null faders and send levels turned back into -Infinity. `convertChannel` is
 * channelFromWire, or one that remembers channels it converted (live-state.svelte.ts).
 */
export function snapshotFromWire(wire: WireSnapshot, convertChannel: (ch: ChannelState) => ChannelState): ConsoleSnapshot {
  return {
    ...wire,
    channels: wire.channels.map(convertChannel),
    buses: wire.buses.map((bus) => ({ ...bus, faderDb: toDb(bus.faderDb) })),
    matrices: wire.matrices.map((mtx) => ({ ...mtx, faderDb: toDb(mtx.faderDb) })),
    main: { ...wire.main, faderDb: toDb(wire.main.faderDb) },
  };
}

/** A suggestion with null figures (silence on the wire) turned back into -Infinity. */
export function suggestionFromWire(wire: Suggestion): Suggestion {
  const change = (c: Suggestion['change']) =>
    c && { ...c, currentValue: toDb(c.currentValue), proposedValue: toDb(c.proposedValue), deltaDb: toDb(c.deltaDb) };
  const evidence: Suggestion['evidence'] = { windowMs: wire.evidence.windowMs };
  for (const [key, value] of Object.entries(wire.evidence)) {
    if (key !== 'windowMs') evidence[key] = value === undefined ? undefined : toDb(value);
  }
  const contributors = wire.contributors?.map((c) => ({ ...c, levelDbfs: toDb(c.levelDbfs) }));
  return {
    ...wire,
    change: change(wire.change),
    compensation: wire.compensation.map((c) => change(c)!),
    evidence,
    ...(contributors === undefined ? {} : { contributors }),
  };
}

/** A soundcheck result with its suggestion's null figures turned back into -Infinity. */
export function soundcheckResultFromWire(wire: SoundcheckResult): SoundcheckResult {
  return { ...wire, suggestion: wire.suggestion === null ? null : suggestionFromWire(wire.suggestion) };
}

export function soundcheckStateFromWire(wire: SoundcheckState): SoundcheckState {
  return { ...wire, channels: wire.channels.map((c) => ({ ...c, result: c.result === null ? null : soundcheckResultFromWire(c.result) })) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isArray = Array.isArray;

/**
 * One message from the bridge as read: a message this tablet handles, one it does not handle (a newer
 * bridge, or a view that is not built yet: ignored, not an error), or something malformed.
 */
export type ReadMessage =
  | { kind: 'message'; message: ServerMessage }
  | { kind: 'unhandled'; type: string }
  | { kind: 'malformed' };

/** Reads one text message from the bridge; shapes are checked as far as the UI relies on them. */
export function readServerMessage(text: string): ReadMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'malformed' };
  }
  if (!isRecord(raw) || typeof raw.type !== 'string') return { kind: 'malformed' };
  const message = checkedMessage(raw, raw.type);
  if (message === undefined) return { kind: 'unhandled', type: raw.type };
  return message === null ? { kind: 'malformed' } : { kind: 'message', message };
}

/** The message if its shape is right, null if it is not, undefined for a type this tablet does not handle. */
function checkedMessage(raw: Record<string, unknown>, type: string): ServerMessage | null | undefined {
  switch (type) {
    case 'hello':
      return typeof raw.clientId === 'string' && typeof raw.readOnly === 'boolean' ? (raw as ServerMessage) : null;
    case 'status':
      return isRecord(raw.status) && isRecord(raw.status.console) ? (raw as ServerMessage) : null;
    case 'snapshot':
      return typeof raw.version === 'number' && isRecord(raw.snapshot) && isArray(raw.snapshot.channels) && isArray(raw.snapshot.buses) &&
        isArray(raw.snapshot.matrices) && isArray(raw.snapshot.outputs) && isRecord(raw.snapshot.main)
        ? (raw as ServerMessage)
        : null;
    case 'delta':
      return typeof raw.version === 'number' && isArray(raw.changes) && raw.changes.every((c) => isRecord(c) && typeof c.path === 'string')
        ? (raw as ServerMessage)
        : null;
    case 'meter-layout':
      return isRecord(raw.layout) && typeof raw.layout.id === 'number' && isArray(raw.layout.segments) ? (raw as ServerMessage) : null;
    case 'meters':
      return isRecord(raw.frame) && isArray(raw.frame.channelInputDbfs) ? (raw as ServerMessage) : null;
    case 'suggestions':
      return typeof raw.version === 'number' && isArray(raw.suggestions) && raw.suggestions.every(isSuggestionShaped) ? (raw as ServerMessage) : null;
    case 'suggestions-diff':
      return typeof raw.version === 'number' && isArray(raw.added) && raw.added.every(isSuggestionShaped) && isArray(raw.changed) &&
        raw.changed.every((c) => isRecord(c) && typeof c.id === 'string') && isArray(raw.removed) && raw.removed.every((id) => typeof id === 'string')
        ? (raw as ServerMessage)
        : null;
    case 'suggestion':
      return raw.suggestion === null || isSuggestionShaped(raw.suggestion) ? (raw as ServerMessage) : null;
    case 'applied':
      return typeof raw.param === 'string' ? (raw as ServerMessage) : null;
    case 'confirm-needed':
      return typeof raw.suggestionId === 'string' && typeof raw.message === 'string' ? (raw as ServerMessage) : null;
    case 'apply-changed':
      return typeof raw.suggestionId === 'string' && typeof raw.message === 'string' && isArray(raw.changes) && isSuggestionShaped(raw.suggestion)
        ? (raw as ServerMessage)
        : null;
    case 'apply-resolved':
      return typeof raw.suggestionId === 'string' && typeof raw.message === 'string' ? (raw as ServerMessage) : null;
    case 'error':
      return typeof raw.code === 'string' && typeof raw.message === 'string' ? (raw as ServerMessage) : null;
    case 'role':
      return (raw.role === 'viewer' || raw.role === 'engineer') && typeof raw.reason === 'string' && typeof raw.message === 'string'
        ? (raw as ServerMessage)
        : null;
    case 'accepted':
      return typeof raw.message === 'string' ? (raw as ServerMessage) : null;
    case 'soundcheck':
      return isSoundcheckState(raw.state) ? (raw as ServerMessage) : null;
    case 'soundcheck-progress':
      return isRecord(raw.progress) && typeof raw.progress.soundcheckId === 'string' && typeof raw.progress.channel === 'number' &&
        typeof raw.progress.activeMs === 'number' && typeof raw.progress.windowMs === 'number'
        ? (raw as ServerMessage)
        : null;
    case 'soundcheck-restarted':
      return typeof raw.soundcheckId === 'string' && typeof raw.channel === 'number' && typeof raw.message === 'string' ? (raw as ServerMessage) : null;
    case 'soundcheck-result':
      return isSoundcheckResult(raw.result) ? (raw as ServerMessage) : null;
    case 'soundcheck-ended':
      return typeof raw.soundcheckId === 'string' && typeof raw.reason === 'string' && typeof raw.message === 'string' ? (raw as ServerMessage) : null;
    case 'journal':
      return isArray(raw.entries) && raw.entries.every(isJournalEntry) && typeof raw.total === 'number' ? (raw as ServerMessage) : null;
    case 'journal-entry':
      return isJournalEntry(raw.entry) ? (raw as ServerMessage) : null;
    case 'backup':
      return isRecord(raw.backup) && typeof raw.backup.valueCount === 'number' ? (raw as ServerMessage) : null;
    case 'write-result':
      return typeof raw.action === 'string' && isArray(raw.entries) && raw.entries.every(isJournalEntry) && isArray(raw.failures) &&
        typeof raw.message === 'string'
        ? (raw as ServerMessage)
        : null;
    case 'needs-confirmation':
      return typeof raw.action === 'string' && typeof raw.message === 'string' && isRecord(raw.resend) && raw.resend.type === raw.action
        ? (raw as ServerMessage)
        : null;
    case 'venues':
      return isRecord(raw.venues) && isArray(raw.venues.profiles) && isArray(raw.venues.invalid) && isRecord(raw.venues.active)
        ? (raw as ServerMessage)
        : null;
    case 'venue-preview':
      return isRecord(raw.preview) && typeof raw.preview.id === 'string' && isArray(raw.preview.diff) && isArray(raw.preview.drift)
        ? (raw as ServerMessage)
        : null;
    case 'venue-saved':
      return isRecord(raw.summary) && typeof raw.summary.id === 'string' ? (raw as ServerMessage) : null;
    case 'venue-recalled':
      return typeof raw.id === 'string' && typeof raw.applied === 'number' && isArray(raw.failed) ? (raw as ServerMessage) : null;
    case 'stage-box':
      return typeof raw.desk === 'string' && isRecord(raw.stageBox) && isArray(raw.stageBox.desks) && isArray(raw.stageBox.pairs) &&
        isArray(raw.stageBox.preamps) && raw.stageBox.preamps.every((p) => isRecord(p) && typeof p.input === 'number' && isArray(p.members)) &&
        isArray(raw.stageBox.changes) && isArray(raw.stageBox.warnings)
        ? (raw as ServerMessage)
        : null;
    default:
      return undefined;
  }
}

function isJournalEntry(value: unknown): boolean {
  return isRecord(value) && typeof value.seq === 'number' && typeof value.param === 'string' && typeof value.label === 'string' &&
    typeof value.atIso === 'string' && typeof value.origin === 'string';
}

function isSoundcheckResult(value: unknown): boolean {
  return isRecord(value) && typeof value.soundcheckId === 'string' && typeof value.channel === 'number' && typeof value.outcome === 'string' &&
    typeof value.message === 'string' && (value.suggestion === null || isSuggestionShaped(value.suggestion));
}

function isSoundcheckState(value: unknown): boolean {
  return isRecord(value) && typeof value.soundcheckId === 'string' && typeof value.running === 'boolean' && isArray(value.channels) &&
    value.channels.every((c) => isRecord(c) && typeof c.channel === 'number' && typeof c.status === 'string' && (c.result === null || isSoundcheckResult(c.result)));
}

function isSuggestionShaped(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.label === 'string' &&
    typeof value.severity === 'string' &&
    isRecord(value.target) &&
    isRecord(value.evidence) &&
    isArray(value.compensation)
  );
}
