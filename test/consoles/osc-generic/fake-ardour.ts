/**
 * A fake Ardour on a real UDP socket: answers /set_surface with two named strips (gain, trim, mute), the
 * master gain, meters and a heartbeat, and echoes /strip/trimdB and /strip/gain writes back the way
 * Ardour's feedback does. UdpPeer is the plain recording socket under it.
 *
 * Tests import it. Run by hand it stands in for Ardour, with moving meters and a heartbeat:
 *   npx tsx test/consoles/osc-generic/fake-ardour.ts [port]     (default 3819)
 *   npm start -- --console osc --map ardour --host 127.0.0.1
 * and prints every message it receives.
 */
import dgram from 'node:dgram';
import { pathToFileURL } from 'node:url';
import { decodeDatagram, oscArgValue, type OscArg, type OscMessage } from '../../../server/consoles/osc/codec';
import { oscMessage } from './osc-bytes';

export const f = (value: number): OscArg => ({ type: 'f', value });
export const i = (value: number): OscArg => ({ type: 'i', value });
export const s = (value: string): OscArg => ({ type: 's', value });

/** A UDP peer that records the messages it receives (with their type tags) and can send datagrams. */
export class UdpPeer {
  readonly socket = dgram.createSocket('udp4');
  /** Every message received, its arguments as plain values (numbers and strings). */
  readonly received: Array<{ message: { address: string; args: Array<number | string | null> }; types: string; port: number }> = [];
  onMessage: (message: OscMessage, from: dgram.RemoteInfo) => void = () => undefined;

  async bind(port = 0, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve) => this.socket.bind(port, host, resolve));
    this.socket.on('message', (bytes, from) => {
      const decoded = decodeDatagram(bytes);
      if (decoded.kind !== 'messages') throw new Error(`received a malformed packet: ${decoded.reason}`);
      for (const message of decoded.messages) {
        this.received.push({ message: { address: message.address, args: message.args.map(oscArgValue) }, types: typeTags(bytes), port: from.port });
        this.onMessage(message, from);
      }
    });
    return this.socket.address().port;
  }

  send(bytes: Buffer, port: number): void {
    this.socket.send(bytes, port, '127.0.0.1');
  }

  close(): void {
    this.socket.close();
  }
}

/** The OSC type tag string of a single message (",if"), to check what an adapter put on the wire. */
function typeTags(bytes: Buffer): string {
  const start = bytes.indexOf(0x2c);
  return bytes.subarray(start, bytes.indexOf(0, start)).toString('ascii');
}

export class FakeArdour extends UdpPeer {
  echo = true;
  surfaces = 0;
  /** The port the last surface set-up came from: where feedback goes. */
  surfacePort: number | null = null;

  constructor() {
    super();
    this.onMessage = (message, from) => {
      if (message.address === '/set_surface') {
        this.surfaces++;
        this.surfacePort = from.port;
        this.#answerSurface(from.port);
      } else if ((message.address === '/strip/trimdB' || message.address === '/strip/gain') && this.echo) {
        const [ssid, value] = message.args.map(oscArgValue) as number[];
        this.send(oscMessage(message.address, [i(ssid!), f(value!)]), from.port);
      }
    };
  }

  #answerSurface(port: number): void {
    const replies: Array<[string, OscArg[]]> = [
      ['/strip/name', [i(1), s('Kick')]],
      ['/strip/name', [i(2), s('Snare')]],
      ['/strip/gain', [i(1), f(-6)]],
      ['/strip/gain', [i(2), f(-193)]],
      ['/strip/trimdB', [i(1), f(0)]],
      ['/strip/trimdB', [i(2), f(3)]],
      ['/strip/mute', [i(1), f(0)]],
      ['/strip/mute', [i(2), f(1)]],
      ['/master/gain', [f(0)]],
      ['/strip/meter', [i(1), f(-18)]],
      ['/strip/meter', [i(2), f(-193)]],
      ['/master/meter', [f(-10)]],
      ['/heartbeat', [f(1)]],
    ];
    for (const [address, args] of replies) this.send(oscMessage(address, args), port);
  }
}

async function main(portText: string | undefined): Promise<void> {
  const ardour = new FakeArdour();
  const handle = ardour.onMessage;
  ardour.onMessage = (message, from) => {
    process.stdout.write(`received ${message.address} ${JSON.stringify(message.args.map(oscArgValue))}\n`);
    handle(message, from);
  };
  const port = await ardour.bind(portText ? Number(portText) : 3819);
  let tick = 0;
  setInterval(() => {
    const to = ardour.surfacePort;
    if (to === null) return;
    tick++;
    // A kick that peaks around -6 dBFS and a snare around -14 dBFS, post-fader, plus a heartbeat each second.
    ardour.send(oscMessage('/strip/meter', [i(1), f(-12 + 6 * Math.abs(Math.sin(tick / 3)))]), to);
    ardour.send(oscMessage('/strip/meter', [i(2), f(-20 + 6 * Math.abs(Math.sin(tick / 5)))]), to);
    ardour.send(oscMessage('/master/meter', [f(-10 + 3 * Math.sin(tick / 7))]), to);
    if (tick % 10 === 0) ardour.send(oscMessage('/heartbeat', [f(tick % 20 === 0 ? 1 : 0)]), to);
  }, 100);
  process.stdout.write(`fake Ardour listening on 127.0.0.1:${port}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main(process.argv[2]);
