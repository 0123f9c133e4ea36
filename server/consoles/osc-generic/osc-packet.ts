/**
 * OSC datagrams for the generic OSC adapter, framed by osc.js (the `osc` package; its types are declared
 * in server/consoles/osc/osc.d.ts). Bundles are flattened into their messages, since DAWs such as REAPER
 * pack their feedback into bundles. Nothing here throws on network input: a bad datagram comes back as
 * `malformed` with the reason.
 */
import osc from 'osc';

/** An argument the mapped dialects use: numbers (int32, float32, float64, True/False as 1/0) and strings. */
export type OscValue = number | string;

export interface OscMessage {
  address: string;
  args: OscValue[];
}

export type OscDecodeResult =
  | { kind: 'messages'; messages: OscMessage[] }
  | { kind: 'malformed'; reason: string };

/** Arguments sent by the adapter: OSC type tag and value. */
export type OscOutArg = { type: 'i' | 'f'; value: number } | { type: 's'; value: string };

/** Bundles nested deeper than this, or holding more messages, are refused (a datagram is at most 64 KiB). */
const MAX_BUNDLE_DEPTH = 8;
const MAX_MESSAGES = 4096;

export function encodeOscMessage(address: string, args: readonly OscOutArg[]): Uint8Array {
  return osc.writePacket({ address, args: args.map((arg) => ({ type: arg.type, value: arg.value })) }, { metadata: true });
}

export function decodeOscPacket(bytes: Uint8Array): OscDecodeResult {
  if (bytes.byteLength === 0 || bytes.byteLength % 4 !== 0) {
    return { kind: 'malformed', reason: `packet length ${bytes.byteLength} is not a positive multiple of 4` };
  }
  let packet: unknown;
  try {
    // A copy at offset 0: osc.js reads blobs relative to the underlying buffer, not the view.
    packet = osc.readPacket(new Uint8Array(bytes), { metadata: true, unpackSingleArgs: false });
  } catch (error) {
    return { kind: 'malformed', reason: error instanceof Error ? error.message : String(error) };
  }
  const messages: OscMessage[] = [];
  const problem = flatten(packet, 0, messages);
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
  const values: OscValue[] = [];
  for (const arg of args as Array<{ type?: unknown; value?: unknown }>) {
    const value = argValue(arg);
    if (value === null) return `argument type '${String(arg.type)}' on ${address} is not supported`;
    values.push(value);
  }
  out.push({ address, args: values });
  return null;
}

function argValue(arg: { type?: unknown; value?: unknown }): OscValue | null {
  switch (arg.type) {
    case 'i':
    case 'f':
    case 'd':
      return typeof arg.value === 'number' ? arg.value : null;
    case 'T':
      return 1;
    case 'F':
      return 0;
    case 's':
      return typeof arg.value === 'string' ? arg.value : null;
    default:
      return null;
  }
}
