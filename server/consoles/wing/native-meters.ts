/**
 * The WING's native protocol, the part Headroom uses: meter requests over TCP (port 2222) and the meter
 * datagrams the desk then streams over UDP. Pure bytes in and out; nothing here touches a socket.
 *
 * Sources (read, not copied): Patrick-Gilles Maillot, "WING Remote Protocols" (native protocol chapter:
 * channels and escapes, meter requests), as implemented by the libwing crate (`request_meter`,
 * `keep_alive_meters`), bitfocus companion-module-behringer-wing (`src/handlers/meter-handler.ts`) and
 * DigiMixer's WING meter request/message types. Every layout below is cross-checked against at least two.
 *
 * Native stream framing: 0xDF is the escape byte. `DF D0..DD` selects a channel (`DF D1` audio engine
 * control, `DF D3` meters); a literal 0xDF inside data is sent as `DF DE`.
 * Meter request on channel 3: `D3 <u16 udp port>` (where to stream), `D4 <u32 report id>`, `DC` (data),
 * then one collection byte per strip followed by its 0-based index, `DE` (end). Renewal: `D4 <report id>`
 * alone; the desk stops a stream it has not heard about for about 5 s (libwing renews every 3..4 s).
 * Meter datagram: u32 report id, then int16 values, all big-endian, in 1/256 dB.
 */

/** Native escape byte and the channel selectors Headroom uses. */
const ESCAPE = 0xdf;
const ESCAPED_LITERAL = 0xde;
const CHANNEL_CONTROL = 0xd1;
const CHANNEL_METERS = 0xd3;
const TOKEN_U16 = 0xd3;
const TOKEN_U32 = 0xd4;
const TOKEN_DATA = 0xdc;
const TOKEN_END = 0xde;

/** Meter collections ("V2" layouts: 11 values per strip). */
export const METER_COLLECTION = {
  channel: 0xab,
  aux: 0xac,
  bus: 0xad,
  main: 0xae,
  matrix: 0xaf,
} as const;

export type MeterCollection = keyof typeof METER_COLLECTION;

/**
 * Values per strip in every V2 collection, in order: input L, input R, output L, output R, gate key,
 * gate gain, gate state, dynamics key, dynamics gain, dynamics state, automix gain.
 */
export const V2_VALUES_PER_STRIP = 11;
export const V2_OFFSET = { inL: 0, inR: 1, outL: 2, outR: 3, gateGain: 5, dynGain: 8 } as const;

/** One requested collection: which kind and which strips (1-based, as printed on the desk). */
export interface MeterSelection {
  collection: MeterCollection;
  strips: readonly number[];
}

function escaped(bytes: readonly number[]): number[] {
  return bytes.flatMap((byte) => (byte === ESCAPE ? [ESCAPE, ESCAPED_LITERAL] : [byte]));
}

function u16(value: number): number[] {
  return [(value >> 8) & 0xff, value & 0xff];
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

/**
 * The bytes that ask the desk to stream `selections` to UDP `udpPort` under `reportId`, then return the
 * TCP stream to the control channel.
 */
export function encodeMeterRequest(udpPort: number, reportId: number, selections: readonly MeterSelection[]): Uint8Array {
  const list = selections.flatMap((s) => s.strips.flatMap((strip) => [METER_COLLECTION[s.collection], strip - 1]));
  return Uint8Array.from([
    ESCAPE, CHANNEL_METERS,
    TOKEN_U16, ...escaped(u16(udpPort)),
    TOKEN_U32, ...escaped(u32(reportId)),
    TOKEN_DATA, ...escaped(list), TOKEN_END,
    ESCAPE, CHANNEL_CONTROL,
  ]);
}

/** The bytes that keep the stream `reportId` alive. */
export function encodeMeterRenewal(reportId: number): Uint8Array {
  return Uint8Array.from([ESCAPE, CHANNEL_METERS, TOKEN_U32, ...escaped(u32(reportId)), ESCAPE, CHANNEL_CONTROL]);
}

/** The control-channel keep-alive of the TCP link itself (libwing sends it every few seconds). */
export function encodeControlKeepAlive(): Uint8Array {
  return Uint8Array.from([ESCAPE, CHANNEL_CONTROL]);
}

/** Lowest int16: a meter that reads nothing (decoded as -Infinity). */
const INT16_SILENCE = -32768;

export type MeterPacketResult =
  | { ok: true; reportId: number; valuesDb: number[] }
  | { ok: false; reason: string };

/** Decodes one meter datagram. Never throws: network input. */
export function decodeMeterPacket(bytes: Uint8Array): MeterPacketResult {
  if (bytes.byteLength < 4) return { ok: false, reason: `meter packet of ${bytes.byteLength} bytes has no report id` };
  if ((bytes.byteLength - 4) % 2 !== 0) return { ok: false, reason: `meter payload of ${bytes.byteLength - 4} bytes is not whole int16 values` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const valuesDb: number[] = [];
  for (let offset = 4; offset < bytes.byteLength; offset += 2) {
    const raw = view.getInt16(offset, false);
    valuesDb.push(raw === INT16_SILENCE ? -Infinity : raw / 256);
  }
  return { ok: true, reportId: view.getUint32(0, false), valuesDb };
}
