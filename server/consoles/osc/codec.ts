/**
 * The one OSC codec: bytes <-> messages for every OSC console (X family, WING, generic OSC), and the X
 * family's meter blob formats. The OSC framing itself (big-endian, 4-byte padded) comes from osc.js; this
 * module only validates what comes back. Nothing here throws on network input: every decoder returns a
 * result that says what was wrong.
 */
// osc.js ships no types; the reference keeps the declarations with the one module that imports it, whichever
// program (the bridge's or the tablet's type check) reaches this file.
/// <reference path="./osc.d.ts" />
import osc from 'osc';
import { linearToDbfs } from '../../model/db';

/** One OSC argument: int32, float32, string, blob. */
export type OscArg =
  | { type: 'i'; value: number }
  | { type: 'f'; value: number }
  | { type: 's'; value: string }
  | { type: 'b'; value: Uint8Array };

/** One OSC message: address and arguments. */
export interface OscMessage {
  address: string;
  args: OscArg[];
}

/** What one datagram turned out to be, for a desk that sends single messages. */
export type DecodeResult =
  | { kind: 'message'; message: OscMessage }
  /** Well-formed OSC such a desk never sends (a bundle, an argument type other than i f s b). */
  | { kind: 'unsupported'; reason: string }
  | { kind: 'malformed'; reason: string };

/** Every message of one datagram, bundles flattened in order (DAWs pack their feedback into bundles). */
export type DatagramResult = { kind: 'messages'; messages: OscMessage[] } | { kind: 'malformed'; reason: string };

/** Bundles nested deeper than this, or holding more messages, are refused (a datagram is at most 64 KiB). */
const MAX_BUNDLE_DEPTH = 8;
const MAX_MESSAGES = 4096;

/** Encodes one message; `args` empty makes a read request ("get": the address alone). */
export function encodeMessage(address: string, args: readonly OscArg[] = []): Uint8Array {
  return osc.writePacket({ address, args: args.map((arg) => ({ type: arg.type, value: arg.value })) }, { metadata: true });
}

type RawRead = { ok: true; packet: ReturnType<typeof osc.readPacket> } | { ok: false; reason: string };

