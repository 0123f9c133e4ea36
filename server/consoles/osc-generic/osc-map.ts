/**
 * A generic OSC mapping file turned into routes: for every address the console sends, which parameter,
 * channel name or meter point it carries (and in which argument), and for every writable parameter the
 * message that sets it. Loading checks what a console could trip over later and names the file and field.
 */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root';
import { invalidField, parseMapJson, readMapSource, type FieldPath } from '../mapped/map-file';
import type { MeterPoint } from '../mapped/meter-accumulator';
import { expandBinding, fillTemplate, type Each } from '../mapped/param-template';
import type { ParamId, ParamRef } from '../../model/params';
import { compileFloatLaw, compileMeterLaw, type FloatLaw } from './osc-law';
import { oscMapSchema, type OscMessageSpec } from './osc-map-schema';
import { oscArgValue, type OscArg, type OscMessage } from '../osc/codec';

/** Where the shipped maps live (maps/ardour.json, maps/reaper.json). */
export const SHIPPED_OSC_MAPS_DIR = join(PACKAGE_ROOT, 'server', 'consoles', 'osc-generic', 'maps');

type ArgRole = OscMessageSpec['args'][number];

export interface OscBinding {
  param: ParamId;
  ref: ParamRef;
  /** Address with the strip number filled in. */
  address: string;
  args: readonly ArgRole[];
  /** The strip number sent as the "index" argument; null when the message has none. */
  n: number | null;
  law: FloatLaw;
  writable: boolean;
}

export type OscTarget =
  | { kind: 'param'; binding: OscBinding }
  | { kind: 'name'; channel: number }
  | { kind: 'meter'; point: MeterPoint; channel: number; read: (wire: number) => number };

interface Route {
  target: OscTarget;
  argCount: number;
  /** Position of the argument the target reads. */
  valueArg: number;
}

interface AddressRoutes {
  /** Position of the strip-number argument on this address, or null when the address alone decides. */
  indexArg: number | null;
  /** By strip number (null key when indexArg is null). */
  routes: Map<number | null, Route>;
}

export interface OscMap {
  file: string;
  name: string;
  model: string;
  description: string;
  notes: readonly string[];
  port: number;
  localPort: number;
  channels: number;
  confirm: 'echo' | 'sent';
  silenceTimeoutMs: number | null;
  sync: ReadonlyArray<{ address: string; args: OscArg[] }>;
  /** Address prefixes not counted as unexpected (mapped addresses are routed before these apply). */
  ignore: readonly string[];
  meterPoints: ReadonlySet<MeterPoint>;
  bindings: readonly OscBinding[];
  byParam: ReadonlyMap<ParamId, OscBinding>;
  byAddress: ReadonlyMap<string, AddressRoutes>;
}

/** Loads a shipped map by name ("ardour", "reaper") or a map file by path. Rejects with MapError. */
export async function loadOscMap(nameOrPath: string): Promise<OscMap> {
  const { file, raw } = await readMapSource(nameOrPath, SHIPPED_OSC_MAPS_DIR);
  return compileOscMap(raw, file);
}

/** Validates and compiles a map's JSON; `file` names it in errors. Throws MapError('invalid-map'). */
export function compileOscMap(raw: unknown, file: string): OscMap {
  const json = parseMapJson(oscMapSchema, raw, file);
  const byAddress = new Map<string, AddressRoutes>();
  const bindings: OscBinding[] = [];
  const byParam = new Map<ParamId, OscBinding>();

  const addRoute = (path: FieldPath, spec: OscMessageSpec, n: number | null, target: OscTarget, valueRole: 'value' | 'name'): void => {
    const problem = checkRoles(spec, n, valueRole);
    if (problem) throw invalidField(file, [...path, 'message', 'args'], problem);
    const address = fillTemplate(spec.address, n);
    const indexArg = spec.args.indexOf('index');
    const routes = byAddress.get(address) ?? { indexArg: indexArg < 0 ? null : indexArg, routes: new Map() };
    if (routes.indexArg !== (indexArg < 0 ? null : indexArg)) {
      throw invalidField(file, [...path, 'message'], `${address} carries the strip number in different arguments`);
    }
    const key = indexArg < 0 ? null : n;
    const clash = routes.routes.get(key);
    if (clash) throw invalidField(file, [...path, 'message'], `${describe(target)} and ${describe(clash.target)} are carried by the same message`);
    routes.routes.set(key, { target, argCount: spec.args.length, valueArg: spec.args.indexOf(valueRole) });
    byAddress.set(address, routes);
  };

  for (const [i, spec] of json.params.entries()) {
    const path: FieldPath = ['params', i];
    const law = compileFloatLaw(spec.law);
    if (typeof law === 'string') throw invalidField(file, [...path, 'law'], law);
    for (const { param, ref, n } of expandBinding(file, path, spec, law.unit, (id) => byParam.has(id))) {
      const binding: OscBinding = { param, ref, address: fillTemplate(spec.message.address, n), args: spec.message.args, n, law, writable: spec.writable };
      addRoute(path, spec.message, n, { kind: 'param', binding }, 'value');
      byParam.set(param, binding);
      bindings.push(binding);
    }
  }
  if (json.names) {
    for (const n of strips(json.names.each)) addRoute(['names'], json.names.message, n, { kind: 'name', channel: n }, 'name');
  }
  for (const [i, spec] of json.meters.entries()) {
    const path: FieldPath = ['meters', i];
    const read = compileMeterLaw(spec.law);
    if (typeof read === 'string') throw invalidField(file, [...path, 'law'], read);
    if ((spec.point === 'main') !== (spec.each === undefined)) {
      throw invalidField(file, [...path, 'each'], spec.point === 'main' ? 'the main meter is one point: no "each"' : 'channel meters need "each"');
    }
    const numbers = spec.each ? strips(spec.each) : [null];
    for (const n of numbers) addRoute(path, spec.message, n, { kind: 'meter', point: spec.point, channel: n ?? 0, read }, 'value');
  }
  return {
    file,
    name: json.name,
    model: json.model,
    description: json.description,
    notes: json.notes,
    port: json.port,
    localPort: json.localPort,
    channels: json.channels,
    confirm: json.confirm,
    silenceTimeoutMs: json.silenceTimeoutMs,
    sync: json.sync,
    ignore: json.ignore,
    meterPoints: new Set(json.meters.map((meter) => meter.point)),
    bindings,
    byParam,
    byAddress,
  };
}

