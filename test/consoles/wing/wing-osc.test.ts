/**
 * WING OSC byte fixtures, written out from the examples in the WING OSC documentation (Patrick-Gilles
 * Maillot; quoted as "/ch/1/fdr~~~,sff~~~~-oo~[0.0000][-144.0000]" and "/ch/1/mute~~,sfi~~~~1~~~[1.0000][1]"):
 * big-endian OSC, strings NUL-padded to 4 bytes.
 */
import { expect, test } from 'vitest';
import { decodePacket, type DecodeResult } from '../../../server/consoles/osc/codec';
import { wingModelName } from '../../../server/consoles/wing/wing-addresses';
import { parseWingReply } from '../../../server/consoles/wing/wing-console';

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));

function args(result: DecodeResult) {
  if (result.kind !== 'message') throw new Error(`expected a message, got ${result.kind}`);
  return result.message.args;
}

test('the fader reply: text "-oo", normalised 0.0, value -144.0 (the desk\'s -oo)', () => {
  // "/ch/1/fdr\0\0\0" ",sff\0\0\0\0" "-oo\0" 0x00000000 0xc3100000
  const reply = decodePacket(bytes('2f63682f312f666472000000 2c736666 00000000 2d6f6f00 00000000 c3100000'));
  expect(reply).toMatchObject({ kind: 'message', message: { address: '/ch/1/fdr' } });
  expect(parseWingReply(args(reply))).toEqual({ text: '-oo', value: -144 });
});

test('the mute reply: text "1", normalised 1.0, int 1', () => {
  // "/ch/1/mute\0\0" ",sfi\0\0\0\0" "1\0\0\0" 0x3f800000 0x00000001
  const reply = decodePacket(bytes('2f63682f312f6d7574650000 2c736669 00000000 31000000 3f800000 00000001'));
  expect(parseWingReply(args(reply))).toEqual({ text: '1', value: 1 });
});

test('the identity reply names the model; the front-panel name follows from it', () => {
  // "/?\0\0" ",s\0\0" then the documented example text.
  const text = 'WING,192.168.1.71,PGM,ngc-full,NO_SERIAL,1.07.2-40-g1b1b292b:develop';
  // 68 characters: NUL-terminated and padded to 72 bytes.
  const reply = decodePacket(Uint8Array.from([...Buffer.from('/?\0\0,s\0\0', 'ascii'), ...Buffer.from(text, 'ascii'), 0, 0, 0, 0]));
  expect(args(reply)).toEqual([{ type: 's', value: text }]);
  expect(wingModelName(text.split(',')[3]!)).toBe('WING');
  expect(wingModelName('wing-compact')).toBe('WING Compact');
  expect(wingModelName('wing-rack')).toBe('WING Rack');
});
