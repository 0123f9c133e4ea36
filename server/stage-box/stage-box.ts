/**
 * The stage box model: which channels on which desk take the same physical preamp. Pure.
 *
 * X32/M32 desks say it themselves: a channel's headamp comes from `/-ha/NN/index`, and headamps 032-079 are
 * AES50 A inputs 1..48, 080-127 AES50 B inputs 1..48 (Unofficial X32/M32 OSC Remote Protocol, "/headamp"
 * section). Which of its ports a desk has the shared box on is the one thing the protocol cannot say, so it
 * is configured (default A). Consoles that cannot tell at all get an explicit mapping (desk, channel, box
 * input) from the desk-set file.
 */
import type { ChannelState, ConsoleSnapshot } from '../model/stages';

export type AesPort = 'A' | 'B';
export type DeskRole = 'foh' | 'monitor' | 'broadcast';

/** Box inputs of one AES50 link. */
export const BOX_INPUTS = 48;
const FIRST_HEADAMP: Readonly<Record<AesPort, number>> = { A: 32, B: 80 };

export interface StageBoxConfig {
  /** The AES50 port each X32-family desk (by desk id) has the box on; absent: A. */
  ports: Readonly<Record<string, AesPort>>;
  /** The desk whose engineer owns every shared preamp's gain and 48 V (the other desks track with trim). */
  owner: string;
  /** Where the protocol cannot tell: channel `channel` of desk `desk` takes box input `input`. */
  mapping: readonly { desk: string; channel: number; input: number }[];
}

/** What the model needs of a desk. */
export interface BoxDesk {
  id: string;
  /** True for the X32/M32 family, whose headamp numbers say which box input a channel takes. */
  aes50Headamps: boolean;
  snapshot: ConsoleSnapshot;
}

export interface PreampMember {
  desk: string;
  channel: number;
}

export interface SharedPreamp {
  /** 1-based box input. */
  input: number;
  owner: string;
  /** Every channel of every desk on this preamp, desks in the order given, channels ascending. */
  members: PreampMember[];
}

/** The box input a channel takes, or null (a local input, a digital source, a channel not on the box). */
export function boxInputOf(config: StageBoxConfig, desk: BoxDesk, channel: ChannelState): number | null {
  const mapped = config.mapping.find((m) => m.desk === desk.id && m.channel === channel.index);
  if (mapped) return mapped.input;
  if (!desk.aes50Headamps || channel.headampIndex === null) return null;
  const input = channel.headampIndex - FIRST_HEADAMP[config.ports[desk.id] ?? 'A'] + 1;
  return input >= 1 && input <= BOX_INPUTS ? input : null;
}

/** The preamps at least two desks take, by box input ascending. */
export function sharedPreamps(config: StageBoxConfig, desks: readonly BoxDesk[]): SharedPreamp[] {
  const byInput = new Map<number, PreampMember[]>();
  for (const desk of desks) {
    for (const channel of desk.snapshot.channels) {
      const input = boxInputOf(config, desk, channel);
      if (input === null) continue;
      byInput.set(input, [...(byInput.get(input) ?? []), { desk: desk.id, channel: channel.index }]);
    }
  }
  return [...byInput]
    .filter(([, members]) => new Set(members.map((m) => m.desk)).size >= 2)
    .sort(([a], [b]) => a - b)
    .map(([input, members]) => ({ input, owner: config.owner, members }));
}
