/**
 * Byte fixtures for the VU2 payload (layout from soundcraft-ui-connection's vu/vu.utils.ts: an 8-byte header
 * of strip counts, then 6-byte input, player and line blocks, 7-byte sub and FX blocks, 5-byte aux and
 * master blocks), its MeterFrame, and a bounded fuzz that no payload makes the decoder throw.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { UI_LAYOUTS } from '../../../server/consoles/soundcraft-ui/ui-keys';
import { uiVuDbfs } from '../../../server/consoles/soundcraft-ui/ui-law';
import { uiMeterFrame } from '../../../server/consoles/soundcraft-ui/ui-meter-frame';
import { decodeUiVu, parseUiVuBytes } from '../../../server/consoles/soundcraft-ui/ui-vu-frame';

/** A Ui12-shaped frame: 8 inputs, 2 players, 4 subs, 4 FX, 4 aux, 2 master, 2 line. */
function ui12Frame(): number[] {
  const bytes = [8, 2, 4, 4, 4, 2, 2, 0];
  for (let i = 1; i <= 8; i++) bytes.push(120 + i, 110 + i, 100 + i, 0, 0, 0xf7);
  bytes.push(0, 0, 0, 0, 0, 0xf7, 0, 0, 0, 0, 0, 0xf7);
  for (let s = 0; s < 4; s++) bytes.push(0, 0, 0, 0, 0, 0, 0xf7);
  for (let f = 1; f <= 4; f++) bytes.push(60, 61, 70 + f, 80 + f, 0, 0, 0xf7);
  for (let a = 1; a <= 4; a++) bytes.push(50 + a, 40 + a, 0, 0, 0xf7);
  bytes.push(200, 190, 0, 0, 0xf7, 201, 191, 0, 0, 0xf7);
  bytes.push(0, 0, 0, 0, 0, 0xf7, 0, 0, 0, 0, 0, 0xf7);
  return bytes;
}

describe('parseUiVuBytes', () => {
  test('reads every strip block of a Ui12 frame', () => {
    const bytes = ui12Frame();
    expect(bytes).toHaveLength(166);
    const result = parseUiVuBytes(Uint8Array.from(bytes));
    if (!result.ok) throw new Error(result.reason);
    expect(result.frame.input[0]).toEqual({ preByte: 121, postByte: 111, postFaderByte: 101 });
    expect(result.frame.input[7]).toEqual({ preByte: 128, postByte: 118, postFaderByte: 108 });
    expect(result.frame.fx[3]).toEqual({ postLByte: 60, postRByte: 61, postFaderLByte: 74, postFaderRByte: 84 });
    expect(result.frame.aux[1]).toEqual({ postByte: 52, postFaderByte: 42 });
    expect(result.frame.master).toEqual([{ postByte: 200, postFaderByte: 190 }, { postByte: 201, postFaderByte: 191 }]);
    expect(result.frame.line).toHaveLength(2);
  });

  test('the same bytes arrive as base64 after VU2^', () => {
    const result = decodeUiVu(Buffer.from(ui12Frame()).toString('base64'));
    expect(result.ok && result.frame.input).toHaveLength(8);
  });

  test.each([
    [[8, 2, 4], 'VU2 frame of 3 bytes has no header'],
    [[1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3], 'VU2 frame of 11 bytes, its header announces 14'],
    [[0, 0, 0, 0, 0, 0, 0, 0, 9], 'VU2 frame of 9 bytes, its header announces 8'],
  ])('%j is refused: %s', (bytes, reason) => {
    expect(parseUiVuBytes(Uint8Array.from(bytes))).toEqual({ ok: false, reason });
  });

  test.each(['@@@@', 'AAA', 'A===', 'AA AA'])('%j is not base64', (text) => {
    expect(decodeUiVu(text)).toEqual({ ok: false, reason: 'VU2 data is not base64' });
  });

  test('random payloads never throw (bounded)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const result = parseUiVuBytes(bytes);
        if (result.ok) expect(result.frame.input).toHaveLength(bytes[0] ?? 0);
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => void decodeUiVu(text)), { numRuns: 1000 });
  });
});

describe('uiMeterFrame', () => {
  test('pre and post-fader per input, aux then FX buses, master left and right', () => {
    const result = parseUiVuBytes(Uint8Array.from(ui12Frame()));
    if (!result.ok) throw new Error(result.reason);
    const built = uiMeterFrame(result.frame, UI_LAYOUTS.ui12, 42);
    if (!built.ok) throw new Error(built.reason);
    const { frame } = built;
    expect(frame.atMs).toBe(42);
    expect(frame.channelInputDbfs).toEqual([121, 122, 123, 124, 125, 126, 127, 128].map(uiVuDbfs));
    expect(frame.channelPostFaderDbfs).toEqual([101, 102, 103, 104, 105, 106, 107, 108].map(uiVuDbfs));
    expect(frame.busDbfs).toEqual([...[41, 42, 43, 44].map(uiVuDbfs), ...[81, 82, 83, 84].map(uiVuDbfs)]);
    expect(frame.mainDbfs).toEqual([uiVuDbfs(190), uiVuDbfs(191)]);
    expect(frame.channelGateGrDb).toEqual([]);
    expect(frame.channelDynGrDb).toEqual([]);
  });

  test('a frame with fewer inputs than the model is refused', () => {
    const result = parseUiVuBytes(Uint8Array.from(ui12Frame()));
    if (!result.ok) throw new Error(result.reason);
    expect(uiMeterFrame(result.frame, UI_LAYOUTS.ui24, 0)).toEqual({
      ok: false,
      reason: 'VU2 frame with 8 inputs, 4 aux, 4 FX, 2 master meters is short for a Ui24R',
    });
  });
});
