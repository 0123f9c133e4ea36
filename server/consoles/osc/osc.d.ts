/**
 * The part of osc.js (the `osc` package, which ships no types) that the X-family adapters and their test
 * fakes use: the packet codec only. With `metadata: true` every argument carries its OSC type tag.
 */
declare module 'osc' {
  /** One OSC argument with its type tag: i int32, f float32, s string, b blob (others pass through). */
  export interface OscMetaArgument {
    type: string;
    value: unknown;
  }

  export interface OscMessagePacket {
    address: string;
    args: OscMetaArgument[];
  }

  export interface OscBundlePacket {
    timeTag: unknown;
    packets: unknown[];
  }

  export interface OscCodecOptions {
    metadata?: boolean;
    unpackSingleArgs?: boolean;
  }

  /** Encodes a message; throws for an address that does not start with '/' or an unknown type tag. */
  export function writePacket(packet: OscMessagePacket, options?: OscCodecOptions): Uint8Array;

  /** Decodes a message or bundle; throws (Error or RangeError) on malformed bytes. */
  export function readPacket(
    data: Uint8Array,
    options?: OscCodecOptions,
  ): OscMessagePacket | OscBundlePacket;

  const osc: {
    writePacket: typeof writePacket;
    readPacket: typeof readPacket;
  };
  export default osc;
}
