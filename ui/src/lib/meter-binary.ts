/**
 * Reads the bridge's binary meter frames (server/hub/meter-binary.ts has the byte layout): a 12-byte header
 * with the layout id and the frame's time, then one value per point in the order of the meter layout the
 * bridge announced, Int16 in 0.1 dB or a byte in 0.5 dB (gain reduction on the overview). Points the
 * layout leaves out (another view's meters) read as silence.
 */
import type { MeterArea, MeterLayout } from '../../../server/hub/protocol';
import type { MeterFrameView } from './wire';

const KIND = 1;
const VERSION = 1;
const HEADER_BYTES = 12;
const SILENCE = -32768;
const OVER = 32767;
const U8_OVER = 255;

const GAIN_REDUCTION: ReadonlySet<MeterArea> = new Set<MeterArea>(['channelGateGrDb', 'channelDynGrDb']);

export type DecodedFrame =
  | { kind: 'frame'; frame: MeterFrameView }
  /** A frame in another layout than the one held: the new layout is on its way. */
  | { kind: 'other-layout'; layoutId: number }
  | { kind: 'malformed' };

function level(raw: number): number {
  if (raw === SILENCE) return -Infinity;
  if (raw === OVER) return Infinity;
  return raw / 10;
}

export function decodeMeterFrame(bytes: ArrayBuffer, layout: MeterLayout | null): DecodedFrame {
  if (bytes.byteLength < HEADER_BYTES) return { kind: 'malformed' };
  const view = new DataView(bytes);
  if (view.getUint8(0) !== KIND || view.getUint8(1) !== VERSION) return { kind: 'malformed' };
  const layoutId = view.getUint16(2, true);
  if (layout === null || layout.id !== layoutId) return { kind: 'other-layout', layoutId };
  const payload = layout.segments.reduce((sum, segment) => sum + segment.count * (segment.encoding === 'i16' ? 2 : 1), 0);
  if (bytes.byteLength !== HEADER_BYTES + payload) return { kind: 'malformed' };
  const frame: MeterFrameView = {
    atMs: view.getFloat64(4, true),
    channelInputDbfs: [],
    channelGateGrDb: [],
    channelDynGrDb: [],
    channelPostFaderDbfs: [],
    busDbfs: [],
    matrixDbfs: [],
    mainDbfs: [],
  };
  let offset = HEADER_BYTES;
  for (const segment of layout.segments) {
    const values = frame[segment.area];
    const floor = GAIN_REDUCTION.has(segment.area) ? 0 : -Infinity;
    while (values.length < segment.areaLength) values.push(floor);
    for (let i = segment.first; i < segment.first + segment.count; i++) {
      if (segment.encoding === 'i16') {
        values[i] = Math.max(floor, level(view.getInt16(offset, true)));
        offset += 2;
      } else {
        const raw = view.getUint8(offset);
        values[i] = raw === U8_OVER ? Infinity : raw / 2;
        offset += 1;
      }
    }
  }
  return { kind: 'frame', frame };
}
