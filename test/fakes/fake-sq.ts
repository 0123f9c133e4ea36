/**
 * A fake Allen & Heath SQ on a real TCP socket, speaking the SQ MIDI Protocol Issue 3 on MIDI channel 1 with
 * the NRPN Fader Law at Linear Taper. It holds input-to-LR levels, input mutes, Aux masters and the LR
 * master; sets them from NRPNs and answers "get" requests with the parameter's own message. It does not
 * echo a client's writes back (the protocol does not say it does): a client confirms by asking.
 *
 * Run by hand it stands in for a desk:
 *   npx tsx test/fakes/fake-sq.ts [port]      (default 51325)
 *   npm start -- --console midi --map sq --midi-transport tcp --host 127.0.0.1
 */
import type net from 'node:net';
import { pathToFileURL } from 'node:url';
import type { MidiMessage } from '../../server/consoles/midi/midi-message';
import { FakeMidiTcpDesk, type NrpnInput } from './fake-midi-tcp-desk';

/** SQ MIDI Protocol Issue 3, 4 Reference Tables, "Example Linear Taper Level Values": 0 dB = 76h 5Ch. */
export const SQ_LEVEL_0DB = 0x76 * 128 + 0x5c;
/** Same table: -10 dB = 6Dh 39h. */
export const SQ_LEVEL_MINUS_10DB = 0x6d * 128 + 0x39;

/** Parameter numbers (MB * 128 + LB) from the reference tables. */
export const SQ_PARAM = {
  /** Level Parameter Numbers - Inputs to LR: MB 40h, LB 00h..2Fh. */
  inputToLr: (input: number) => 0x40 * 128 + input - 1,
  /** Mute Parameter Numbers - Inputs: MB 00h, LB 00h..2Fh. */
  inputMute: (input: number) => input - 1,
  /** Level Parameter Numbers - Master Sends, Output: LR 4Fh 00h, Aux n 4Fh 0n. */
  output: (aux: number) => 0x4f * 128 + aux,
} as const;

const SQ_INPUTS = 48;
const SQ_AUXES = 12;
/** The desk's MIDI channel on the wire (MIDI channel 1). */
const CHANNEL = 0;
/** 3.7 Getting values: data increment with value 7Fh. */
const GET = 0x7f;

export class FakeSq extends FakeMidiTcpDesk {
  /** 14-bit level per parameter number (3.4). */
  readonly levels = new Map<number, number>();
  /** Mute per parameter number (3.3): 1 muted, 0 not. */
  readonly mutes = new Map<number, number>();

  /** @param inputLevel the Linear Taper value every input-to-LR level starts at. */
  constructor(inputLevel: (input: number) => number) {
    super();
    for (let input = 1; input <= SQ_INPUTS; input++) {
      this.levels.set(SQ_PARAM.inputToLr(input), inputLevel(input));
      this.mutes.set(SQ_PARAM.inputMute(input), 0);
    }
    for (let aux = 0; aux <= SQ_AUXES; aux++) this.levels.set(SQ_PARAM.output(aux), SQ_LEVEL_0DB);
  }

  protected onMessage(message: MidiMessage, socket: net.Socket): void {
    const input = this.nrpnOf(socket).accept(message);
    if (input?.channel === CHANNEL) this.#onNrpn(input, socket);
  }

  #onNrpn(input: NrpnInput, socket: net.Socket): void {
    const store = this.levels.has(input.parameter) ? this.levels : this.mutes.has(input.parameter) ? this.mutes : null;
    if (!store) return;
    if (input.kind === 'increment') {
      if (input.value === GET) this.sendTo(socket, this.#valueMessage(input.parameter, store.get(input.parameter) ?? 0));
      return;
    }
    // Levels and mutes both arrive as VC (CC 6) then VF (CC 38): the value is complete with the LSB.
    if (input.lsb !== null) store.set(input.parameter, store === this.mutes ? input.lsb : input.msb * 128 + input.lsb);
  }

  /** 3.3 / 3.4: BN 63 MB BN 62 LB BN 06 VC BN 26 VF. */
  #valueMessage(parameter: number, value: number): number[] {
    const status = 0xb0 | CHANNEL;
    return [status, 0x63, parameter >> 7, status, 0x62, parameter & 0x7f, status, 0x06, value >> 7, status, 0x26, value & 0x7f];
  }
}

async function main(portText: string | undefined): Promise<void> {
  const sq = new FakeSq(() => SQ_LEVEL_0DB);
  sq.onReceive = (hex) => process.stdout.write(`received ${hex}\n`);
  const port = await sq.listen(portText ? Number(portText) : 51325);
  process.stdout.write(`fake SQ listening on 127.0.0.1:${port}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main(process.argv[2]);
