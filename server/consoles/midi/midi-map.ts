/**
 * A MIDI mapping file turned into lookup tables: every bound parameter with its message and law, the
 * reverse lookup from incoming messages to parameters, the state request and the meters. Loading checks
 * everything a desk could trip over later (unknown parameter ids, a law that does not fit the message
 * width, two parameters on one message) and says which file and field is wrong.
 */
import { fileURLToPath } from 'node:url';
import type { ParamId, ParamRef } from '../../model/params';
import type { BytePattern } from './byte-pattern';
import { MAX_14BIT, nrpnMessages, type MidiMessage } from './midi-message';
import { compileLaw, type RawLaw } from './midi-law';
import { midiMapSchema, type MidiMapJson, type MidiMessageSpec } from './midi-map-schema';
import { invalidField, parseMapJson, readMapSource, type FieldPath } from '../mapped/map-file';
import type { NrpnEvent } from './nrpn-assembler';
import { expandBinding, indexedValue } from '../mapped/param-template';

/** Where the shipped maps live (maps/qu.json, maps/mackie.json, maps/cc.json). */
export const SHIPPED_MIDI_MAPS_DIR = fileURLToPath(new URL('./maps/', import.meta.url));

/** One parameter's message with the strip filled in; channels are 0..15. */
export type BoundMessage =
  | { type: 'nrpn'; channel: number; parameter: number; value: 'msb' | 'msb-lsb'; dataLsb: number | null }
  | { type: 'cc'; channel: number; controller: number }
  | { type: 'pitch-bend'; channel: number }
  | { type: 'note'; channel: number; note: number; release: boolean };

export interface MidiBinding {
  param: ParamId;
  ref: ParamRef;
  message: BoundMessage;
  law: RawLaw;
  writable: boolean;
}

export interface MackieMeters {
  /** 0..15. */
  channel: number;
  strips: number;
  firstChannel: number;
  point: 'channelInput' | 'channelPostFader';
  /** dBFS per level code; -Infinity below the lowest segment. */
  levelsDbfs: readonly number[];
}

export interface StateRequest {
  send: number[];
  resendOn: readonly BytePattern[];
  identityReply: {
    match: BytePattern;
    modelByte: number;
    firmwareBytes: readonly number[];
    models: ReadonlyMap<number, { name: string; channels: number }>;
  } | null;
  endReply: BytePattern | null;
}

export interface MidiMap {
  file: string;
  name: string;
  model: string;
  description: string;
  notes: readonly string[];
  channels: number;
  confirm: 'echo' | 'sent';
  tcp: { port: number; silenceTimeoutMs: number | null } | null;
  stateRequest: StateRequest | null;
  meters: MackieMeters | null;
  bindings: readonly MidiBinding[];
  byParam: ReadonlyMap<ParamId, MidiBinding>;
  /** Incoming-message lookup; see bindingForMessage and bindingForNrpn. */
  byKey: ReadonlyMap<string, MidiBinding>;
}

/** Loads a shipped map by name ("qu", "mackie", "cc") or a map file by path. Rejects with MapError. */
export async function loadMidiMap(nameOrPath: string): Promise<MidiMap> {
  const { file, raw } = await readMapSource(nameOrPath, SHIPPED_MIDI_MAPS_DIR);
  return compileMidiMap(raw, file);
}

