/**
 * A fake Allen & Heath Qu-16 on a real TCP socket (MIDI over TCP): answers the SysEx state request with its
 * identity, a state dump (running status, Active Sense bytes mixed in, cut into uneven chunks, as a real
 * TCP stream may arrive) and the end of sync, and records what it receives.
 *
 * Tests import it. Run by hand it stands in for a desk:
 *   npx tsx test/consoles/midi/fake-qu-peer.ts [port]     (default 51325)
 *   npm start -- --console midi --map qu --midi-transport tcp --host 127.0.0.1
 * and prints every write it receives as hex.
 */
import type net from 'node:net';
import { pathToFileURL } from 'node:url';
import { formatBytes, type MidiMessage } from '../../../server/consoles/midi/midi-message';
import { FakeMidiTcpDesk } from '../../fakes/fake-midi-tcp-desk';

const STATE_REQUEST = 'F0 00 00 1A 50 11 01 00 7F 10 00 F7';

/** Faders at 0 dB (62h) and gain +30 dB (44h) on inputs 1..count, Active Sense in between. */
function stateDump(count: number): string {
  const parts = ['FE F0 00 00 1A 50 11 01 00 00 11 01 01 09 F7'];
  for (let input = 0; input < count; input++) {
    const ch = (0x20 + input).toString(16).toUpperCase();
    parts.push(`B0 63 ${ch} 62 17 FE 06 62 26 07 63 ${ch} 62 19 06 44 26 07`);
  }
  parts.push('F0 00 00 1A 50 11 01 00 00 14 F7');
  return parts.join(' ');
}

export class FakeQuPeer extends FakeMidiTcpDesk {
  answerStateRequest = true;
  readonly #inputs: number;

  /** @param inputs how many inputs the state dump covers. */
  constructor(inputs: number) {
    super();
    this.#inputs = inputs;
  }

  protected onMessage(message: MidiMessage, socket: net.Socket): void {
    if (this.answerStateRequest && message.type === 'sysex' && formatBytes(message.bytes) === STATE_REQUEST) {
      this.answerStateRequest = false;
      this.sendTo(socket, stateDump(this.#inputs));
    }
  }
}

async function main(portText: string | undefined): Promise<void> {
  const peer = new FakeQuPeer(16);
  peer.onReceive = (hex) => process.stdout.write(`received ${hex}\n`);
  const port = await peer.listen(portText ? Number(portText) : 51325);
  // A Qu sends Active Sense about every 300 ms while idle.
  setInterval(() => {
    for (const socket of peer.connections) if (!socket.destroyed) socket.write(Buffer.of(0xfe));
  }, 300);
  peer.server.on('connection', () => {
    peer.answerStateRequest = true;
  });
  process.stdout.write(`fake Qu-16 listening on 127.0.0.1:${port}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main(process.argv[2]);
