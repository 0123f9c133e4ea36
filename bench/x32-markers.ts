/**
 * Timestamped X32 meter packets: a `/meters/1` reply (96 float32 LE after an int32 LE count, in an OSC
 * blob) whose channel 32 input level encodes a sequence number, so a frame that reaches a tablet or a
 * browser can be matched with the moment its packet left the "desk". Levels survive the trip exactly: the
 * bridge rounds meters to 0.1 dB and the sequence steps are 0.1 dB apart.
 */
import { decodePacket, encodeMessage } from '../server/consoles/osc/codec';
import type { WireLevel } from '../server/hub/protocol';

/** Level of every channel that carries nothing in particular, dBFS. */
export const BED_DBFS = -40;
/** Level of the one channel a packet may make loud (for the painted-bar measurement), dBFS. */
export const HOT_DBFS = -3;
/** Channel (1-based) whose level carries the sequence number. */
export const SEQUENCE_CHANNEL = 32;
/** Sequence numbers wrap after this many packets (30 s at 20 packets a second): no run may send more. */
export const SEQUENCE_MODULO = 600;

const X32_INPUTS = 32;
const SEQUENCE_TOP_DBFS = -10;

/** The level that carries `seq` (mod SEQUENCE_MODULO): -10.0, -10.1, ... -69.9 dBFS. */
export function sequenceLevelDbfs(seq: number): number {
  return SEQUENCE_TOP_DBFS - (seq % SEQUENCE_MODULO) / 10;
}

/** The sequence number (mod SEQUENCE_MODULO) a wire level carries, or null when it carries none. */
export function sequenceFromWire(level: WireLevel | undefined): number | null {
  if (typeof level !== 'number') return null;
  const step = Math.round((SEQUENCE_TOP_DBFS - level) * 10);
  return step >= 0 && step < SEQUENCE_MODULO ? step : null;
}

/**
 * The OSC packet of one `/meters/1` reply: every input at BED_DBFS, channel `hotChannel` (1-based, or
 * null) at HOT_DBFS, channel 32 carrying `seq`, no gate or dynamics reduction (factor 1.0).
 */
export function markerPacket(seq: number, hotChannel: number | null): Uint8Array {
  const values = 3 * X32_INPUTS;
  const blob = new Uint8Array(4 + values * 4);
  const view = new DataView(blob.buffer);
  view.setInt32(0, values, true);
  const linear = (dbfs: number) => Math.pow(10, dbfs / 20);
  for (let i = 0; i < values; i++) {
    const channel = i + 1;
    let value = 1;
    if (i < X32_INPUTS) {
      const dbfs = channel === SEQUENCE_CHANNEL ? sequenceLevelDbfs(seq) : channel === hotChannel ? HOT_DBFS : BED_DBFS;
      value = linear(dbfs);
    }
    view.setFloat32(4 + i * 4, value, true);
  }
  return encodeMessage('/meters/1', [{ type: 'b', value: blob }]);
}

/** The sequence number a raw `/meters/1` packet from markerPacket carries (what the bare relay forwards), or null. */
export function sequenceFromPacket(bytes: Uint8Array): number | null {
  const decoded = decodePacket(bytes);
  if (decoded.kind !== 'message') return null;
  const [blob] = decoded.message.args;
  if (blob?.type !== 'b') return null;
  const view = new DataView(blob.value.buffer, blob.value.byteOffset, blob.value.byteLength);
  const linear = view.getFloat32(4 + (SEQUENCE_CHANNEL - 1) * 4, true);
  return sequenceFromWire(Math.round(20 * Math.log10(linear) * 10) / 10);
}
