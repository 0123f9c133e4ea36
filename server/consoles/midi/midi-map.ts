/**
 * A MIDI mapping file turned into lookup tables: every bound parameter with its message and law, the
 * reverse lookup from incoming messages to parameters, the state request and the meters. Loading checks
 * everything a desk could trip over later (unknown parameter ids, a law that does not fit the message
 * width, two parameters on one message) and says which file and field is wrong.
 */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root';
import type { ParamId, ParamRef } from '../../model/params';
import type { BytePattern } from './byte-pattern';
import { CC_DATA_INCREMENT, CC_NRPN_LSB, CC_NRPN_MSB, MAX_14BIT, nrpnMessages, type MidiMessage } from './midi-message';
import { compileLaw, type RawLaw } from './midi-law';
import { midiMapSchema, type MidiGetSpec, type MidiMapJson, type MidiMessageSpec } from './midi-map-schema';
import { fillSysex, sysexKey, valuePosition, type SysexToken } from './sysex-template';
import { compileNames, type ChannelNames } from './channel-names';
import { invalidField, parseMapJson, readMapSource, type FieldPath } from '../mapped/map-file';
import type { NrpnEvent } from './nrpn-assembler';
import { expandBinding, indexedValue } from '../mapped/param-template';

/** Where the shipped maps live (maps/qu.json, sq.json, dlive.json, avantis.json, mackie.json, cc.json). */
export const SHIPPED_MIDI_MAPS_DIR = join(PACKAGE_ROOT, 'server', 'consoles', 'midi', 'maps');

/** One parameter's message with the strip filled in; channels are 0..15. */
export type BoundMessage =
  | { type: 'nrpn'; channel: number; parameter: number; value: 'msb' | 'msb-lsb'; dataLsb: number | null }
  | { type: 'cc'; channel: number; controller: number }
  | { type: 'pitch-bend'; channel: number }
  | { type: 'pitch-bend-index'; channel: number; index: number }
  | { type: 'sysex'; channel: number; index: number; send: readonly SysexToken[]; reply: readonly SysexToken[] }
  | { type: 'note'; channel: number; note: number; release: boolean };

export interface MidiBinding {
  param: ParamId;
  ref: ParamRef;
  message: BoundMessage;
  law: RawLaw;
  writable: boolean;
  /** What asks the desk for the value (sent at connect and after a write); null when nothing can. */
  get: MidiMessage[] | null;
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
  names: ChannelNames | null;
  meters: MackieMeters | null;
  bindings: readonly MidiBinding[];
  byParam: ReadonlyMap<ParamId, MidiBinding>;
  /** Incoming-message lookup; see bindingForMessage and bindingForNrpn. */
  byKey: ReadonlyMap<string, MidiBinding>;
  /** Length and value position of every SysEx shape the bindings receive, to key incoming SysEx. */
  sysexShapes: readonly { length: number; valueAt: number }[];
}

