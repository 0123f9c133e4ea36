/** OSC byte fixtures for tests: a bundle built by hand (osc.js's bundle writer is not in our typings). */
import { encodeOscMessage, type OscOutArg } from '../../../server/consoles/osc-generic/osc-packet';

export function oscMessage(address: string, args: OscOutArg[]): Buffer {
  return Buffer.from(encodeOscMessage(address, args));
}

/** "#bundle\0", time tag "immediately" (0x00000000 00000001), then each element with its int32 size. */
export function oscBundle(elements: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('#bundle\0', 'ascii'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 1])];
  for (const element of elements) {
    const size = Buffer.alloc(4);
    size.writeInt32BE(element.length);
    parts.push(size, element);
  }
  return Buffer.concat(parts);
}
