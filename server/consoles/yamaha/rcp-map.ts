/**
 * Yamaha RCP parameter maps: one JSON file per model family (maps/tf.json, dm3, dm7, cl, ql, rivage) compiled
 * into bindings the mapped-console base understands, plus the RCP address and X/Y of each. Bad maps become
 * MapError naming the file and field, as for the MIDI and OSC maps.
 */
import { join } from 'node:path';
import type { ParamId } from '../../model/params';
import { PACKAGE_ROOT } from '../../package-root';
import { invalidField, parseMapJson, readMapSource, type FieldPath } from '../mapped/map-file';
import type { MappedBinding } from '../mapped/mapped-console';
import type { MeterPoint } from '../mapped/meter-accumulator';
import { expandParam, indexedValue } from '../mapped/param-template';
import { compileMeterScale, compileRcpLaw } from './rcp-law';
import { rcpMapSchema, type RcpIndex } from './rcp-map-schema';

/** From the package root, not this module: built, this module is inside dist/headroom.js. */
export const SHIPPED_RCP_MAPS_DIR = join(PACKAGE_ROOT, 'server', 'consoles', 'yamaha', 'maps');

/** The model families with a shipped map (--model). */
export const RCP_MODELS = ['tf', 'dm3', 'dm7', 'cl', 'ql', 'rivage'] as const;

export interface RcpBinding extends MappedBinding {
  address: string;
  x: number;
  y: number;
}

/** One indexed string the adapter reads (a channel or bus name), 1-based strip. */
export interface RcpNameSlot {
  strip: number;
  address: string;
  x: number;
  y: number;
}

export interface RcpMeter {
  address: string;
  point: MeterPoint;
  dbfs(code: number): number;
}

export interface RcpMap {
  file: string;
  name: string;
  model: string;
  notes: string[];
  channels: number;
  bindings: RcpBinding[];
  channelNames: RcpNameSlot[];
  busNames: RcpNameSlot[];
  meters: RcpMeter[];
}

/** "ADDRESS X Y": how a reply finds its binding. */
export function rcpKey(address: string, x: number, y: number): string {
  return `${address} ${x} ${y}`;
}

export async function loadRcpMap(nameOrPath: string): Promise<RcpMap> {
  const { file, raw } = await readMapSource(nameOrPath, SHIPPED_RCP_MAPS_DIR);
  return compileRcpMap(raw, file);
}

/** Validates and compiles a map's JSON; throws MapError('invalid-map') naming the file and field. */
export function compileRcpMap(raw: unknown, file: string): RcpMap {
  const json = parseMapJson(rcpMapSchema, raw, file);
  const bindings: RcpBinding[] = [];
  const byParam = new Map<ParamId, RcpBinding>();
  const byKey = new Map<string, RcpBinding>();
  for (const [i, spec] of json.params.entries()) {
    const path: FieldPath = ['params', i];
    const law = compileRcpLaw(spec.law);
    if (typeof law === 'string') throw invalidField(file, [...path, 'law'], law);
    const expanded = expandParam(spec.param, spec.each);
    if (typeof expanded === 'string') throw invalidField(file, [...path, 'param'], expanded);
    for (const { param, ref, position } of expanded) {
      if (ref.scope === 'channel-send') throw invalidField(file, [...path, 'param'], `${param}: sends are not supported in mapping files yet`);
      if (byParam.has(param)) throw invalidField(file, [...path, 'param'], `${param} is bound twice`);
      const isSwitch = ref.scope === 'channel' && (ref.param === 'phantom' || ref.param === 'on');
      if ((law.unit === 'switch') !== isSwitch) throw invalidField(file, [...path, 'law'], `${param} needs a ${isSwitch ? 'switch' : 'level'} law`);
      const binding: RcpBinding = { param, ref, law, writable: spec.writable, address: spec.address, ...indices(spec.x, spec.y, position) };
      const key = rcpKey(binding.address, binding.x, binding.y);
      const clash = byKey.get(key);
      if (clash) throw invalidField(file, [...path, 'address'], `${param} and ${clash.param} are the same address ${key}`);
      byKey.set(key, binding);
      byParam.set(param, binding);
      bindings.push(binding);
    }
  }
  const meters = json.meters.map((meter, i): RcpMeter => {
    const dbfs = compileMeterScale(meter.scale);
    if (typeof dbfs === 'string') throw invalidField(file, ['meters', i, 'scale'], dbfs);
    return { address: meter.address, point: meter.point, dbfs };
  });
  return {
    file,
    name: json.name,
    model: json.model,
    notes: json.notes,
    channels: json.channels,
    bindings,
    channelNames: nameSlots(json.channelNames),
    busNames: json.busNames ? nameSlots(json.busNames) : [],
    meters,
  };
}

function indices(x: RcpIndex, y: RcpIndex, position: number): { x: number; y: number } {
  return { x: indexedValue(x, position), y: indexedValue(y, position) };
}

function nameSlots(spec: { address: string; each: { from: number; to: number }; x: RcpIndex; y: RcpIndex }): RcpNameSlot[] {
  const slots: RcpNameSlot[] = [];
  for (let strip = spec.each.from; strip <= spec.each.to; strip++) {
    slots.push({ strip, address: spec.address, ...indices(spec.x, spec.y, strip - spec.each.from) });
  }
  return slots;
}
