import { describe, expect, test } from 'vitest';
import type { WireMeterFrame } from '../../../server/hub/protocol';
import { meterFrameFromWire, readServerMessage, snapshotFromWire, suggestionFromWire } from '../../../ui/src/lib/wire';
import { makeSnapshot } from '../../engine/builders';
import { makeSuggestion } from './builders';

describe('from the wire', () => {
  test('null levels in a meter frame are silence; gain reduction is never negative', () => {
    const wire: WireMeterFrame = {
      atMs: 5,
      channelInputDbfs: [-12.5, null],
      channelGateGrDb: [null, 3],
      channelDynGrDb: [-0.1],
      channelPostFaderDbfs: [],
      busDbfs: [null],
      matrixDbfs: [],
      mainDbfs: [-6, -7],
    };
    expect(meterFrameFromWire(wire)).toEqual({
      atMs: 5,
      channelInputDbfs: [-12.5, -Infinity],
      channelGateGrDb: [0, 3],
      channelDynGrDb: [0],
      channelPostFaderDbfs: [],
      busDbfs: [-Infinity],
      matrixDbfs: [],
      mainDbfs: [-6, -7],
    });
  });

  test('faders fully down and silent send levels come back as -Infinity', () => {
    const wire = JSON.parse(
      JSON.stringify(
        makeSnapshot({
          channels: [{ faderDb: -Infinity, sends: [{ bus: 1, levelDb: -Infinity, on: true, preFader: true }] }],
          buses: [{ index: 1, name: 'Mon', faderDb: -Infinity, on: true }],
          main: { name: 'Main', faderDb: -Infinity, on: true },
        }),
      ),
    );
    expect(wire.channels[0].faderDb).toBeNull();
    const snapshot = snapshotFromWire(wire);
    expect(snapshot.channels[0]!.faderDb).toBe(-Infinity);
    expect(snapshot.channels[0]!.sends[0]!.levelDb).toBe(-Infinity);
    expect(snapshot.buses[0]!.faderDb).toBe(-Infinity);
    expect(snapshot.main.faderDb).toBe(-Infinity);
  });

  test('null evidence figures read as silence', () => {
    const wire = JSON.parse(JSON.stringify(makeSuggestion({ evidence: { windowMs: 8000, noiseFloorDbfs: -Infinity } })));
    expect(suggestionFromWire(wire).evidence).toEqual({ windowMs: 8000, noiseFloorDbfs: -Infinity });
  });
});

describe('readServerMessage', () => {
  test.each([
    ['not json', 'malformed'],
    ['[]', 'malformed'],
    ['{"kind":"x"}', 'malformed'],
    ['{"type":"meters","frame":{}}', 'malformed'],
    ['{"type":"suggestions","suggestions":[{"id":1}]}', 'malformed'],
    ['{"type":"journal-entry","entry":{}}', 'unhandled journal-entry'],
    ['{"type":"error","requestId":null,"code":"bad-json","message":"no"}', 'message error'],
    ['{"type":"hello","protocol":1,"clientId":"ab","readOnly":false}', 'message hello'],
    ['{"type":"confirm-needed","requestId":"r1","suggestionId":"s","message":"Big step"}', 'message confirm-needed'],
  ])('%s is %s', (text, expected) => {
    const read = readServerMessage(text);
    const summary = read.kind === 'message' ? `message ${read.message.type}` : read.kind === 'unhandled' ? `unhandled ${read.type}` : 'malformed';
    expect(summary).toBe(expected);
  });
});
