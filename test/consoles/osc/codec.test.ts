import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  decodeDatagram,
  decodeFloatMeterBlob,
  decodeInt16MeterBlob,
  decodePacket,
  encodeMessage,
  readBlobMessage,
  type DecodeResult,
} from '../../../server/consoles/osc/codec';

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const hexOf = (data: Uint8Array): string => Buffer.from(data).toString('hex');

function message(result: DecodeResult) {
  if (result.kind !== 'message') throw new Error(`expected a message, got ${result.kind}: ${result.reason}`);
  return result.message;
}

// "/ch/01/mix/fader" is 16 characters: NUL-terminated and padded to 20 bytes.
const FADER_ADDRESS = '2f63682f30312f6d69782f6661646572 00000000';

describe('encodeMessage', () => {
  test.each([
    ['a read request is the address with an empty type tag', '/ch/01/mix/fader', [], `${FADER_ADDRESS} 2c000000`],
    ['a float set is big-endian', '/ch/01/mix/fader', [{ type: 'f', value: 0.75 }], `${FADER_ADDRESS} 2c660000 3f400000`],
    ['an int set is big-endian', '/ch/01/mix/on', [{ type: 'i', value: 1 }], '2f63682f30312f6d69782f6f6e000000 2c690000 00000001'],
    ['a string argument is NUL-padded', '/meters', [{ type: 's', value: '/meters/1' }], '2f6d657465727300 2c730000 2f6d65746572732f31000000'],
  ] as const)('%s', (_name, address, args, hex) => {
    expect(hexOf(encodeMessage(address, args))).toBe(hex.replace(/\s+/g, ''));
  });
});

describe('decodePacket', () => {
  test('reads a float reply', () => {
    const { address, args } = message(decodePacket(bytes(`${FADER_ADDRESS} 2c660000 3f000000`)));
    expect(address).toBe('/ch/01/mix/fader');
    expect(args).toEqual([{ type: 'f', value: 0.5 }]);
  });

  test('reads a negative int (a channel without headamp)', () => {
    const { address, args } = message(decodePacket(bytes('2f2d68612f33302f696e646578000000 2c690000 ffffffff')));
    expect(address).toBe('/-ha/30/index');
    expect(args).toEqual([{ type: 'i', value: -1 }]);
  });

  test('reads the four strings of /xinfo', () => {
    const packet = bytes(
      '2f78696e666f0000 2c737373730000 00' + // "/xinfo", ",ssss" padded to 8
        '3132372e302e302e31000000' + // "127.0.0.1"
        '5833322d46414b4500000000' + // "X32-FAKE"
        '58333200' + // "X32"
        '342e303600000000', // "4.06"
    );
    const { args } = message(decodePacket(packet));
    expect(args.map((arg) => arg.value)).toEqual(['127.0.0.1', 'X32-FAKE', 'X32', '4.06']);
  });

  test('reads a blob without looking past it even when the datagram is a slice of a larger buffer', () => {
    const pool = bytes(`deadbeef 2f6d65746572732f36000000 2c620000 00000008 01000000 0000803f`);
    const { args } = message(decodePacket(pool.subarray(4)));
    expect(args[0]?.type).toBe('b');
    expect(hexOf(args[0]?.value as Uint8Array)).toBe('010000000000803f');
  });

  test.each([
    ['an empty datagram', ''],
    ['a length that is not a multiple of 4', '2f6100'],
    ['no type tag', '2f61000000000000'],
    ['a float tag without its value', '2f610000 2c660000'],
    ['a blob longer than the packet', '2f610000 2c620000 00000064 00000000'],
    ['an address without a slash', '61626300 2c000000'],
  ])('%s is malformed', (_name, hex) => {
    expect(decodePacket(bytes(hex)).kind).toBe('malformed');
  });

  test.each([
    ['a bundle', '2362756e646c6500 0000000000000001 0000000c 2f610000 2c690000 00000001'],
    ['a True argument', '2f610000 2c540000'],
  ])('%s is well-formed but unsupported', (_name, hex) => {
    expect(decodePacket(bytes(hex)).kind).toBe('unsupported');
  });
});

