/** OSC byte fixtures for tests: a bundle built by hand (osc.js's bundle writer is not in our typings). */
import { encodeMessage, type OscArg } from '../../../server/consoles/osc/codec';

export function oscMessage(address: string, args: OscArg[]): Buffer {
  return Buffer.from(encodeMessage(address, args));
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
