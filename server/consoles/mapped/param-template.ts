/**
 * Parameter templates in mapping files: one binding covers a run of strips. `"param": "ch.{n}.faderDb"`
 * with `"each": { "from": 1, "to": 32 }` stands for ch.1.faderDb .. ch.32.faderDb, and numbers that step
 * with the strip are written `{ "first": 32, "step": 1 }` (32 for the first strip, 33 for the next, ...).
 * Shared by the MIDI and generic OSC maps.
 */
import { parseParamId, type ParamId, type ParamRef } from '../../model/params';
import { invalidField, type FieldPath } from './map-file';

/** A number that is the same for every strip, or steps with the strip's position in `each`. */
export type Indexed = number | { first: number; step: number };

/** The strips a binding covers, inclusive, 1-based. */
export interface Each {
  from: number;
  to: number;
}

export interface ExpandedParam {
  param: ParamId;
  ref: ParamRef;
  /** The strip number substituted for {n}; null when the template has none. */
  n: number | null;
  /** 0 for the first strip of `each`. */
  position: number;
}

const PLACEHOLDER = '{n}';

/** The value of an Indexed number at a strip position. */
export function indexedValue(value: Indexed, position: number): number {
  return typeof value === 'number' ? value : value.first + value.step * position;
}

/** Replaces every {n} in a template (a parameter id or an OSC address) with a strip number. */
export function fillTemplate(template: string, n: number | null): string {
  return n === null ? template : template.split(PLACEHOLDER).join(String(n));
}

/** Expands a template over `each`; an error text (for a map error) when the pair does not fit. */
export function expandParam(template: string, each: Each | undefined): ExpandedParam[] | string {
  const hasPlaceholder = template.includes(PLACEHOLDER);
  if (hasPlaceholder && !each) return `"${template}" has {n} but no "each" to say which strips`;
  if (!hasPlaceholder && each) return `"${template}" has "each" but no {n} to put the strip number in`;
  if (each && each.to < each.from) return `"each" runs from ${each.from} down to ${each.to}`;
  const numbers = each ? Array.from({ length: each.to - each.from + 1 }, (_, i) => each.from + i) : [null];
  const expanded: ExpandedParam[] = [];
  for (const [position, n] of numbers.entries()) {
    const param = fillTemplate(template, n);
    const ref = parseParamId(param);
    if (!ref) return `"${param}" is not a parameter id (e.g. ch.{n}.faderDb, ch.{n}.eq.2.gainDb, bus.{n}.faderDb, main.faderDb)`;
    expanded.push({ param, ref, n, position });
  }
  return expanded;
}

/**
 * Expands one binding of a map and checks each parameter against what mapping files support: no sends or
 * matrices yet, every parameter bound once, a switch law on switches (phantom, on) and a level law on the
 * rest. Throws MapError('invalid-map') naming the file and field.
 */
export function expandBinding(
  file: string,
  path: FieldPath,
  spec: { param: string; each?: Each | undefined; law: { kind: string } },
  lawUnit: 'dB' | 'switch',
  isBound: (param: ParamId) => boolean,
): ExpandedParam[] {
  const expanded = expandParam(spec.param, spec.each);
  if (typeof expanded === 'string') throw invalidField(file, [...path, 'param'], expanded);
  for (const { param, ref } of expanded) {
    if (ref.scope === 'channel-send' || ref.scope === 'matrix') {
      throw invalidField(file, [...path, 'param'], `${param}: sends and matrices are not supported in mapping files yet`);
    }
    if (isBound(param)) throw invalidField(file, [...path, 'param'], `${param} is bound twice`);
    const isSwitch = ref.scope === 'channel' && (ref.param === 'phantom' || ref.param === 'on');
    if ((lawUnit === 'switch') !== isSwitch) {
      throw invalidField(file, [...path, 'law'], `${param} needs a ${isSwitch ? 'switch' : 'level'} law, not "${spec.law.kind}"`);
    }
  }
  return expanded;
}