describe('readBlobMessage (the meter replies read in place)', () => {
  test('reads the X32 /meters/1 layout: address, ",b", big-endian size, the bytes; in place, not copied', () => {
    const packet = bytes('2f6d65746572732f31000000 2c620000 00000008 01000000 0000803f');
    const read = readBlobMessage(packet);
    expect(read?.address).toBe('/meters/1');
    expect(read?.args.map((arg) => arg.type)).toEqual(['b']);
    expect(hexOf(read?.args[0]?.value as Uint8Array)).toBe('010000000000803f');
    packet[20] = 0xff;
    expect(hexOf(read?.args[0]?.value as Uint8Array)).toBe('ff0000000000803f');
  });

  test('reads a datagram that sits at an offset in a larger buffer (as dgram hands them over)', () => {
    const pool = bytes('deadbeef 2f6d65746572732f32000000 2c620000 00000004 0000c03f cafe0000');
    const packet = pool.subarray(4, pool.length - 4);
    const read = readBlobMessage(packet);
    expect(read?.address).toBe('/meters/2');
    expect(hexOf(read?.args[0]?.value as Uint8Array)).toBe('0000c03f');
  });

  test.each([
    ['a float argument', '2f610000 2c660000 3f000000'],
    ['two blobs', '2f610000 2c626200 00000000 00000000'],
    ['a byte after the blob', '2f610000 2c620000 00000001 01000000 00000000'],
    ['padding that is not zero', '2f610000 2c620000 00000001 01ff0000'],
    ['an address that is not printable ASCII', '2fc3a900 2c620000 00000000'],
    ['a negative size', '2f610000 2c620000 ffffffff'],
  ])('leaves %s to osc.js', (_name, hex) => {
    expect(readBlobMessage(bytes(hex))).toBeNull();
  });

  const address = fc.stringMatching(/^\/[a-z0-9_/]{0,40}$/);
  const blob = fc.uint8Array({ maxLength: 400 });

  test('reads every blob message osc.js writes', () => {
    fc.assert(
      fc.property(address, blob, (addr, value) => {
        const read = readBlobMessage(encodeMessage(addr, [{ type: 'b', value }]));
        expect(read).toEqual({ address: addr, args: [{ type: 'b', value }] });
      }),
    );
  });

  test('whatever it reads, osc.js reads the same (damaged and random datagrams included)', () => {
    const damaged = fc.tuple(address, blob, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([addr, value, at, byte]) => {
      const packet = encodeMessage(addr, [{ type: 'b', value }]);
      packet[at % packet.length] = byte;
      return packet;
    });
    fc.assert(
      fc.property(fc.oneof(damaged, fc.uint8Array({ maxLength: 64 })), (packet) => {
        const read = readBlobMessage(packet);
        if (read === null) return;
        expect(decodeDatagram(packet)).toEqual({ kind: 'messages', messages: [read] });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeFloatMeterBlob (X32)', () => {
  test('decodes the protocol document /meters/6 example reply, big-endian blob length and little-endian payload', () => {
    // Unofficial X32/M32 OSC Remote Protocol, "Meter requests": channel 17 pre-fade, gate, dyn, post-fade.
    const reply = bytes('2f6d65746572732f36000000 2c620000 00000014 04000000 fd1d2137 fdff7f3f 0000803f 6ebbd534');
    const [blob] = message(decodePacket(reply)).args;
    expect(blob?.type).toBe('b');
    const decoded = decodeFloatMeterBlob(blob?.value as Uint8Array);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.valuesDb).toHaveLength(4);
    expect(decoded.valuesDb[0]).toBeCloseTo(-100.35, 2);
    expect(decoded.valuesDb[1]).toBeCloseTo(0, 4);
    expect(decoded.valuesDb[2]).toBe(0);
    expect(decoded.valuesDb[3]).toBeCloseTo(-128, 4);
  });

  test.each([
    ['1.0 is 0 dBFS', '0000803f', 0],
    ['0.5 is -6.02 dBFS', '0000003f', -6.0206],
    ['0.1 is -20 dBFS', 'cdcccc3d', -20],
    ['8.0 is +18.06 dBFS (headroom above full scale)', '00000041', 18.0618],
    ['0 is silence', '00000000', -Infinity],
  ])('%s', (_name, valueHex, expectedDb) => {
    const decoded = decodeFloatMeterBlob(bytes(`01000000 ${valueHex}`));
    expect(decoded.ok && decoded.valuesDb[0]).toBeCloseTo(expectedDb, 3);
  });

  test.each([
    ['a count read big-endian by mistake would be 0x01000000', '00000001 0000803f'],
    ['more values announced than present', '02000000 0000803f'],
    ['fewer values announced than present', '01000000 0000803f 0000803f'],
    ['a negative count', 'ffffffff 0000803f'],
    ['no count at all', '0100'],
    ['a NaN reading', '01000000 0000c07f'],
  ])('%s is malformed', (_name, hex) => {
    const decoded = decodeFloatMeterBlob(bytes(hex));
    expect(decoded.ok).toBe(false);
  });
});

describe('decodeInt16MeterBlob (X-Air)', () => {
  test('decodes little-endian int16 in 1/256 dB, negative values and -oo included', () => {
    // count 5; 0 dB, -6 dB (0xfa00), -1/256 dB (0xffff), +1.5 dB (0x0180), -oo (0x8000); 2 bytes of padding.
    const decoded = decodeInt16MeterBlob(bytes('05000000 0000 00fa ffff 8001 0080 0000'));
    expect(decoded).toEqual({ ok: true, valuesDb: [0, -6, -1 / 256, 1.5, -Infinity] });
  });

  test('an int16 blob inside an OSC packet: blob length big-endian, count and values little-endian', () => {
    const reply = bytes('2f6d65746572732f36000000 2c620000 00000008 02000000 00f6 0001');
    const [blob] = message(decodePacket(reply)).args;
    expect(decodeInt16MeterBlob(blob?.value as Uint8Array)).toEqual({ ok: true, valuesDb: [-10, 1] });
  });

  test.each([
    ['more values announced than present', '03000000 0000 0000'],
    ['trailing bytes beyond padding', '01000000 0000 0000 00000000'],
    ['a negative count', 'feffffff 0000'],
  ])('%s is malformed', (_name, hex) => {
    expect(decodeInt16MeterBlob(bytes(hex)).ok).toBe(false);
  });
});