/** Validates and compiles a map's JSON; `file` names it in errors. Throws MapError('invalid-map'). */
export function compileMidiMap(raw: unknown, file: string): MidiMap {
  const json = parseMapJson(midiMapSchema, raw, file);
  const bindings: MidiBinding[] = [];
  const byParam = new Map<ParamId, MidiBinding>();
  const byKey = new Map<string, MidiBinding>();
  for (const [i, spec] of json.params.entries()) {
    const path: FieldPath = ['params', i];
    const law = compileLaw(spec.law, rawMaxOf(spec.message));
    if (typeof law === 'string') throw invalidField(file, [...path, 'law'], law);
    for (const { param, ref, position } of expandBinding(file, path, spec, law.unit, (id) => byParam.has(id))) {
      const message = boundMessage(spec.message, position);
      if (typeof message === 'string') throw invalidField(file, [...path, 'message'], `${param}: ${message}`);
      const binding: MidiBinding = { param, ref, message, law, writable: spec.writable };
      const key = messageKey(message);
      const clash = byKey.get(key);
      if (clash) throw invalidField(file, [...path, 'message'], `${param} and ${clash.param} are carried by the same message`);
      byKey.set(key, binding);
      byParam.set(param, binding);
      bindings.push(binding);
    }
  }
  return {
    file,
    name: json.name,
    model: json.model,
    description: json.description,
    notes: json.notes,
    channels: json.channels,
    confirm: json.confirm,
    tcp: json.tcp,
    stateRequest: compileStateRequest(json.stateRequest),
    meters: compileMeters(json.meters, file),
    bindings,
    byParam,
    byKey,
  };
}

/** Controllers that carry NRPN and RPN selection and data: a map cannot bind them as plain CCs. */
const RESERVED_CCS = new Set([6, 38, 98, 99, 100, 101]);

function boundMessage(spec: MidiMessageSpec, position: number): BoundMessage | string {
  const channel = indexedValue(spec.midiChannel, position) - 1;
  if (channel < 0 || channel > 15) return `MIDI channel ${channel + 1} is outside 1..16`;
  switch (spec.type) {
    case 'nrpn': {
      const msb = indexedValue(spec.parameterMsb, position);
      const lsb = indexedValue(spec.parameterLsb, position);
      if (!isByte7(msb) || !isByte7(lsb)) return `NRPN parameter ${msb}/${lsb} is outside 0..127`;
      if (spec.value === 'msb-lsb' && spec.dataLsb !== undefined) return 'dataLsb only goes with "value": "msb"';
      return { type: 'nrpn', channel, parameter: (msb << 7) | lsb, value: spec.value, dataLsb: spec.dataLsb ?? null };
    }
    case 'cc': {
      const controller = indexedValue(spec.controller, position);
      if (!isByte7(controller)) return `controller ${controller} is outside 0..127`;
      if (RESERVED_CCS.has(controller)) return `CC ${controller} carries NRPN/RPN data and cannot be bound as a plain CC`;
      return { type: 'cc', channel, controller };
    }
    case 'pitch-bend':
      return { type: 'pitch-bend', channel };
    case 'note': {
      const note = indexedValue(spec.note, position);
      if (!isByte7(note)) return `note ${note} is outside 0..127`;
      return { type: 'note', channel, note, release: spec.release };
    }
  }
}

function isByte7(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 127;
}

function rawMaxOf(message: MidiMessageSpec): number {
  return message.type === 'pitch-bend' || (message.type === 'nrpn' && message.value === 'msb-lsb') ? MAX_14BIT : 127;
}

function messageKey(message: BoundMessage): string {
  switch (message.type) {
    case 'nrpn':
      return message.value === 'msb-lsb'
        ? nrpnKey(message.channel, message.parameter, 'msb-lsb')
        : nrpnKey(message.channel, message.parameter, message.dataLsb);
    case 'cc':
      return `cc/${message.channel}/${message.controller}`;
    case 'pitch-bend':
      return `pitch/${message.channel}`;
    case 'note':
      return `note/${message.channel}/${message.note}`;
  }
}

function nrpnKey(channel: number, parameter: number, form: number | null | 'msb-lsb'): string {
  return `nrpn/${channel}/${parameter}/${form ?? 'msb'}`;
}

/** A value an incoming message carries for a bound parameter. */
export interface BoundReading {
  binding: MidiBinding;
  raw: number;
}

