/**
 * Fake Allen & Heath dLive and Avantis desks on real TCP sockets. Both select a channel by MIDI channel
 * (base N plus an offset per channel type) and note number, and share faders (NRPN ID 17h, 7-bit LV), mutes
 * (note on, velocity 40h..7Fh muted, 01h..3Fh not, then velocity 0) and names (SysEx 0N 01 CH -> 0N 02 CH
 * name): dLive MIDI Over TCP/IP Protocol V2.0 and Avantis MIDI TCP/IP Protocol V1.0, same section names.
 * The dLive adds gets (SysEx 0N 05 0B 17 CH, 0N 05 09 CH, 0N 05 0B 19 MP), socket preamp gain (pitch bend
 * EN MP GV) and 48V (0N 0C MP v, get 0N 0A MP -> 0N 0B MP v). Replies use running status, as both
 * documents say the desks do. Neither fake echoes a client's writes: the documents do not say the desks do.
 *
 * Run by hand:  npx tsx test/fakes/fake-ah-channel-desk.ts dlive|avantis [port]
 */
import type net from 'node:net';
import { pathToFileURL } from 'node:url';
import { formatBytes, type MidiMessage } from '../../server/consoles/midi/midi-message';
import { FakeMidiTcpDesk, hexBytes } from './fake-midi-tcp-desk';

/** "SysEx Header" in both documents. */
export const AH_SYSEX_HEADER = 'F0 00 00 1A 50 10 01 00';
/** Fader Level: LV = [(Gain+54)/64]*7F; 0 dB = 6Bh, -inf = 00. */
export const AH_FADER_0DB = 0x6b;
/** Channel Selection offsets from the base MIDI channel N. */
const OFFSET = { input: 0, aux: 2, main: 4 } as const;
/** Mains 1 is CH 30h on N+4. */
const MAIN_1 = 0x30;
const FADER_ID = 0x17;
const GAIN_ID = 0x19;
const MUTE_ON_FROM = 0x40;

export interface AhDeskSetup {
  /** MIDI channel N on the wire (0 = MIDI channel 1). */
  baseChannel: number;
  inputs: number;
  auxes: number;
  name: (input: number) => string;
  fader: (input: number) => number;
}

/** Key of a fader or mute: "offset/CH". */
function key(offset: number, ch: number): string {
  return `${offset}/${ch}`;
}

class FakeAhChannelDesk extends FakeMidiTcpDesk {
  /** LV per "offset/CH". */
  readonly faders = new Map<string, number>();
  /** Muted per "offset/CH". */
  readonly mutes = new Map<string, boolean>();
  readonly names = new Map<number, string>();
  protected readonly base: number;

  constructor(setup: AhDeskSetup) {
    super();
    this.base = setup.baseChannel;
    for (let input = 1; input <= setup.inputs; input++) {
      this.faders.set(key(OFFSET.input, input - 1), setup.fader(input));
      this.mutes.set(key(OFFSET.input, input - 1), false);
      this.names.set(input - 1, setup.name(input));
    }
    for (let aux = 1; aux <= setup.auxes; aux++) this.faders.set(key(OFFSET.aux, aux - 1), AH_FADER_0DB);
    this.faders.set(key(OFFSET.main, MAIN_1), AH_FADER_0DB);
  }

  /** An engineer moves input `input`'s fader on the desk: every client hears BN 63 CH 62 17 06 LV. */
  moveInputFader(input: number, lv: number): void {
    this.faders.set(key(OFFSET.input, input - 1), lv);
    this.broadcast(this.faderMessage(OFFSET.input, input - 1, lv));
  }

  protected onMessage(message: MidiMessage, socket: net.Socket): void {
    const nrpn = this.nrpnOf(socket).accept(message);
    if (nrpn?.kind === 'value' && (nrpn.parameter & 0x7f) === FADER_ID) {
      const fader = key(nrpn.channel - this.base, nrpn.parameter >> 7);
      if (this.faders.has(fader)) this.faders.set(fader, nrpn.msb);
      return;
    }
    if (message.type === 'note-on' && message.velocity > 0) {
      const mute = key(message.channel - this.base, message.note);
      if (this.mutes.has(mute)) this.mutes.set(mute, message.velocity >= MUTE_ON_FROM);
      return;
    }
    if (message.type === 'sysex') this.onSysex(message.bytes, socket);
  }

