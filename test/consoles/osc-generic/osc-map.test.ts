import { describe, expect, test } from 'vitest';
import { MapError } from '../../../server/consoles/mapped/map-file';
import { mapErrorOf } from '../midi/map-error-of';
import { compileOscMap, loadOscMap, routeMessage, writeMessage } from '../../../server/consoles/osc-generic/osc-map';
import type { OscMessage } from '../../../server/consoles/osc/codec';

/** A message as a DAW sends it: numbers as floats, text as strings. */
const message = (address: string, ...values: Array<number | string>): OscMessage => ({
  address,
  args: values.map((value) => (typeof value === 'string' ? { type: 's', value } : { type: 'f', value })),
});

function baseMap(): Record<string, unknown> {
  return {
    name: 'test',
    model: 'Test DAW',
    description: 'for tests',
    notes: [],
    port: 9000,
    localPort: 0,
    channels: 4,
    confirm: 'echo',
    silenceTimeoutMs: null,
    sync: [],
    ignore: [],
    names: null,
    params: [
      {
        param: 'ch.{n}.trimDb',
        each: { from: 1, to: 4 },
        message: { address: '/strip/trimdB', args: ['index', 'value'] },
        law: { kind: 'db', minDb: -20, maxDb: 20, stepDb: 0.1, silenceDb: null },
        writable: true,
      },
    ],
    meters: [],
  };
}

function withParam(change: Record<string, unknown>): Record<string, unknown> {
  const map = baseMap();
  const [param] = map.params as Array<Record<string, unknown>>;
  return { ...map, params: [{ ...param, ...change }] };
}

function compileError(raw: unknown): MapError {
  return mapErrorOf(() => compileOscMap(raw, 'test-osc.json'));
}

describe('shipped OSC maps', () => {
  test('ardour routes strip feedback by the ssid argument', async () => {
    const map = await loadOscMap('ardour');
    expect(routeMessage(map, message('/strip/gain', 3, -6))).toMatchObject({ kind: 'param', binding: { param: 'ch.3.faderDb' }, wire: -6 });
    expect(routeMessage(map, message('/strip/name', 2, 'Snare '))).toEqual({ kind: 'name', channel: 2, name: 'Snare' });
    expect(routeMessage(map, message('/strip/meter', 1, -20.5))).toEqual({ kind: 'meter', point: 'channelPostFader', channel: 1, dbfs: -20.5 });
    expect(routeMessage(map, message('/master/meter', -193))).toEqual({ kind: 'meter', point: 'main', channel: 0, dbfs: -Infinity });
    expect(routeMessage(map, message('/strip/pan_stereo_position', 1, 0.5))).toEqual({ kind: 'ignored' });
    expect(routeMessage(map, message('/strip/gain', 65, 0))).toMatchObject({ kind: 'unexpected' });
    expect(routeMessage(map, message('/strip/gain', 1))).toMatchObject({ kind: 'unexpected' });
    expect(routeMessage(map, message('/what'))).toMatchObject({ kind: 'unexpected' });
  });

  test('ardour: a trim write is /strip/trimdB ssid dB', async () => {
    const map = await loadOscMap('ardour');
    const binding = map.byParam.get('ch.2.trimDb')!;
    expect(writeMessage(binding, -6)).toEqual({
      address: '/strip/trimdB',
      args: [
        { type: 'i', value: 2 },
        { type: 'f', value: -6 },
      ],
    });
  });

  test('reaper routes by the track number in the address', async () => {
    const map = await loadOscMap('reaper');
    expect(routeMessage(map, message('/track/3/volume/db', -6))).toMatchObject({ kind: 'param', binding: { param: 'ch.3.faderDb' } });
    expect(routeMessage(map, message('/track/3/vu', 0.5))).toEqual({ kind: 'meter', point: 'channelPostFader', channel: 3, dbfs: -28 });
    expect(routeMessage(map, message('/track/3/name', 'Bass'))).toEqual({ kind: 'name', channel: 3, name: 'Bass' });
    expect(routeMessage(map, message('/track/3/volume', 0.7))).toEqual({ kind: 'ignored' });
    expect(writeMessage(map.byParam.get('ch.8.faderDb')!, -3)).toEqual({ address: '/track/8/volume/db', args: [{ type: 'f', value: -3 }] });
    expect(map.byParam.get('ch.1.on')!.writable).toBe(false);
  });
});

describe('OSC map validation names the file and the field', () => {
  test.each<[string, unknown, string]>([
    ['an address without a slash', withParam({ message: { address: 'strip/trimdB', args: ['index', 'value'] } }), 'params[0].message.address: must be an OSC address'],
    ['an unknown argument role', withParam({ message: { address: '/strip/trimdB', args: ['index', 'level'] } }), 'params[0].message.args[1]'],
    ['a message without a value', withParam({ message: { address: '/strip/trimdB', args: ['index'] } }), 'params[0].message.args: needs exactly one "value" argument'],
    ['strips without their number', withParam({ message: { address: '/strip/trimdB', args: ['value'] } }), 'params[0].message.args: needs the strip number'],
    ['a switch law on a level', withParam({ law: { kind: 'switch', on: 0, off: 1 } }), 'params[0].law: ch.1.trimDb needs a level law'],
    ['a law that cannot work', withParam({ law: { kind: 'db', minDb: 20, maxDb: -20, stepDb: 0.1, silenceDb: null } }), 'params[0].law: maxDb must be above minDb'],
    [
      'two parameters on one message',
      { ...baseMap(), params: [...(baseMap().params as unknown[]), { param: 'ch.{n}.faderDb', message: { address: '/strip/trimdB', args: ['index', 'value'] }, each: { from: 1, to: 1 }, law: { kind: 'db', minDb: -20, maxDb: 20, stepDb: 0.1, silenceDb: null }, writable: true }] },
      'params[1].message: ch.1.faderDb and ch.1.trimDb are carried by the same message',
    ],
    ['a channel meter without each', { ...baseMap(), meters: [{ point: 'channelPostFader', message: { address: '/m', args: ['value'] }, law: { kind: 'db', silenceDb: -193 } }] }, 'meters[0].each: channel meters need "each"'],
    ['a port out of range', { ...baseMap(), port: 70000 }, 'port:'],
  ])('%s', (_, raw, message) => {
    const error = compileError(raw);
    expect(error.code).toBe('invalid-map');
    expect(error.message).toContain('test-osc.json');
    expect(error.message).toContain(message);
  });
});
