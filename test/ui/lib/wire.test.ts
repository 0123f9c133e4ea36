import { describe, expect, test } from 'vitest';
import type { WireMeterFrame } from '../../../server/hub/protocol';
import type { SoundcheckState } from '../../../server/hub/protocol';
import { channelFromWire, meterFrameFromWire, readServerMessage, snapshotFromWire, soundcheckStateFromWire, suggestionFromWire } from '../../../ui/src/lib/wire';
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
    const snapshot = snapshotFromWire(wire, channelFromWire);
    expect(snapshot.channels[0]!.faderDb).toBe(-Infinity);
    expect(snapshot.channels[0]!.sends[0]!.levelDb).toBe(-Infinity);
    expect(snapshot.buses[0]!.faderDb).toBe(-Infinity);
    expect(snapshot.main.faderDb).toBe(-Infinity);
  });

  test('a silent contributor reads as silence; suggestions without contributors stay without', () => {
    const wire = JSON.parse(
      JSON.stringify(
        makeSuggestion({ target: { kind: 'bus', index: 1 }, contributors: [{ target: { kind: 'channel', index: 1 }, label: 'Ch 1 Kick', levelDbfs: -Infinity }] }),
      ),
    );
    expect(suggestionFromWire(wire).contributors).toEqual([{ target: { kind: 'channel', index: 1 }, label: 'Ch 1 Kick', levelDbfs: -Infinity }]);
    expect('contributors' in suggestionFromWire(JSON.parse(JSON.stringify(makeSuggestion())))).toBe(false);
  });

  test('null evidence figures read as silence', () => {
    const wire = JSON.parse(JSON.stringify(makeSuggestion({ evidence: { windowMs: 8000, noiseFloorDbfs: -Infinity } })));
    expect(suggestionFromWire(wire).evidence).toEqual({ windowMs: 8000, noiseFloorDbfs: -Infinity });
  });
});

describe('soundcheck state from the wire', () => {
  test('a result suggestion gets its silent figures back as -Infinity; channels without a result stay null', () => {
    const state: SoundcheckState = {
      soundcheckId: 's1', mode: 'walk', windowMs: 8000, startedBy: 'ab', startedAtIso: '2026-11-25T18:00:00.000Z', running: true, endReason: null,
      channels: [
        {
          channel: 1, label: 'Ch 1 Kick', status: 'done', activeMs: 8000,
          result: {
            soundcheckId: 's1', channel: 1, label: 'Ch 1 Kick', outcome: 'complete', activeMs: 8000, windowMs: 8000,
            peakDbfs: 0, averageDbfs: -2.5, noiseFloorDbfs: null, clipCount: 12, message: 'clips',
            suggestion: makeSuggestion({ evidence: { windowMs: 8000, noiseFloorDbfs: -Infinity } }),
          },
        },
        { channel: 2, label: 'Ch 2 Snare', status: 'listening', activeMs: 100, result: null },
      ],
    };
    const read = soundcheckStateFromWire(JSON.parse(JSON.stringify(state)));
    expect(read.channels[0]!.result!.suggestion!.evidence.noiseFloorDbfs).toBe(-Infinity);
    expect(read.channels[0]!.result!.noiseFloorDbfs).toBeNull();
    expect(read.channels[1]!.result).toBeNull();
  });
});

describe('readServerMessage', () => {
  test.each([
    ['not json', 'malformed'],
    ['[]', 'malformed'],
    ['{"kind":"x"}', 'malformed'],
    ['{"type":"meters","frame":{}}', 'malformed'],
    ['{"type":"suggestions","suggestions":[{"id":1}]}', 'malformed'],
    ['{"type":"a-newer-bridge-message","x":1}', 'unhandled a-newer-bridge-message'],
    ['{"type":"journal-entry","entry":{}}', 'malformed'],
    ['{"type":"journal","requestId":null,"entries":[],"total":0}', 'message journal'],
    ['{"type":"backup","backup":{"takenAtIso":null,"valueCount":0,"savedTo":null,"problem":null}}', 'message backup'],
    ['{"type":"needs-confirmation","requestId":"r","action":"undo","message":"Big","resend":{"type":"undo","confirm":true}}', 'message needs-confirmation'],
    ['{"type":"needs-confirmation","requestId":"r","action":"undo","message":"Big","resend":{"type":"restore-backup"}}', 'malformed'],
    ['{"type":"write-result","requestId":"r","action":"undo","entries":[{"seq":1}],"failures":[],"message":"x"}', 'malformed'],
    ['{"type":"soundcheck-progress","progress":{"soundcheckId":"s","channel":1,"activeMs":10,"windowMs":8000}}', 'message soundcheck-progress'],
    ['{"type":"soundcheck","state":{"soundcheckId":"s","running":true,"channels":[{"channel":1,"status":"done","result":{}}]}}', 'malformed'],
    ['{"type":"venues","requestId":null,"venues":{"profiles":[],"invalid":[],"active":{"id":null,"venue":"Default"}}}', 'message venues'],
    ['{"type":"venue-preview","requestId":"r","preview":{"id":"club","diff":{}}}', 'malformed'],
    ['{"type":"error","requestId":null,"code":"bad-json","message":"no"}', 'message error'],
    ['{"type":"hello","protocol":1,"clientId":"ab","readOnly":false}', 'message hello'],
    ['{"type":"confirm-needed","requestId":"r1","suggestionId":"s","message":"Big step"}', 'message confirm-needed'],
    ['{"type":"apply-resolved","requestId":"r1","suggestionId":"s","message":"resolved by Ch 1 Kick\'s gain fix","resolvedBy":"clipping:ch1:preamp"}', 'message apply-resolved'],
    ['{"type":"apply-resolved","requestId":"r1","suggestionId":"s"}', 'malformed'],
    [`{"type":"apply-changed","requestId":"r1","suggestionId":"s","message":"moved","changes":[],"suggestion":${JSON.stringify(makeSuggestion())}}`, 'message apply-changed'],
    ['{"type":"apply-changed","requestId":"r1","suggestionId":"s","message":"moved","changes":[],"suggestion":{}}', 'malformed'],
    ['{"type":"stage-box","desk":"foh","stageBox":{"desks":[],"pairs":[],"preamps":[{"input":1,"owner":"foh","members":[]}],"changes":[],"warnings":[]}}', 'message stage-box'],
    ['{"type":"stage-box","desk":"foh","stageBox":{"desks":[],"pairs":[],"preamps":[{"owner":"foh"}],"changes":[],"warnings":[]}}', 'malformed'],
  ])('%s is %s', (text, expected) => {
    const read = readServerMessage(text);
    const summary = read.kind === 'message' ? `message ${read.message.type}` : read.kind === 'unhandled' ? `unhandled ${read.type}` : 'malformed';
    expect(summary).toBe(expected);
  });
});
