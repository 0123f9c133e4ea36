/**
 * How dB figures read on the tablet. On the wire, silence and faders fully down arrive as `null`
 * (JSON has no -Infinity); every formatter here treats null like -Infinity and prints "-inf".
 */

/** A dB or dBFS figure as it may arrive: a number, -Infinity, or null/undefined for "-inf". */
export type DbValue = number | null | undefined;

/** The figure as a number: null/undefined (and NaN, which never means anything here) become -Infinity. */
export function toDb(value: DbValue): number {
  return typeof value === 'number' && !Number.isNaN(value) ? value : -Infinity;
}

/** A level in dBFS without a plus sign: "-23.4", "0.0", "-inf". */
export function formatLevel(value: DbValue, decimals = 1): string {
  const db = toDb(value);
  if (db === -Infinity) return '-inf';
  if (db === Infinity) return '+inf';
  return normaliseZero(db.toFixed(decimals));
}

/** A gain or setting in dB with its sign: "+6.0", "-3.5", "0.0", "-inf". */
export function formatGain(value: DbValue, decimals = 1): string {
  const db = toDb(value);
  const text = formatLevel(db, decimals);
  return db > 0 && text !== (0).toFixed(decimals) ? `+${text}` : text;
}

/** A change in dB for prose, with a typographic minus: "+8.0", "−8.0". */
export function formatDelta(value: DbValue, decimals = 1): string {
  return formatGain(value, decimals).replace('-', '\u2212');
}

function normaliseZero(text: string): string {
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}