function strips(each: Each): number[] {
  return Array.from({ length: Math.max(0, each.to - each.from + 1) }, (_, i) => each.from + i);
}

function checkRoles(spec: OscMessageSpec, n: number | null, valueRole: 'value' | 'name'): string | null {
  const count = (role: ArgRole): number => spec.args.filter((arg) => arg === role).length;
  const otherRole = valueRole === 'value' ? 'name' : 'value';
  if (count(valueRole) !== 1 || count(otherRole) !== 0) return `needs exactly one "${valueRole}" argument and no "${otherRole}"`;
  if (count('index') > 1) return 'has more than one "index" argument';
  if (count('index') === 1 && n === null) return 'has an "index" argument but no strip number ("each")';
  if (n !== null && count('index') === 0 && !spec.address.includes('{n}')) return 'needs the strip number: an "index" argument or {n} in the address';
  return null;
}

function describe(target: OscTarget): string {
  switch (target.kind) {
    case 'param':
      return target.binding.param;
    case 'name':
      return `the name of channel ${target.channel}`;
    case 'meter':
      return target.point === 'main' ? 'the main meter' : `the ${target.point} meter of channel ${target.channel}`;
  }
}

/** What an incoming message carries, per the map. */
export type RoutedMessage =
  | { kind: 'param'; binding: OscBinding; wire: number }
  | { kind: 'name'; channel: number; name: string }
  | { kind: 'meter'; point: MeterPoint; channel: number; dbfs: number }
  | { kind: 'ignored' }
  /** An address the map does not know, or arguments that do not fit it. */
  | { kind: 'unexpected'; reason: string };

export function routeMessage(map: OscMap, message: OscMessage): RoutedMessage {
  const routes = map.byAddress.get(message.address);
  if (!routes) {
    return map.ignore.some((prefix) => message.address.startsWith(prefix))
      ? { kind: 'ignored' }
      : { kind: 'unexpected', reason: `unmapped address ${message.address}` };
  }
  let key: number | null = null;
  if (routes.indexArg !== null) {
    const index = oscArgValue(message.args[routes.indexArg]);
    if (typeof index !== 'number') return { kind: 'unexpected', reason: `${message.address} without a strip number` };
    key = index;
  }
  const route = routes.routes.get(key);
  if (!route) return { kind: 'unexpected', reason: `${message.address} for strip ${key} outside the map` };
  if (message.args.length !== route.argCount) return { kind: 'unexpected', reason: `${message.address} with ${message.args.length} arguments` };
  const value = oscArgValue(message.args[route.valueArg]);
  const { target } = route;
  if (target.kind === 'name') {
    return typeof value === 'string' ? { kind: 'name', channel: target.channel, name: value.trim() } : { kind: 'unexpected', reason: `${message.address} without a name` };
  }
  if (typeof value !== 'number' || Number.isNaN(value)) return { kind: 'unexpected', reason: `${message.address} without a number` };
  return target.kind === 'param'
    ? { kind: 'param', binding: target.binding, wire: value }
    : { kind: 'meter', point: target.point, channel: target.channel, dbfs: target.read(value) };
}

/** The message that sets a binding to a float. */
export function writeMessage(binding: OscBinding, wire: number): { address: string; args: OscArg[] } {
  const args = binding.args.map((role): OscArg => (role === 'index' ? { type: 'i', value: binding.n ?? 0 } : { type: 'f', value: wire }));
  return { address: binding.address, args };
}
