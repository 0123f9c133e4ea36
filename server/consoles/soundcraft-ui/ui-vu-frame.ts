/**
 * The payload of a `VU2^` message: base64 of a byte array. Layout, from fmalcher/soundcraft-ui
 * `packages/mixer-connection/src/lib/vu/vu.utils.ts` (parseVuMessageArray) and its fixtures
 * (`vu-test-messages.ts`, frames captured from a Ui24R and a Ui12):
 *
 *   byte 0..6   how many strips of each kind follow: input, player, sub, fx, aux, master, line
 *   byte 7      unused (0)
 *   then per strip, in that order, a block of
 *     input, player, line  6 bytes: pre (before EQ, gate, compressor), post (after them), post-fader, 3 more
 *     sub, fx              7 bytes: post L, post R, post-fader L, post-fader R, 3 more
 *     aux, master          5 bytes: post, post-fader, 3 more
 *
 * The "3 more" bytes of each block are not described by the source, so they are not read. The two master
 * blocks are left and right. Each level byte converts with uiVuDbfs (./ui-law.ts).
 */

export interface UiVuInput {
  preByte: number;
  postByte: number;
  postFaderByte: number;
}

export interface UiVuMono {
  postByte: number;
  postFaderByte: number;
}

export interface UiVuStereo {
  postLByte: number;
  postRByte: number;
  postFaderLByte: number;
  postFaderRByte: number;
}

export interface UiVuFrame {
  input: UiVuInput[];
  player: UiVuInput[];
  sub: UiVuStereo[];
  fx: UiVuStereo[];
  aux: UiVuMono[];
  master: UiVuMono[];
  line: UiVuInput[];
}

export type UiVuResult = { ok: true; frame: UiVuFrame } | { ok: false; reason: string };

const HEADER_BYTES = 8;
/** Block size per strip kind, in header order. */
const BLOCKS = [
  { kind: 'input', bytes: 6 },
  { kind: 'player', bytes: 6 },
  { kind: 'sub', bytes: 7 },
  { kind: 'fx', bytes: 7 },
  { kind: 'aux', bytes: 5 },
  { kind: 'master', bytes: 5 },
  { kind: 'line', bytes: 6 },
] as const;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Decodes the base64 text after `VU2^`. Never throws: anything that does not add up is a reason. */
export function decodeUiVu(base64: string): UiVuResult {
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) return { ok: false, reason: 'VU2 data is not base64' };
  return parseUiVuBytes(Buffer.from(base64, 'base64'));
}

/** Reads a decoded VU byte array; the length must be exactly what the header announces. */
export function parseUiVuBytes(bytes: Uint8Array): UiVuResult {
  if (bytes.length < HEADER_BYTES) return { ok: false, reason: `VU2 frame of ${bytes.length} bytes has no header` };
  const expected = BLOCKS.reduce((sum, block, i) => sum + (bytes[i] ?? 0) * block.bytes, HEADER_BYTES);
  if (bytes.length !== expected) return { ok: false, reason: `VU2 frame of ${bytes.length} bytes, its header announces ${expected}` };
  const frame: UiVuFrame = { input: [], player: [], sub: [], fx: [], aux: [], master: [], line: [] };
  const at = (offset: number): number => bytes[offset] ?? 0;
  let offset = HEADER_BYTES;
  BLOCKS.forEach((block, i) => {
    const count = at(i);
    for (let strip = 0; strip < count; strip++, offset += block.bytes) {
      switch (block.kind) {
        case 'input':
        case 'player':
        case 'line':
          frame[block.kind].push({ preByte: at(offset), postByte: at(offset + 1), postFaderByte: at(offset + 2) });
          break;
        case 'sub':
        case 'fx':
          frame[block.kind].push({ postLByte: at(offset), postRByte: at(offset + 1), postFaderLByte: at(offset + 2), postFaderRByte: at(offset + 3) });
          break;
        case 'aux':
        case 'master':
          frame[block.kind].push({ postByte: at(offset), postFaderByte: at(offset + 1) });
          break;
      }
    }
  });
  return { ok: true, frame };
}
