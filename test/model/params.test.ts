import { describe, expect, test } from 'vitest';
import { formatParamId, parseParamId, type ParamRef } from '../../server/model/params';

test.each<[string, ParamRef]>([
  ['ch.3.trimDb', { scope: 'channel', channel: 3, param: 'trimDb' }],
  ['ch.12.preampGainDb', { scope: 'channel', channel: 12, param: 'preampGainDb' }],
  ['ch.1.eq.2.gainDb', { scope: 'channel-eq', channel: 1, band: 2 }],
  ['ch.5.send.16.levelDb', { scope: 'channel-send', channel: 5, bus: 16 }],
  ['bus.1.faderDb', { scope: 'bus', bus: 1 }],
  ['mtx.2.faderDb', { scope: 'matrix', matrix: 2 }],
  ['main.faderDb', { scope: 'main' }],
])('%s parses and formats back', (id, ref) => {
  expect(parseParamId(id)).toEqual(ref);
  expect(formatParamId(ref)).toBe(id);
});

test.each(['', 'ch', 'ch.0.trimDb', 'ch.01.trimDb', 'ch.3.volume', 'ch.3.trimDb.x', 'bus.x.faderDb', 'main', '__proto__', 'ch.3.constructor'])(
  'rejects %j without throwing',
  (id) => {
    expect(parseParamId(id)).toBeNull();
  },
);

describe('parseParamId remembering ids', () => {
  test('answers the same after many other ids passed through, and its answers cannot be changed by a caller', () => {
    const first = parseParamId('ch.7.send.3.levelDb');
    // More distinct ids than the cache keeps (4096), so it is cleared on the way.
    for (let i = 1; i <= 5000; i += 1) parseParamId(`ch.${(i % 999) + 1}.eq.${Math.floor(i / 999) + 1}.gainDb`);
    // Parsed afresh: the cache was cleared rather than grown without bound.
    expect(parseParamId('ch.7.send.3.levelDb')).not.toBe(first);
    expect(parseParamId('ch.7.send.3.levelDb')).toEqual({ scope: 'channel-send', channel: 7, bus: 3 });
    expect(parseParamId('ch.1000.faderDb')).toBeNull();
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => Object.assign(first!, { channel: 8 })).toThrow(TypeError);
    expect(parseParamId('ch.7.send.3.levelDb')).toEqual({ scope: 'channel-send', channel: 7, bus: 3 });
  });
});
