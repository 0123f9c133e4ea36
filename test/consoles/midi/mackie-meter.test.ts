import { describe, expect, test } from 'vitest';
import { decodeMackieMeter } from '../../../server/consoles/midi/mackie-meter';

describe('Mackie Control meter values (channel pressure strip << 4 | code)', () => {
  test.each([
    [0x00, { kind: 'level', strip: 0, level: 0 }],
    [0x35, { kind: 'level', strip: 3, level: 5 }],
    [0x1c, { kind: 'level', strip: 1, level: 12 }],
    [0x7d, { kind: 'level', strip: 7, level: 13 }],
    [0x0e, { kind: 'clip-on', strip: 0 }],
    [0x7f, { kind: 'clip-off', strip: 7 }],
  ])('pressure %i', (pressure, reading) => {
    expect(decodeMackieMeter(pressure)).toEqual(reading);
  });
});