/** The binding an NRPN event belongs to, with its raw value; null when the map has none. */
export function bindingForNrpn(map: MidiMap, event: NrpnEvent): BoundReading | null {
  if (event.dataLsb === null) {
    const binding = map.byKey.get(nrpnKey(event.channel, event.parameter, null));
    return binding ? { binding, raw: event.dataMsb } : null;
  }
  const fixed = map.byKey.get(nrpnKey(event.channel, event.parameter, event.dataLsb));
  if (fixed) return { binding: fixed, raw: event.dataMsb };
  const wide = map.byKey.get(nrpnKey(event.channel, event.parameter, 'msb-lsb'));
  return wide ? { binding: wide, raw: (event.dataMsb << 7) | event.dataLsb } : null;
}

/**
 * The binding a plain CC, pitch bend or note message belongs to. Null when the map has none, and for the
 * velocity-0 half of a press/release note pair (it carries no value).
 */
export function bindingForMessage(map: MidiMap, message: MidiMessage): BoundReading | null {
  switch (message.type) {
    case 'cc': {
      const binding = map.byKey.get(`cc/${message.channel}/${message.controller}`);
      return binding ? { binding, raw: message.value } : null;
    }
    case 'pitch-bend': {
      const binding = map.byKey.get(`pitch/${message.channel}`);
      return binding ? { binding, raw: message.value } : null;
    }
    case 'note-on':
    case 'note-off': {
      const binding = map.byKey.get(`note/${message.channel}/${message.note}`);
      if (!binding || binding.message.type !== 'note') return null;
      const velocity = message.type === 'note-off' ? 0 : message.velocity;
      if (velocity === 0 && binding.message.release) return null;
      return { binding, raw: velocity };
    }
    default:
      return null;
  }
}

/** The messages that set a binding to a raw value. */
export function messagesFor(binding: MidiBinding, raw: number): MidiMessage[] {
  const { message } = binding;
  switch (message.type) {
    case 'nrpn':
      return message.value === 'msb-lsb'
        ? nrpnMessages(message.channel, message.parameter, raw >> 7, raw & 0x7f)
        : nrpnMessages(message.channel, message.parameter, raw, message.dataLsb);
    case 'cc':
      return [{ type: 'cc', channel: message.channel, controller: message.controller, value: raw }];
    case 'pitch-bend':
      return [{ type: 'pitch-bend', channel: message.channel, value: raw }];
    case 'note': {
      const press: MidiMessage = { type: 'note-on', channel: message.channel, note: message.note, velocity: raw };
      return message.release ? [press, { type: 'note-on', channel: message.channel, note: message.note, velocity: 0 }] : [press];
    }
  }
}

function compileStateRequest(json: MidiMapJson['stateRequest']): StateRequest | null {
  if (!json) return null;
  const reply = json.identityReply;
  return {
    send: json.send.map((byte) => byte ?? 0),
    resendOn: json.resendOn,
    identityReply: reply
      ? {
          match: reply.match,
          modelByte: reply.modelByte,
          firmwareBytes: reply.firmwareBytes,
          models: new Map(Object.entries(reply.models).map(([key, model]) => [Number(key), model])),
        }
      : null,
    endReply: json.endReply ?? null,
  };
}

function compileMeters(json: MidiMapJson['meters'], file: string): MackieMeters | null {
  if (!json) return null;
  const levels = json.levelsDbfs;
  for (let i = 1; i < levels.length; i++) {
    const previous = levels[i - 1] ?? -Infinity;
    const current = levels[i];
    if (current === null || current === undefined || current <= previous) {
      throw invalidField(file, ['meters', 'levelsDbfs', i], 'levels must rise, and only level 0 may be null');
    }
  }
  return {
    channel: json.midiChannel - 1,
    strips: json.strips,
    firstChannel: json.firstChannel,
    point: json.point,
    levelsDbfs: levels.map((level) => level ?? -Infinity),
  };
}