/**
 * Loads a shipped map by name ("qu", "sq", "dlive", "avantis", "mackie", "cc") or a map file by path.
 * Rejects with MapError.
 */
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
  const shapes = new Map<string, { length: number; valueAt: number }>();
  for (const [i, spec] of json.params.entries()) {
    const path: FieldPath = ['params', i];
    const law = compileLaw(spec.law, rawMaxOf(spec.message));
    if (typeof law === 'string') throw invalidField(file, [...path, 'law'], law);
    for (const { param, ref, position } of expandBinding(file, path, spec, law.unit, (id) => byParam.has(id))) {
      const message = boundMessage(spec.message, position);
      if (typeof message === 'string') throw invalidField(file, [...path, 'message'], `${param}: ${message}`);
      const get = spec.get ? getMessages(spec.get, message, position) : null;
      if (typeof get === 'string') throw invalidField(file, [...path, 'get'], `${param}: ${get}`);
      const binding: MidiBinding = { param, ref, message, law, writable: spec.writable, get };
      if (message.type === 'sysex') {
        const valueAt = valuePosition(message.reply);
        shapes.set(`${message.reply.length}/${valueAt}`, { length: message.reply.length, valueAt });
      }
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
    names: compileNamesOf(json, file),
    meters: compileMeters(json.meters, file),
    bindings,
    byParam,
    byKey,
    sysexShapes: [...shapes.values()],
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
      // An LSB past 127 carries into the MSB: the A&H tables number sends straight across that boundary.
      const parameter = msb * 128 + lsb;
      if (!isByte7(msb) || lsb < 0 || parameter > 0x3fff) return `NRPN parameter ${msb}/${lsb} is outside 0..16383`;
      if (spec.value === 'msb-lsb' && spec.dataLsb !== undefined) return 'dataLsb only goes with "value": "msb"';
      return { type: 'nrpn', channel, parameter, value: spec.value, dataLsb: spec.dataLsb ?? null };
    }
    case 'cc': {
      const controller = indexedValue(spec.controller, position);
      if (!isByte7(controller)) return `controller ${controller} is outside 0..127`;
      if (RESERVED_CCS.has(controller)) return `CC ${controller} carries NRPN/RPN data and cannot be bound as a plain CC`;
      return { type: 'cc', channel, controller };
    }
    case 'pitch-bend':
      return { type: 'pitch-bend', channel };
    case 'pitch-bend-index': {
      const index = indexedValue(spec.index, position);
      return isByte7(index) ? { type: 'pitch-bend-index', channel, index } : `index ${index} is outside 0..127`;
    }
    case 'sysex': {
      const index = indexedValue(spec.index, position);
      if (!isByte7(index)) return `index ${index} is outside 0..127`;
      const reply = spec.reply ?? spec.send;
      if (valuePosition(spec.send) < 0 || valuePosition(reply) < 0) return 'a SysEx parameter needs a vv slot in send and reply';
      return { type: 'sysex', channel, index, send: spec.send, reply };
    }
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
    case 'pitch-bend-index':
      return `pitch/${message.channel}/${message.index}`;
    case 'sysex':
      return sysexKey(fillSysex(message.reply, { channel: message.channel, index: message.index, value: null }));
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
      if (binding) return { binding, raw: message.value };
      // dLive preamp gain: "EN, MP, GV" puts the socket in the low data byte and the gain in the high one.
      const indexed = map.byKey.get(`pitch/${message.channel}/${message.value & 0x7f}`);
      return indexed ? { binding: indexed, raw: message.value >> 7 } : null;
    }
    case 'sysex':
      return bindingForSysex(map, message.bytes);
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
    case 'pitch-bend-index':
      return [{ type: 'pitch-bend', channel: message.channel, value: ((raw & 0x7f) << 7) | message.index }];
    case 'sysex':
      return [{ type: 'sysex', bytes: completeSysex(fillSysex(message.send, { channel: message.channel, index: message.index, value: raw })) }];
    case 'note': {
      const press: MidiMessage = { type: 'note-on', channel: message.channel, note: message.note, velocity: raw };
      return message.release ? [press, { type: 'note-on', channel: message.channel, note: message.note, velocity: 0 }] : [press];
    }
  }
}

function bindingForSysex(map: MidiMap, bytes: readonly number[]): BoundReading | null {
  for (const shape of map.sysexShapes) {
    if (bytes.length !== shape.length) continue;
    const keyed = bytes.map((byte, i) => (i === shape.valueAt ? null : byte));
    const binding = map.byKey.get(sysexKey(keyed));
    if (binding) return { binding, raw: bytes[shape.valueAt] ?? 0 };
  }
  return null;
}

/** A filled template has no empty slot left once its value is given. */
function completeSysex(bytes: readonly (number | null)[]): number[] {
  return bytes.map((byte) => byte ?? 0);
}

/** The request for a binding's value, for the message that carries it. */
function getMessages(spec: MidiGetSpec, message: BoundMessage, position: number): MidiMessage[] | string {
  switch (spec.type) {
    case 'nrpn-get':
      if (message.type !== 'nrpn') return '"nrpn-get" asks for an NRPN parameter; this one is carried by another message';
      // SQ MIDI Protocol Issue 3, 3.7 Getting values: BN 63 MB, BN 62 LB, BN 60 7F.
      return [
        { type: 'cc', channel: message.channel, controller: CC_NRPN_MSB, value: message.parameter >> 7 },
        { type: 'cc', channel: message.channel, controller: CC_NRPN_LSB, value: message.parameter & 0x7f },
        { type: 'cc', channel: message.channel, controller: CC_DATA_INCREMENT, value: 0x7f },
      ];
    case 'sysex': {
      const channel = indexedValue(spec.midiChannel, position) - 1;
      const index = indexedValue(spec.index, position);
      if (channel < 0 || channel > 15 || !isByte7(index)) return `get: MIDI channel ${channel + 1} or index ${index} out of range`;
      if (valuePosition(spec.template) >= 0) return 'a get request has no value slot (vv)';
      return [{ type: 'sysex', bytes: completeSysex(fillSysex(spec.template, { channel, index, value: null })) }];
    }
  }
}

function compileNamesOf(json: MidiMapJson, file: string): ChannelNames | null {
  if (!json.names) return null;
  const names = compileNames(json.names, json.channels);
  if (typeof names === 'string') throw invalidField(file, ['names', 'index'], names);
  return names;
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
