/**
 * A simulated split stage box (an S32-style box on AES50) shared by fake X32s: one preamp per box input,
 * whose gain and 48 V every desk on the box sees at its own headamp addresses. A value one desk stores
 * (a client's write or a knob turned at that desk) is stored and pushed on every other desk, as the box
 * reports it on its AES50 links.
 *
 * Headamp numbering (Unofficial X32/M32 OSC Remote Protocol, "/headamp" section): 000-031 the desk's local
 * inputs, 032-079 AES50 A inputs 1..48, 080-127 AES50 B inputs 1..48.
 */
import type { FakeDesk, FakeValue } from './fake-x-desk';

export type AesPort = 'A' | 'B';

export interface StageBoxLink {
  desk: FakeDesk;
  /** The desk's AES50 port the box is plugged into. */
  port: AesPort;
}

const BOX_INPUTS = 48;
const FIRST_HEADAMP: Readonly<Record<AesPort, number>> = { A: 32, B: 80 };
const HEADAMP = /^\/headamp\/(\d{3})\/(gain|phantom)$/;

/** The headamp a desk uses for box input `input` (1..48) through `port`. */
export function boxHeadamp(port: AesPort, input: number): number {
  return FIRST_HEADAMP[port] + input - 1;
}

const headampAddress = (headamp: number, what: string): string => `/headamp/${String(headamp).padStart(3, '0')}/${what}`;

/**
 * Links the desks through one box. The first desk's values are the box's at the start (the box keeps its
 * own settings; every desk then reads the same). Returns the function that unlinks them.
 */
export function linkStageBox(links: readonly StageBoxLink[]): () => void {
  const [first] = links;
  if (first) {
    for (let input = 1; input <= BOX_INPUTS; input++) {
      for (const what of ['gain', 'phantom']) {
        const value = first.desk.state.get(headampAddress(boxHeadamp(first.port, input), what));
        if (value === undefined) continue;
        for (const other of links.slice(1)) other.desk.setFromDesk(headampAddress(boxHeadamp(other.port, input), what), value);
      }
    }
  }
  const spread = (from: StageBoxLink, address: string, value: FakeValue): void => {
    const match = HEADAMP.exec(address);
    if (!match) return;
    const input = Number(match[1]) - FIRST_HEADAMP[from.port] + 1;
    if (input < 1 || input > BOX_INPUTS) return;
    for (const other of links) {
      if (other === from) continue;
      const target = headampAddress(boxHeadamp(other.port, input), match[2]!);
      // The other desk already holds it: this is the box's own echo coming back.
      if (other.desk.state.get(target) === value) continue;
      other.desk.setFromDesk(target, value);
    }
  };
  const stops = links.map((link) => link.desk.onChange((address, value) => spread(link, address, value)));
  return () => stops.forEach((stop) => stop());
}