  /** The SysEx body after the header: [0N, command, ...]; false when this desk does not know it. */
  protected onSysex(bytes: readonly number[], socket: net.Socket): boolean {
    const body = this.#body(bytes);
    if (!body) return false;
    const [channel, command, ch] = body;
    if (command === 0x01 && channel === this.base && ch !== undefined && this.names.has(ch)) {
      const text = [...(this.names.get(ch) ?? '')].map((c) => c.charCodeAt(0));
      this.sendTo(socket, [...hexBytes(AH_SYSEX_HEADER), channel, 0x02, ch, ...text, 0xf7]);
      return true;
    }
    return false;
  }

  /** Fader Level with running status: BN 63 CH [BN] 62 17 [BN] 06 LV. */
  protected faderMessage(offset: number, ch: number, lv: number): number[] {
    return [0xb0 | (this.base + offset), 0x63, ch, 0x62, FADER_ID, 0x06, lv];
  }

  #body(bytes: readonly number[]): number[] | null {
    const header = hexBytes(AH_SYSEX_HEADER);
    if (formatBytes(bytes.slice(0, header.length)) !== AH_SYSEX_HEADER || bytes[bytes.length - 1] !== 0xf7) return null;
    return bytes.slice(header.length, -1);
  }
}

export class FakeAvantis extends FakeAhChannelDesk {}

export class FakeDlive extends FakeAhChannelDesk {
  /** GV per MixRack socket MP: [(Gain-5)/55]*7F. */
  readonly socketGain = new Map<number, number>();
  readonly socketPhantom = new Map<number, boolean>();

  constructor(setup: AhDeskSetup & { gain: (socket: number) => number }) {
    super(setup);
    for (let socket = 1; socket <= 64; socket++) {
      this.socketGain.set(socket - 1, setup.gain(socket));
      this.socketPhantom.set(socket - 1, false);
    }
  }

  protected override onMessage(message: MidiMessage, socket: net.Socket): void {
    // Set Socket Preamp Gain: EN, MP, GV on the base channel.
    if (message.type === 'pitch-bend' && message.channel === this.base) {
      const mp = message.value & 0x7f;
      if (this.socketGain.has(mp)) this.socketGain.set(mp, message.value >> 7);
      return;
    }
    super.onMessage(message, socket);
  }

  protected override onSysex(bytes: readonly number[], socket: net.Socket): boolean {
    if (super.onSysex(bytes, socket)) return true;
    const body = bytes.slice(hexBytes(AH_SYSEX_HEADER).length, -1);
    const [channel = -1, command, a, b, c] = body;
    const offset = channel - this.base;
    const header = hexBytes(AH_SYSEX_HEADER);
    if (command === 0x05 && a === 0x0b && b === FADER_ID && c !== undefined && this.faders.has(key(offset, c))) {
      this.sendTo(socket, this.faderMessage(offset, c, this.faders.get(key(offset, c)) ?? 0));
    } else if (command === 0x05 && a === 0x09 && b !== undefined && this.mutes.has(key(offset, b))) {
      // Mute ON / OFF: 9N CH 7F|3F, [9N] CH 00.
      this.sendTo(socket, [0x90 | channel, b, this.mutes.get(key(offset, b)) ? 0x7f : 0x3f, b, 0x00]);
    } else if (command === 0x05 && a === 0x0b && b === GAIN_ID && c !== undefined && this.socketGain.has(c) && offset === 0) {
      this.sendTo(socket, [0xe0 | channel, c, this.socketGain.get(c) ?? 0]);
    } else if (command === 0x0c && a !== undefined && b !== undefined && this.socketPhantom.has(a) && offset === 0) {
      this.socketPhantom.set(a, b >= MUTE_ON_FROM);
    } else if (command === 0x0a && a !== undefined && this.socketPhantom.has(a) && offset === 0) {
      this.sendTo(socket, [...header, channel, 0x0b, a, this.socketPhantom.get(a) ? 0x7f : 0x00, 0xf7]);
    } else {
      return false;
    }
    return true;
  }
}

async function main(kind: string | undefined, portText: string | undefined): Promise<void> {
  const setup = { inputs: 64, auxes: 16, name: (n: number) => `Ch ${n}`, fader: () => AH_FADER_0DB };
  const desk =
    kind === 'dlive'
      ? new FakeDlive({ ...setup, inputs: 128, baseChannel: 0, gain: () => 0x3a })
      : new FakeAvantis({ ...setup, baseChannel: 11 });
  desk.onReceive = (hex) => process.stdout.write(`received ${hex}\n`);
  const port = await desk.listen(portText ? Number(portText) : kind === 'dlive' ? 51328 : 51325);
  process.stdout.write(`fake ${kind === 'dlive' ? 'dLive' : 'Avantis'} listening on 127.0.0.1:${port}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main(process.argv[2], process.argv[3]);
