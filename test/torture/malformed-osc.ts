/**
 * Seeded streams of broken OSC datagrams for the X32 adapter, each labelled with the counter it must
 * land in: 'malformed' (not OSC, or a meter reply the adapter cannot use) or 'unexpected' (well-formed
 * OSC the adapter does not keep: bundles, unknown addresses, values of the wrong type or range).
 * Built byte by byte, not with osc.js, so that the broken parts are exactly the ones intended.
 */
import { seededRandom } from '../fakes/fake-x-desk';

export type OscGarbageKind =
  | 'truncated'
  | 'wrong-type-tag'
  | 'huge-blob'
  | 'wrong-meter-count'
  | 'non-finite-meter'
  | 'bad-value'
  | 'unknown-address'
  | 'bundle'
  | 'random-bytes';

export interface OscGarbage {
  kind: OscGarbageKind;
  bytes: Uint8Array;
  /** The counter this datagram must raise; 'either' for random bytes. */
  expect: 'malformed' | 'unexpected' | 'either';
}

export const OSC_GARBAGE_KINDS: readonly OscGarbageKind[] = [
  'truncated', 'wrong-type-tag', 'huge-blob', 'wrong-meter-count', 'non-finite-meter', 'bad-value', 'unknown-address', 'bundle', 'random-bytes',
];

/** Values in the X32's /meters/1 reply. */
const METERS_1_VALUES = 96;
/** Largest UDP payload on IPv4. */
const MAX_DATAGRAM_BYTES = 65_507;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** An OSC string: the characters, a NUL, padded with NULs to a multiple of 4 bytes. */
function oscString(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor(text.length / 4) * 4 + 4);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0x7f;
  return out;
}

function int32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value, false);
  return out;
}

function float32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setFloat32(0, value, false);
  return out;
}

/** An OSC blob argument: big-endian size, the bytes, padding to 4. */
function blobArg(payload: Uint8Array, declaredSize = payload.byteLength): Uint8Array {
  const padded = new Uint8Array(Math.ceil(payload.byteLength / 4) * 4);
  padded.set(payload);
  return concat([int32(declaredSize), padded]);
}

/** An X32 meter payload: int32 LE count, then float32 LE values. */
function meterPayload(count: number, values: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 + values.length * 4);
  const view = new DataView(out.buffer);
  view.setInt32(0, count, true);
  values.forEach((value, i) => view.setFloat32(4 + i * 4, value, true));
  return out;
}

function message(address: string, tags: string, args: readonly Uint8Array[]): Uint8Array {
  return concat([oscString(address), oscString(`,${tags}`), ...args]);
}

/** `count` labelled broken datagrams, the same for the same seed; kinds take turns. */
export function malformedOscPackets(seed: number, count: number): OscGarbage[] {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const levels = (n: number) => Array.from({ length: n }, () => random());
  const validMeters = () => message('/meters/1', 'b', [blobArg(meterPayload(METERS_1_VALUES, levels(METERS_1_VALUES)))]);

  const build: Record<OscGarbageKind, () => OscGarbage> = {
    truncated: () => {
      const whole = validMeters();
      return { kind: 'truncated', bytes: whole.slice(0, int(1, whole.byteLength - 1)), expect: 'malformed' };
    },
    'wrong-type-tag': () => {
      const variants = [
        () => message('/meters/1', 'f', [float32(random())]),
        () => message('/meters/1', 'i', [int32(int(0, 1000))]),
        () => message('/meters/1', 's', [oscString('loud')]),
        () => message('/meters/1', '', []),
        () => message('/meters/1', 'bb', [blobArg(meterPayload(96, levels(96))), blobArg(meterPayload(96, levels(96)))]),
        () => message('/meters/1', 'x', [int32(1)]),
        () => message('/meters/1', 'b', []),
      ];
      return { kind: 'wrong-type-tag', bytes: pick(variants)(), expect: 'malformed' };
    },
    'huge-blob': () => {
      if (random() < 0.5) {
        const values = int(1024, Math.floor((MAX_DATAGRAM_BYTES - 64) / 4));
        return { kind: 'huge-blob', bytes: message('/meters/1', 'b', [blobArg(meterPayload(values, levels(values)))]), expect: 'malformed' };
      }
      const declared = int(1 << 16, 0x7fffffff);
      return { kind: 'huge-blob', bytes: message('/meters/1', 'b', [blobArg(meterPayload(96, levels(96)), declared)]), expect: 'malformed' };
    },
    'wrong-meter-count': () => {
      const variants = [
        () => meterPayload(pick([0, 1, 49, 95, 97, 192, -1, -0x80000000, 0x7fffffff]), levels(METERS_1_VALUES)),
        () => meterPayload(METERS_1_VALUES, levels(int(0, METERS_1_VALUES - 1))),
        () => meterPayload(48, levels(48)),
        () => new Uint8Array(int(0, 3)),
      ];
      return { kind: 'wrong-meter-count', bytes: message(pick(['/meters/1', '/meters/2']), 'b', [blobArg(pick(variants)())]), expect: 'malformed' };
    },
    'non-finite-meter': () => {
      const values = levels(METERS_1_VALUES);
      values[int(0, METERS_1_VALUES - 1)] = pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      return { kind: 'non-finite-meter', bytes: message('/meters/1', 'b', [blobArg(meterPayload(METERS_1_VALUES, values))]), expect: 'malformed' };
    },
    'bad-value': () => {
      const channel = String(int(1, 32)).padStart(2, '0');
      const variants = [
        () => message(`/ch/${channel}/mix/fader`, 's', [oscString('up')]),
        () => message(`/ch/${channel}/mix/fader`, 'f', [float32(pick([1.5, -0.25, 7, Number.NaN]))]),
        () => message(`/ch/${channel}/config/name`, 'f', [float32(0.5)]),
        () => message(`/ch/${channel}/mix/on`, 'i', [int32(pick([2, -1, 99]))]),
        () => message(`/ch/${channel}/mix/fader`, 'ff', [float32(0.5), float32(0.5)]),
      ];
      return { kind: 'bad-value', bytes: pick(variants)(), expect: 'unexpected' };
    },
    'unknown-address': () => ({
      kind: 'unknown-address',
      bytes: message(pick(['/bench/noise', '/ch/99/mix/fader', '/meters/9', '/headamp/999/gain']), 'i', [int32(int(0, 100))]),
      expect: 'unexpected',
    }),
    bundle: () => ({
      kind: 'bundle',
      bytes: concat([oscString('#bundle'), new Uint8Array(8), int32(16), message('/ch/01/mix/fader', 'f', [float32(0.5)])]),
      expect: 'unexpected',
    }),
    'random-bytes': () => {
      const bytes = new Uint8Array(int(0, 1024));
      for (let i = 0; i < bytes.byteLength; i++) bytes[i] = int(0, 255);
      return { kind: 'random-bytes', bytes, expect: 'either' };
    },
  };
  return Array.from({ length: count }, (_, i) => build[OSC_GARBAGE_KINDS[i % OSC_GARBAGE_KINDS.length]!]());
}
