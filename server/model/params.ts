/**
 * Parameter identifiers: one string per writable value, independent of the console's own addressing.
 * Adapters translate these into OSC addresses or MIDI messages.
 *
 *   ch.<n>.preampGainDb   ch.<n>.trimDb   ch.<n>.phantom   ch.<n>.faderDb   ch.<n>.on
 *   ch.<n>.eq.<band>.gainDb   ch.<n>.dynThresholdDb   ch.<n>.dynMakeupDb   ch.<n>.gateThresholdDb
 *   ch.<n>.send.<bus>.levelDb   bus.<n>.faderDb   mtx.<n>.faderDb   main.faderDb
 */
import { channelAt, type ChannelState, type ConsoleSnapshot } from './stages';

export type ChannelScalarParam =
  | 'preampGainDb' | 'trimDb' | 'phantom' | 'faderDb' | 'on'
  | 'dynThresholdDb' | 'dynMakeupDb' | 'gateThresholdDb';

export type ParamRef =
  | { scope: 'channel'; channel: number; param: ChannelScalarParam }
  | { scope: 'channel-eq'; channel: number; band: number }
  | { scope: 'channel-send'; channel: number; bus: number }
  | { scope: 'bus'; bus: number }
  | { scope: 'matrix'; matrix: number }
  | { scope: 'main' };

export type ParamId = string;

const CHANNEL_SCALARS: ReadonlySet<string> = new Set<ChannelScalarParam>([
  'preampGainDb', 'trimDb', 'phantom', 'faderDb', 'on', 'dynThresholdDb', 'dynMakeupDb', 'gateThresholdDb',
]);

/** How a channel parameter is named for an engineer and in the write journal ("Ch 3 Kick trim"). */
export const CHANNEL_PARAM_WORDS: Readonly<Record<ChannelScalarParam, string>> = {
  preampGainDb: 'preamp gain',
  trimDb: 'trim',
  phantom: '48V',
  faderDb: 'fader',
  on: 'on',
  dynThresholdDb: 'compressor threshold',
  dynMakeupDb: 'compressor makeup',
  gateThresholdDb: 'gate threshold',
};

export function formatParamId(ref: ParamRef): ParamId {
  switch (ref.scope) {
    case 'channel': return `ch.${ref.channel}.${ref.param}`;
    case 'channel-eq': return `ch.${ref.channel}.eq.${ref.band}.gainDb`;
    case 'channel-send': return `ch.${ref.channel}.send.${ref.bus}.levelDb`;
    case 'bus': return `bus.${ref.bus}.faderDb`;
    case 'matrix': return `mtx.${ref.matrix}.faderDb`;
    case 'main': return 'main.faderDb';
  }
}

const POSITIVE_INT = /^[1-9]\d{0,2}$/;

/**
 * Ids parsed lately, with their (frozen) parse: the engine parses the same few hundred ids many times per
 * evaluation. Cleared when it reaches PARSED_KEPT, so ids off the wire cannot grow it without bound.
 */
const parsed = new Map<string, ParamRef | null>();
const PARSED_KEPT = 4096;

/** Parses a parameter id; returns null for anything that is not one (never throws: ids come off the wire). */
export function parseParamId(id: string): ParamRef | null {
  const known = parsed.get(id);
  if (known !== undefined) return known;
  const ref = parseFresh(id);
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  parsed.set(id, ref === null ? null : Object.freeze(ref));
  return ref;
}

