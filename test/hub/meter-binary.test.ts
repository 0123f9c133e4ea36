import { describe, expect, test } from 'vitest';
import { encodeLevel, encodeMeterFrame, encodeReduction, METER_OVER, METER_SILENCE } from '../../server/hub/meter-binary';
import { frameShape, layoutSegments, MeterLayouts } from '../../server/hub/meter-layout';
import type { MeterLayout } from '../../server/hub/protocol';
import { emptyMeterFrame, type MeterFrame } from '../../server/model/meter-frame';
import { decodeMeterFrame } from '../../ui/src/lib/meter-binary';

function x32Frame(): MeterFrame {
  const frame = emptyMeterFrame(1_700_000_000_123);
  frame.channelInputDbfs = Array.from({ length: 32 }, (_, i) => -40 - i / 10);
  frame.channelInputDbfs[0] = -Infinity;
  frame.channelInputDbfs[1] = 18.04;
  frame.channelGateGrDb = Array.from({ length: 32 }, () => 0);
  frame.channelDynGrDb = Array.from({ length: 32 }, (_, i) => (i === 2 ? 6.26 : 0));
  frame.busDbfs = Array.from({ length: 16 }, () => -30);
  frame.matrixDbfs = Array.from({ length: 6 }, () => -50);
  frame.mainDbfs = [-12.34, Infinity];
  return frame;
}

describe('binary meter frames', () => {
  test('gain reduction for bars is 0.5 dB a byte, 255 for over', () => {
    expect([encodeReduction(-Infinity), encodeReduction(0), encodeReduction(6.26), encodeReduction(127.4), encodeReduction(400), encodeReduction(Infinity)])
      .toEqual([0, 0, 13, 255, 255, 255]);
  });

  test('levels are 0.1 dB steps with reserved values for silence and over', () => {
    expect([encodeLevel(-Infinity), encodeLevel(Number.NaN), encodeLevel(-18.04), encodeLevel(0), encodeLevel(6.25), encodeLevel(Infinity), encodeLevel(-5000)])
      .toEqual([METER_SILENCE, METER_SILENCE, -180, 0, 63, METER_OVER, METER_SILENCE]);
  });

  test('byte layout: kind, version, layout id, atMs, then Int16 LE values in layout order', () => {
    const layout: MeterLayout = { id: 0x0102, segments: [{ area: 'mainDbfs', first: 0, count: 2, areaLength: 2, encoding: 'i16' }] };
    const bytes = encodeMeterFrame(x32Frame(), layout);
    expect(bytes.byteLength).toBe(12 + 4);
    const view = new DataView(bytes.buffer);
    expect([bytes[0], bytes[1], bytes[2], bytes[3]]).toEqual([1, 1, 0x02, 0x01]);
    expect(view.getFloat64(4, true)).toBe(1_700_000_000_123);
    expect([view.getInt16(12, true), view.getInt16(14, true)]).toEqual([-123, 32767]);
  });

  test('the tablet decodes what the bridge encodes, 0.1 dB apart at most, with the layout’s points only', () => {
    const frame = x32Frame();
    const layout = new MeterLayouts().layoutFor({ kind: 'overview' }, frame);
    const bytes = encodeMeterFrame(frame, layout);
    // 32 inputs, 16 buses, 2 main in 0.1 dB; 32 gate and 32 compressor reductions in a byte each; no
    // post-fader, no matrices.
    expect(bytes.byteLength).toBe(12 + 2 * (32 + 16 + 2) + 32 * 2);
    const decoded = decodeMeterFrame(bytes.buffer.slice(0) as ArrayBuffer, layout);
    if (decoded.kind !== 'frame') throw new Error(`decoded ${decoded.kind}`);
    expect(decoded.frame.atMs).toBe(frame.atMs);
    expect(decoded.frame.channelInputDbfs[0]).toBe(-Infinity);
    expect(decoded.frame.channelInputDbfs[1]).toBeCloseTo(18, 5);
    expect(decoded.frame.channelInputDbfs.slice(2).every((v, i) => Math.abs(v - frame.channelInputDbfs[i + 2]!) <= 0.05 + 1e-9)).toBe(true);
    // Gain reduction on the overview: half a dB.
    expect(decoded.frame.channelDynGrDb[2]).toBe(6.5);
    expect(decoded.frame.channelGateGrDb[0]).toBe(0);
    expect(decoded.frame.mainDbfs).toEqual([-12.3, Infinity]);
    expect(decoded.frame.matrixDbfs).toEqual([]);
    expect(decoded.frame.channelPostFaderDbfs).toEqual([]);
  });

  test('a frame in another layout, or cut short, is not read as meters', () => {
    const frame = x32Frame();
    const layouts = new MeterLayouts();
    const overview = layouts.layoutFor({ kind: 'overview' }, frame);
    const channel = layouts.layoutFor({ kind: 'channel', channel: 3 }, frame);
    expect(channel.id).not.toBe(overview.id);
    const bytes = encodeMeterFrame(frame, channel).buffer as ArrayBuffer;
    expect(decodeMeterFrame(bytes, overview)).toEqual({ kind: 'other-layout', layoutId: channel.id });
    expect(decodeMeterFrame(bytes.slice(0, bytes.byteLength - 2), channel)).toEqual({ kind: 'malformed' });
    expect(decodeMeterFrame(new Uint8Array([9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).buffer, channel)).toEqual({ kind: 'malformed' });
  });
});

describe('meter views', () => {
  const frame = x32Frame();
  test.each([
    [{ kind: 'all' } as const, ['channelInputDbfs:0+32', 'channelGateGrDb:0+32', 'channelDynGrDb:0+32', 'busDbfs:0+16', 'matrixDbfs:0+6', 'mainDbfs:0+2']],
    [{ kind: 'overview' } as const, ['channelInputDbfs:0+32', 'channelGateGrDb:0+32', 'channelDynGrDb:0+32', 'busDbfs:0+16', 'mainDbfs:0+2']],
    [{ kind: 'channel', channel: 3 } as const, ['channelInputDbfs:2+1', 'channelGateGrDb:2+1', 'channelDynGrDb:2+1', 'busDbfs:0+16', 'mainDbfs:0+2']],
    [{ kind: 'mix', bus: 4 } as const, ['busDbfs:3+1']],
    [{ kind: 'mix', bus: null } as const, ['mainDbfs:0+2']],
    [{ kind: 'channel', channel: 99 } as const, ['busDbfs:0+16', 'mainDbfs:0+2']],
  ])('%j takes %j', (view, expected) => {
    expect(layoutSegments(view, frame).map((s) => `${s.area}:${s.first}+${s.count}`)).toEqual(expected);
  });

  test('one view on one desk shape is one layout id, for every tablet', () => {
    const layouts = new MeterLayouts();
    expect(layouts.layoutFor({ kind: 'overview' }, frame).id).toBe(layouts.layoutFor({ kind: 'overview' }, x32Frame()).id);
  });

  test('the frame shape names every area\'s length, so a change in any one of them is a new shape', () => {
    expect(frameShape(x32Frame())).toBe('32,32,32,0,16,6,2');
    const areas = ['channelInputDbfs', 'channelGateGrDb', 'channelDynGrDb', 'channelPostFaderDbfs', 'busDbfs', 'matrixDbfs'] as const;
    for (const area of areas) {
      const changed = x32Frame();
      changed[area] = [...changed[area], -20];
      expect(frameShape(changed)).not.toBe(frameShape(x32Frame()));
    }
    expect(frameShape({ ...x32Frame(), mainDbfs: [] })).not.toBe(frameShape(x32Frame()));
  });
});
