/**
 * Binary meter frames for tablets: the values of one layout (MeterLayout in protocol.ts) as 16-bit integers.
 * Little-endian:
 *   offset 0  u8   kind, always 1 (a meter frame)
 *   offset 1  u8   format version, always 1
 *   offset 2  u16  layout id (MeterLayout.id)
 *   offset 4  f64  atMs (the bridge's clock when the frame arrived from the console)
 *   offset 12      one value per point of the layout, segment after segment, each in its segment's encoding:
 *                  'i16' Int16 LE in 0.1 dB (dBFS; gain reduction in positive dB), -32768 is silence
 *                  (-Infinity), 32767 is above the range (+Infinity); 'u8' one byte in 0.5 dB from 0 dB
 *                  (gain reduction drawn as a bar), 255 is above the range
 * 0.1 dB is what the JSON frames carry too (they round to 0.1 dB). An X32 on the overview (32 inputs, their
 * gate and compressor reduction, 16 buses, the main) at 20 frames a second: 12 + 2 x 50 + 64 bytes, 3.5 kB/s.
 * The tablet's decoder is ui/src/lib/meter-binary.ts.
 */
import type { MeterFrame } from '../model/meter-frame';
import type { MeterArea, MeterEncoding, MeterLayout } from './protocol';

export const METER_FRAME_KIND = 1;
export const METER_FRAME_VERSION = 1;
export const METER_HEADER_BYTES = 12;
export const METER_SILENCE = -32768;
export const METER_OVER = 32767;
export const METER_U8_OVER = 255;

/** The frame's area under the wire name (MeterFrame and WireMeterFrame use the same names). */
export function areaValues(frame: MeterFrame, area: MeterArea): readonly number[] {
  return frame[area];
}

/** 0.1 dB steps; -Infinity and anything below the range is silence, +Infinity and above is "over". */
export function encodeLevel(db: number): number {
  if (Number.isNaN(db) || db === -Infinity) return METER_SILENCE;
  const steps = Math.round(db * 10);
  if (steps <= METER_SILENCE) return METER_SILENCE;
  return steps >= METER_OVER ? METER_OVER : steps;
}

/** 0.5 dB steps from 0 dB (anything below, -Infinity included, is 0); 255 is above the range. */
export function encodeReduction(db: number): number {
  if (!(db > 0)) return 0;
  const steps = Math.round(db * 2);
  return steps >= METER_U8_OVER ? METER_U8_OVER : steps;
}

/** Bytes of one value in `encoding`. */
export function valueBytes(encoding: MeterEncoding): number {
  return encoding === 'i16' ? 2 : 1;
}

/** The frame's values in the layout's order, with the header. Points the frame lacks are silence. */
export function encodeMeterFrame(frame: MeterFrame, layout: MeterLayout): Uint8Array {
  const payload = layout.segments.reduce((sum, segment) => sum + segment.count * valueBytes(segment.encoding), 0);
  const bytes = new Uint8Array(METER_HEADER_BYTES + payload);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, METER_FRAME_KIND);
  view.setUint8(1, METER_FRAME_VERSION);
  view.setUint16(2, layout.id, true);
  view.setFloat64(4, frame.atMs, true);
  let offset = METER_HEADER_BYTES;
  for (const segment of layout.segments) {
    const values = areaValues(frame, segment.area);
    for (let i = segment.first; i < segment.first + segment.count; i++) {
      if (segment.encoding === 'i16') {
        view.setInt16(offset, encodeLevel(values[i] ?? -Infinity), true);
        offset += 2;
      } else {
        view.setUint8(offset, encodeReduction(values[i] ?? -Infinity));
        offset += 1;
      }
    }
  }
  return bytes;
}
