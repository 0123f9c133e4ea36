/** The shared OSC UDP link over real sockets: sends to the desk, lets only the desk in, closes once. */
import dgram from 'node:dgram';
import { afterEach, expect, test } from 'vitest';
import { decodePacket, encodeMessage } from '../../../server/consoles/osc/codec';
import { openOscUdpLink, resolveIpv4, type OscUdpLink } from '../../../server/consoles/osc/udp-link';
import { waitFor } from '../x32/console-harness';

const sockets: dgram.Socket[] = [];
const links: OscUdpLink[] = [];
afterEach(() => {
  links.splice(0).forEach((link) => link.close());
  sockets.splice(0).forEach((socket) => socket.close());
});

async function peer(): Promise<{ socket: dgram.Socket; port: number; received: Buffer[]; from: dgram.RemoteInfo[] }> {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  const received: Buffer[] = [];
  const from: dgram.RemoteInfo[] = [];
  socket.on('message', (bytes, info) => {
    received.push(bytes);
    from.push(info);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: socket.address().port, received, from };
}

async function link(deskPort: number, samePort: boolean) {
  const datagrams: Buffer[] = [];
  const strangers: string[] = [];
  const opened = await openOscUdpLink({
    address: '127.0.0.1',
    port: deskPort,
    localPort: 0,
    bindTo: 'route-to-desk',
    samePort,
    onDatagram: (bytes) => datagrams.push(bytes),
    onStranger: (from) => strangers.push(from),
    onError: () => undefined,
  });
  links.push(opened);
  return { link: opened, datagrams, strangers };
}

test('a read request reaches the desk and its reply comes back; a stranger on another port is kept out', async () => {
  const desk = await peer();
  const stranger = await peer();
  const { link: l, datagrams, strangers } = await link(desk.port, true);
  expect(l.send('/ch/01/mix/fader')).toBe(true);
  await waitFor(() => desk.received.length === 1, 'the request at the desk');
  expect(decodePacket(desk.received[0]!)).toEqual({ kind: 'message', message: { address: '/ch/01/mix/fader', args: [] } });
  const reply = encodeMessage('/ch/01/mix/fader', [{ type: 'f', value: 0.75 }]);
  desk.socket.send(reply, desk.from[0]!.port, '127.0.0.1');
  stranger.socket.send(reply, desk.from[0]!.port, '127.0.0.1');
  await waitFor(() => datagrams.length === 1 && strangers.length === 1, 'the reply and the stranger');
  expect(strangers[0]).toBe(`127.0.0.1:${stranger.port}`);
});

test('a DAW may answer from another port of the same host', async () => {
  const daw = await peer();
  const feedback = await peer();
  const { link: l, datagrams, strangers } = await link(daw.port, false);
  l.send('/set_surface', [{ type: 'i', value: 0 }]);
  await waitFor(() => daw.from.length === 1, 'the setup at the DAW');
  feedback.socket.send(encodeMessage('/strip/gain', [{ type: 'f', value: -6 }]), daw.from[0]!.port, '127.0.0.1');
  await waitFor(() => datagrams.length === 1, 'feedback from another port');
  expect(strangers).toEqual([]);
});

test('after close nothing is sent', async () => {
  const desk = await peer();
  const { link: l } = await link(desk.port, true);
  l.close();
  l.close();
  expect(l.send('/xinfo')).toBe(false);
});

test('an IPv4 address is used as given; localhost is looked up', async () => {
  expect(await resolveIpv4('10.0.0.5')).toBe('10.0.0.5');
  expect(await resolveIpv4('localhost')).toBe('127.0.0.1');
});
