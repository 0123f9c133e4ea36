/**
 * Mackie Control meters: the DAW sends channel pressure (Dn vv) with vv = strip << 4 | code, strip 0..7.
 * Codes 0..12 are meter levels (0 = nothing lit, 12 = full scale on a Logic/Mackie surface; Ardour's Mackie
 * surface also sends 13, see maps/mackie.json), 14 sets the overload (clip) LED, 15 clears it.
 */

export type MackieMeterReading =
  | { kind: 'level'; strip: number; level: number }
  | { kind: 'clip-on'; strip: number }
  | { kind: 'clip-off'; strip: number };

const CLIP_ON = 0x0e;
const CLIP_OFF = 0x0f;

/** Splits one channel-pressure value (0..127). */
export function decodeMackieMeter(pressure: number): MackieMeterReading {
  const strip = (pressure >> 4) & 0x07;
  const code = pressure & 0x0f;
  if (code === CLIP_ON) return { kind: 'clip-on', strip };
  if (code === CLIP_OFF) return { kind: 'clip-off', strip };
  return { kind: 'level', strip, level: code };
}
