/**
 * SysEx templates in mapping files: the bytes of one Allen & Heath style SysEx with named slots. `ch` is
 * the message's MIDI channel (0..15, the protocol documents' "0N"), `ii` the strip's index byte (a channel
 * number, a socket number) and `vv` the value. "F0 00 00 1A 50 10 01 00 ch 0B ii vv F7" is a dLive
 * 48V reply (dLive MIDI Over TCP/IP Protocol V2.0, "Get Socket Preamp 48V").
 */

/** A byte, or a slot filled per message. */
export type SysexToken = number | 'ch' | 'ii' | 'vv';

export const SYSEX_TEMPLATE_SYNTAX = /^F0(?: (?:[0-9A-Fa-f]{2}|ch|ii|vv))* F7$/;

/** Parses a template; the caller has checked SYSEX_TEMPLATE_SYNTAX. */
export function parseSysexTemplate(text: string): SysexToken[] {
  return text.split(' ').map((token) => (token === 'ch' || token === 'ii' || token === 'vv' ? token : Number.parseInt(token, 16)));
}

export interface SysexSlots {
  /** 0..15. */
  channel: number;
  index: number;
  /** The value; null leaves `vv` as null (for a key that stands for any value). */
  value: number | null;
}

/** The template's bytes with its slots filled; a `vv` slot is null when `slots.value` is. */
export function fillSysex(tokens: readonly SysexToken[], slots: SysexSlots): (number | null)[] {
  return tokens.map((token) => {
    switch (token) {
      case 'ch':
        return slots.channel & 0x0f;
      case 'ii':
        return slots.index & 0x7f;
      case 'vv':
        return slots.value === null ? null : slots.value & 0x7f;
      default:
        return token;
    }
  });
}

/** The position of the value slot; -1 when the template has none. */
export function valuePosition(tokens: readonly SysexToken[]): number {
  return tokens.indexOf('vv');
}

/** A lookup key for a SysEx whose value byte (if any) is left out. */
export function sysexKey(bytes: readonly (number | null)[]): string {
  return `sysex/${bytes.map((byte) => (byte === null ? 'vv' : byte.toString(16))).join(' ')}`;
}
