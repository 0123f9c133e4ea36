import { describe, expect, test } from 'vitest';
import { decodeDatagram } from '../../../server/consoles/osc/codec';
import { oscBundle, oscMessage } from '../osc-generic/osc-bytes';

describe('OSC datagrams', () => {
  test('a message decodes to its address and values', () => {
    const bytes = oscMessage('/strip/gain', [
      { type: 'i', value: 3 },
      { type: 'f', value: -6 },
    ]);
    expect(decodeDatagram(bytes)).toEqual({ kind: 'messages', messages: [{ address: '/strip/gain', args: [{ type: 'i', value: 3 }, { type: 'f', value: -6 }] }] });
  });

  test('the bytes of /strip/trimdB 2 -6.0 are what Ardour expects', () => {
    const bytes = oscMessage('/strip/trimdB', [
      { type: 'i', value: 2 },
      { type: 'f', value: -6 },
    ]);
    expect(bytes.toString('hex')).toBe(
      Buffer.concat([Buffer.from('/strip/trimdB\0\0\0', 'ascii'), Buffer.from(',if\0', 'ascii'), Buffer.from('00000002c0c00000', 'hex')]).toString('hex'),
    );
  });

  test('bundles (nested too) are flattened in order', () => {
    const bytes = oscBundle([
      oscMessage('/track/1/name', [{ type: 's', value: 'Kick' }]),
      oscBundle([oscMessage('/track/1/vu', [{ type: 'f', value: 0.5 }])]),
    ]);
    expect(decodeDatagram(bytes)).toEqual({
      kind: 'messages',
      messages: [
        { address: '/track/1/name', args: [{ type: 's', value: 'Kick' }] },
        { address: '/track/1/vu', args: [{ type: 'f', value: 0.5 }] },
      ],
    });
  });

  test.each([
    ['an empty datagram', Buffer.alloc(0), /not a positive multiple of 4/],
    ['a length that is not a multiple of 4', Buffer.from([0x2f, 0x61, 0x00]), /not a positive multiple of 4/],
    ['an address without its type tags', oscMessage('/x', []).subarray(0, 4), /.+/],
  ])('%s is malformed', (_, bytes, reason) => {
    const result = decodeDatagram(bytes);
    expect(result.kind).toBe('malformed');
    expect(result.kind === 'malformed' && result.reason).toMatch(reason);
  });

  test('True and False arrive as int 1 and 0', () => {
    const bytes = Buffer.from('/x\0\0,TF\0', 'ascii');
    expect(decodeDatagram(bytes)).toEqual({ kind: 'messages', messages: [{ address: '/x', args: [{ type: 'i', value: 1 }, { type: 'i', value: 0 }] }] });
  });

  test('an unsupported argument type is malformed, naming the type and address', () => {
    const midi = Buffer.concat([Buffer.from('/x\0\0,m\0\0', 'ascii'), Buffer.from([0, 0x90, 60, 100])]);
    const result = decodeDatagram(midi);
    expect(result).toEqual({ kind: 'malformed', reason: "argument type 'm' on /x is not supported" });
  });

  test('bundles nested too deep are refused', () => {
    let bytes = oscMessage('/a', []);
    for (let i = 0; i < 10; i++) bytes = oscBundle([bytes]);
    expect(decodeDatagram(bytes)).toMatchObject({ kind: 'malformed', reason: expect.stringMatching(/nested deeper/) });
  });
});