function parseFresh(id: string): ParamRef | null {
  const parts = id.split('.');
  const n = (s: string | undefined): number | null => (s !== undefined && POSITIVE_INT.test(s) ? Number(s) : null);
  if (parts[0] === 'main' && parts.length === 2 && parts[1] === 'faderDb') return { scope: 'main' };
  if ((parts[0] === 'bus' || parts[0] === 'mtx') && parts.length === 3 && parts[2] === 'faderDb') {
    const index = n(parts[1]);
    if (index === null) return null;
    return parts[0] === 'bus' ? { scope: 'bus', bus: index } : { scope: 'matrix', matrix: index };
  }
  if (parts[0] !== 'ch') return null;
  const channel = n(parts[1]);
  if (channel === null) return null;
  if (parts.length === 3 && CHANNEL_SCALARS.has(parts[2]!)) {
    return { scope: 'channel', channel, param: parts[2] as ChannelScalarParam };
  }
  if (parts.length === 5 && parts[2] === 'eq' && parts[4] === 'gainDb') {
    const band = n(parts[3]);
    return band === null ? null : { scope: 'channel-eq', channel, band };
  }
  if (parts.length === 5 && parts[2] === 'send' && parts[4] === 'levelDb') {
    const bus = n(parts[3]);
    return bus === null ? null : { scope: 'channel-send', channel, bus };
  }
  return null;
}

/** Value of a parameter in a snapshot: dB, or 0/1 for switches; undefined when absent. */
export function readParam(snapshot: ConsoleSnapshot, id: ParamId): number | undefined {
  const ref = parseParamId(id);
  if (!ref) return undefined;
  switch (ref.scope) {
    case 'main': return snapshot.main.faderDb;
    case 'bus': return snapshot.buses.find((b) => b.index === ref.bus)?.faderDb;
    case 'matrix': return snapshot.matrices.find((m) => m.index === ref.matrix)?.faderDb;
    default: {
      const ch = channelAt(snapshot.channels, ref.channel);
      return ch ? readChannelParam(ch, ref) : undefined;
    }
  }
}

function readChannelParam(ch: ChannelState, ref: ParamRef): number | undefined {
  if (ref.scope === 'channel-eq') return ch.eqBands[ref.band - 1]?.gainDb;
  if (ref.scope === 'channel-send') return ch.sends.find((s) => s.bus === ref.bus)?.levelDb;
  if (ref.scope !== 'channel') return undefined;
  const value = ch[ref.param];
  if (value === null) return undefined;
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/**
 * Returns a copy of the snapshot with one parameter set. Used by consoles to keep their snapshot and by
 * tests; unknown ids return the snapshot unchanged.
 */
export function writeParam(snapshot: ConsoleSnapshot, id: ParamId, value: number): ConsoleSnapshot {
  const ref = parseParamId(id);
  if (!ref) return snapshot;
  switch (ref.scope) {
    case 'main': return { ...snapshot, main: { ...snapshot.main, faderDb: value } };
    case 'bus':
      return { ...snapshot, buses: snapshot.buses.map((b) => (b.index === ref.bus ? { ...b, faderDb: value } : b)) };
    case 'matrix':
      return {
        ...snapshot,
        matrices: snapshot.matrices.map((m) => (m.index === ref.matrix ? { ...m, faderDb: value } : m)),
      };
    default:
      return {
        ...snapshot,
        channels: snapshot.channels.map((ch) => (ch.index === ref.channel ? writeChannelParam(ch, ref, value) : ch)),
      };
  }
}

function writeChannelParam(ch: ChannelState, ref: ParamRef, value: number): ChannelState {
  if (ref.scope === 'channel-eq') {
    return { ...ch, eqBands: ch.eqBands.map((b, i) => (i === ref.band - 1 ? { ...b, gainDb: value } : b)) };
  }
  if (ref.scope === 'channel-send') {
    return { ...ch, sends: ch.sends.map((s) => (s.bus === ref.bus ? { ...s, levelDb: value } : s)) };
  }
  if (ref.scope !== 'channel') return ch;
  if (ref.param === 'phantom' || ref.param === 'on') return { ...ch, [ref.param]: value >= 0.5 };
  return { ...ch, [ref.param]: value };
}

/** Range and grid of a writable parameter, as the console defines it. */
export interface ParamSpec {
  id: ParamId;
  /** Human label, e.g. "Ch 3 Kick trim". */
  label: string;
  unit: 'dB' | 'switch';
  min: number;
  max: number;
  /** Smallest change the console can represent near the value (dB), for switches 1. */
  stepDb: number;
  /** Snaps a requested value onto the console's grid (after clamping). */
  quantise(value: number): number;
}
