/**
 * What every fake Allen & Heath desk over MIDI over TCP shares (Qu, SQ, dLive, Avantis): a real TCP server,
 * each connection's bytes recorded as hex and framed into MIDI messages (running status, SysEx, real-time
 * bytes anywhere, MIDI 1.0), replies written in uneven chunks as a real TCP stream may arrive. A dialect
 * subclass says what each message does to its state and what it answers.
 */
import net from 'node:net';
import { encodeMidiMessage, formatBytes, type MidiMessage } from '../../server/consoles/midi/midi-message';
import { MidiStreamParser } from '../../server/consoles/midi/midi-stream-parser';

/** "B0 63 20" -> bytes. */
export function hexBytes(hex: string): number[] {
  return hex.split(' ').filter(Boolean).map((token) => Number.parseInt(token, 16));
}

export abstract class FakeMidiTcpDesk {
  readonly server = net.createServer((socket) => this.#accept(socket));
  readonly connections: net.Socket[] = [];
  /** Everything received per connection, as hex. */
  readonly received: string[] = [];
  /** Called with each received chunk as hex (a desk run by hand prints it). */
  onReceive: (hex: string) => void = () => undefined;
  readonly #nrpnReaders = new WeakMap<net.Socket, NrpnReader>();

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** One complete message from a client. */
  protected abstract onMessage(message: MidiMessage, socket: net.Socket): void;

  /** The NRPN state of one client's stream. */
  protected nrpnOf(socket: net.Socket): NrpnReader {
    let reader = this.#nrpnReaders.get(socket);
    if (!reader) {
      reader = new NrpnReader();
      this.#nrpnReaders.set(socket, reader);
    }
    return reader;
  }

  /** Writes bytes (or hex) to one client, cut into chunks of 1..5 bytes. */
  protected sendTo(socket: net.Socket, data: string | readonly number[]): void {
    if (socket.destroyed) return;
    const all = Buffer.from(typeof data === 'string' ? hexBytes(data) : data);
    for (let at = 0, size = 1; at < all.length; at += size, size = (size % 5) + 1) socket.write(all.subarray(at, at + size));
  }

  /** Writes messages to one client, each with its status byte. */
  protected sendMessages(socket: net.Socket, messages: readonly MidiMessage[]): void {
    this.sendTo(socket, messages.flatMap(encodeMidiMessage));
  }

  /** Writes to every connected client (a change made on the desk). */
  protected broadcast(data: string | readonly number[]): void {
    for (const socket of this.connections) this.sendTo(socket, data);
  }

  #accept(socket: net.Socket): void {
    const index = this.connections.push(socket) - 1;
    this.received[index] = '';
    const parser = new MidiStreamParser();
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      const hex = formatBytes([...chunk]);
      this.received[index] = [this.received[index], hex].filter(Boolean).join(' ');
      this.onReceive(hex);
      for (const parsed of parser.feed(chunk)) if (parsed.kind === 'message') this.onMessage(parsed.message, socket);
    });
  }
}

/**
 * NRPN selection and data as an A&H desk reads it from one client: CC 99/98 select, CC 6 (and CC 38) carry
 * the value, CC 96 is data increment (the SQ's "get" when its value is 7F).
 */
export type NrpnInput =
  | { kind: 'value'; channel: number; parameter: number; msb: number; lsb: number | null }
  | { kind: 'increment'; channel: number; parameter: number; value: number };

export class NrpnReader {
  readonly #selected = new Map<number, { msb: number | null; lsb: number | null; data: number | null }>();

  /** The NRPN event a control change completes, if any. */
  accept(message: MidiMessage): NrpnInput | null {
    if (message.type !== 'cc') return null;
    const state = this.#selected.get(message.channel) ?? { msb: null, lsb: null, data: null };
    this.#selected.set(message.channel, state);
    const parameter = state.msb === null || state.lsb === null ? null : state.msb * 128 + state.lsb;
    switch (message.controller) {
      case 99:
        state.msb = message.value;
        return null;
      case 98:
        state.lsb = message.value;
        return null;
      case 6:
        state.data = message.value;
        return parameter === null ? null : { kind: 'value', channel: message.channel, parameter, msb: message.value, lsb: null };
      case 38:
        return parameter === null || state.data === null
          ? null
          : { kind: 'value', channel: message.channel, parameter, msb: state.data, lsb: message.value };
      case 96:
        return parameter === null ? null : { kind: 'increment', channel: message.channel, parameter, value: message.value };
      default:
        return null;
    }
  }
}
