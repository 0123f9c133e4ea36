/**
 * Scribble-strip colours as the tablet paints them: the desk's eight colours, each plain (coloured text on
 * dark, drawn here as a bar and a tint) or inverted (dark text on the colour, drawn as a filled band).
 */
import type { Suggestion } from '../../../server/engine/suggestion';
import type { ConsoleSnapshot, StripColor, StripColorName } from '../../../server/model/stages';

/** CSS colour of each desk colour; 'off' has none (the strip looks as it always did). */
const SWATCHES: Record<StripColorName, string | null> = {
  off: null,
  red: '#ef4444',
  green: '#22c55e',
  yellow: '#eab308',
  blue: '#3b82f6',
  magenta: '#d946ef',
  cyan: '#06b6d4',
  white: '#e5e7eb',
};

/** The CSS colour of a strip colour; null when the desk gives none (unknown, or OFF). */
export function swatchOf(color: StripColor | null | undefined): string | null {
  return color ? SWATCHES[color.name] : null;
}

/** The scribble-strip colour of the strip a suggestion is about (channel, bus or matrix), or null. */
export function suggestionColor(snapshot: ConsoleSnapshot | null, suggestion: Suggestion): StripColor | null {
  if (snapshot === null) return null;
  const { target } = suggestion;
  if (target.kind === 'channel') return snapshot.channels.find((c) => c.index === target.index)?.color ?? null;
  if (target.kind === 'bus') return snapshot.buses.find((b) => b.index === target.index)?.color ?? null;
  if (target.kind === 'matrix') return snapshot.matrices.find((m) => m.index === target.index)?.color ?? null;
  return null;
}