function readRaw(bytes: Uint8Array): RawRead {
  if (bytes.byteLength === 0 || bytes.byteLength % 4 !== 0) {
    return { ok: false, reason: `packet length ${bytes.byteLength} is not a positive multiple of 4` };
  }
  try {
    // A fresh copy at offset 0: osc.js reads blobs relative to the underlying ArrayBuffer, not the view.
    return { ok: true, packet: osc.readPacket(new Uint8Array(bytes), { metadata: true, unpackSingleArgs: false }) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** ',' 'b' NUL NUL: the type tag string of a message whose only argument is a blob. */
const BLOB_TYPE_TAG = [0x2c, 0x62, 0, 0] as const;
/** Longer addresses go through osc.js (desks' meter addresses are a dozen characters). */
const MAX_FAST_ADDRESS_BYTES = 128;

/**
 * A message whose only argument is a blob (every meter reply of the X family, 20 times a second), read
 * in place; null for anything else, which osc.js reads. Layout (OSC 1.0 specification, "OSC Packets",
 * "Atomic Data Types", "OSC Messages"): the address, an OSC-String (ASCII, NUL-terminated, padded with
 * NULs to a multiple of 4 bytes); the type tag string ",b" padded to 4; the blob, an int32 size
 * (big-endian) and that many bytes, padded to 4. Stricter than osc.js (printable ASCII address, zero
 * padding, no bytes after the blob), so whatever it reads osc.js reads the same; the rest falls through.
 * Measured in bench/ (wifi): osc.js's general reader took ~35 µs of a 50 ms-cold meter packet's path.
 * The blob is a view of `bytes`, not a copy (as Buffer.slice already gave for the datagrams dgram hands
 * over, each in its own buffer): a caller that keeps it past the datagram's handler copies it.
 */
export function readBlobMessage(bytes: Uint8Array): OscMessage | null {
  if (bytes[0] !== 0x2f) return null;
  let end = 1;
  while (end < bytes.length && end < MAX_FAST_ADDRESS_BYTES && bytes[end]! >= 0x20 && bytes[end]! <= 0x7e) end++;
  const tags = (end + 4) & ~3;
  if (tags + 8 > bytes.length) return null;
  for (let i = end; i < tags; i++) if (bytes[i] !== 0) return null;
  for (let i = 0; i < BLOB_TYPE_TAG.length; i++) if (bytes[tags + i] !== BLOB_TYPE_TAG[i]) return null;
  const size = (bytes[tags + 4]! << 24) | (bytes[tags + 5]! << 16) | (bytes[tags + 6]! << 8) | bytes[tags + 7]!;
  const start = tags + 8;
  const padded = start + ((size + 3) & ~3);
  if (size < 0 || padded !== bytes.length) return null;
  for (let i = start + size; i < padded; i++) if (bytes[i] !== 0) return null;
  // Built byte by byte and the blob left in place: spreading the bytes into String.fromCharCode and copying
  // the blob took ~35 µs of a cold packet (measured in bench/, wifi), the rest of the path ~10 µs.
  let address = '';
  for (let i = 0; i < end; i++) address += String.fromCharCode(bytes[i]!);
  return { address, args: [{ type: 'b', value: new Uint8Array(bytes.buffer, bytes.byteOffset + start, size) }] };
}

/** Decodes one UDP datagram holding one message (X family, WING). */
export function decodePacket(bytes: Uint8Array): DecodeResult {
  const blobMessage = readBlobMessage(bytes);
  if (blobMessage !== null) return { kind: 'message', message: blobMessage };
  const read = readRaw(bytes);
  if (!read.ok) return { kind: 'malformed', reason: read.reason };
  const { packet } = read;
  if (!('address' in packet)) return { kind: 'unsupported', reason: 'OSC bundle' };
  const args: OscArg[] = [];
  for (const arg of packet.args) {
    const parsed = parseArg(arg.type, arg.value);
    if (!parsed) return { kind: 'unsupported', reason: `argument type '${arg.type}' on ${packet.address}` };
    args.push(parsed);
  }
  return { kind: 'message', message: { address: packet.address, args } };
}

/**
 * Decodes one UDP datagram of any shape: bundles (nested too) are flattened into their messages; True and
 * False arrive as int 1 and 0, doubles as floats. Other argument types make the datagram malformed.
 */
export function decodeDatagram(bytes: Uint8Array): DatagramResult {
  const read = readRaw(bytes);
  if (!read.ok) return { kind: 'malformed', reason: read.reason };
  const messages: OscMessage[] = [];
  const problem = flatten(read.packet, 0, messages);
  return problem === null ? { kind: 'messages', messages } : { kind: 'malformed', reason: problem };
}

function flatten(packet: unknown, depth: number, out: OscMessage[]): string | null {
  if (typeof packet !== 'object' || packet === null) return 'not an OSC packet';
  if ('packets' in packet) {
    if (depth >= MAX_BUNDLE_DEPTH) return `bundles nested deeper than ${MAX_BUNDLE_DEPTH}`;
    const inner = (packet as { packets: unknown }).packets;
    if (!Array.isArray(inner)) return 'bundle without packets';
    for (const child of inner) {
      const problem = flatten(child, depth + 1, out);
      if (problem !== null) return problem;
    }
    return null;
  }
  const { address, args } = packet as { address?: unknown; args?: unknown };
  if (typeof address !== 'string' || !Array.isArray(args)) return 'message without an address';
  if (out.length >= MAX_MESSAGES) return `more than ${MAX_MESSAGES} messages in one datagram`;
  const parsed: OscArg[] = [];
  for (const arg of args as Array<{ type?: unknown; value?: unknown }>) {
    const type = String(arg.type);
    const value = type === 'T' ? 1 : type === 'F' ? 0 : arg.value;
    const one = parseArg(type === 'T' || type === 'F' ? 'i' : type === 'd' ? 'f' : type, value);
    if (!one) return `argument type '${type}' on ${address} is not supported`;
    parsed.push(one);
  }
  out.push({ address, args: parsed });
  return null;
}

function parseArg(type: string, value: unknown): OscArg | null {
  if ((type === 'i' || type === 'f') && typeof value === 'number') return { type, value };
  if (type === 's' && typeof value === 'string') return { type, value };
  if (type === 'b' && value instanceof Uint8Array) return { type, value };
  return null;
}

/** An argument as a plain number or string (the mapped dialects' view); null for a blob. */
export function oscArgValue(arg: OscArg | undefined): number | string | null {
  if (arg === undefined || arg.type === 'b') return null;
  return arg.value;
}

/** A decoded meter blob in dB (-Infinity = silence), or why it was refused. */
export type MeterBlobResult = { ok: true; valuesDb: number[] } | { ok: false; reason: string };

/**
 * X32/M32 meter blob: int32 count (little-endian), then `count` float32 (little-endian), linear with
 * 1.0 = 0 dB (full scale for levels; unity gain for gain-reduction meters). Layout: Unofficial X32/M32 OSC
 * Remote Protocol (P.-G. Maillot), "Meter requests", as ../x32/meter-banks.ts cites it. Returns each value
 * in dB; 0 (or less) is -Infinity. The count must match the payload (up to 3 bytes of padding tolerated).
 */
export function decodeFloatMeterBlob(blob: Uint8Array): MeterBlobResult {
  const header = readMeterHeader(blob, 4);
  if (!header.ok) return header;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const valuesDb: number[] = [];
  for (let i = 0; i < header.count; i++) {
    const linear = view.getFloat32(4 + i * 4, true);
    if (!Number.isFinite(linear)) return { ok: false, reason: `meter value ${i} is not a finite number` };
    valuesDb.push(linearToDbfs(linear));
  }
  return { ok: true, valuesDb };
}

/** Lowest int16 meter reading: the X-Air's -oo. */
const INT16_SILENCE = -32768;

/**
 * X-Air meter blob: int32 count (little-endian), then `count` int16 (little-endian) in 1/256 dB
 * (0 = full scale; -32768 is -oo and decodes to -Infinity). Layout: Behringer X AIR OSC document fw 1.11,
 * "/meters", as ../xair/meter-banks.ts cites it.
 */
export function decodeInt16MeterBlob(blob: Uint8Array): MeterBlobResult {
  const header = readMeterHeader(blob, 2);
  if (!header.ok) return header;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const valuesDb: number[] = [];
  for (let i = 0; i < header.count; i++) {
    const raw = view.getInt16(4 + i * 2, true);
    valuesDb.push(raw === INT16_SILENCE ? -Infinity : raw / 256);
  }
  return { ok: true, valuesDb };
}

function readMeterHeader(blob: Uint8Array, bytesPerValue: number): { ok: true; count: number } | { ok: false; reason: string } {
  if (blob.byteLength < 4) return { ok: false, reason: `meter blob of ${blob.byteLength} bytes has no count` };
  const count = new DataView(blob.buffer, blob.byteOffset, 4).getInt32(0, true);
  const payload = blob.byteLength - 4;
  if (count < 0 || count * bytesPerValue > payload || payload - count * bytesPerValue > 3) {
    return { ok: false, reason: `meter count ${count} does not match a ${payload}-byte payload` };
  }
  return { ok: true, count };
}
