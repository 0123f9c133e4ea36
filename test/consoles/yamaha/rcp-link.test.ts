/** The RCP request queue over a real socket: a window of requests in flight, answers matched, timeouts, close. */
import net from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { RcpLink, RcpRequestError } from '../../../server/consoles/yamaha/rcp-link';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A desk that records lines and answers only when told to. */
async function quietDesk(): Promise<{ port: number; lines: string[]; answer(line: string): void; waitForLines(count: number): Promise<void> }> {
  const lines: string[] = [];
  let socket: net.Socket | null = null;
  const waiters: (() => void)[] = [];
  const server = net.createServer((s) => {
    socket = s;
    s.on('error', () => undefined);
    s.on('data', (chunk) => {
      lines.push(...chunk.toString().split('\n').filter((l) => l !== ''));
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const waitForLines = async (count: number): Promise<void> => {
    while (lines.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { port: (server.address() as net.AddressInfo).port, lines, answer: (line) => socket?.write(line), waitForLines };
}

async function openLink(port: number, requestTimeoutMs = 10_000): Promise<RcpLink> {
  const link = new RcpLink({ host: '127.0.0.1', port, connectTimeoutMs: 2000, requestTimeoutMs, maxInFlight: 2 });
  await link.open({ onMessage: () => undefined, onMalformed: () => undefined, onClose: () => undefined });
  cleanups.push(() => link.close());
  return link;
}

test('keeps at most maxInFlight requests unanswered and matches answers by address and indices, in any order', async () => {
  const desk = await quietDesk();
  const link = await openLink(desk.port);
  const a = link.get('MIXER:Current/InCh/Fader/Level', 0, 0);
  const b = link.get('MIXER:Current/InCh/Fader/Level', 1, 0);
  const c = link.get('MIXER:Current/InCh/Fader/Level', 2, 0);
  await desk.waitForLines(2);
  expect(desk.lines).toEqual(['get MIXER:Current/InCh/Fader/Level 0 0', 'get MIXER:Current/InCh/Fader/Level 1 0']);
  desk.answer('NOTIFY set MIXER:Current/InCh/Fader/Level 1 0 -500\nOK get MIXER:Current/InCh/Fader/Level 1 0 -100\n');
  await expect(b).resolves.toMatchObject({ kind: 'value', value: -100 });
  await desk.waitForLines(3);
  desk.answer('ERROR get MIXER:Current/InCh/Fader/Level 2 0 UnknownAddress\nOK get MIXER:Current/InCh/Fader/Level 0 0 0\n');
  await expect(c).rejects.toMatchObject({ code: 'refused' });
  await expect(a).resolves.toMatchObject({ value: 0 });
});

test('an unanswered request times out; close fails what is still waiting', async () => {
  const desk = await quietDesk();
  const link = await openLink(desk.port, 100);
  await expect(link.command('devstatus', 'runmode')).rejects.toMatchObject({ code: 'timeout' });
  const slow = new RcpLink({ host: '127.0.0.1', port: desk.port, connectTimeoutMs: 2000, requestTimeoutMs: 10_000, maxInFlight: 1 });
  await slow.open({ onMessage: () => undefined, onMalformed: () => undefined, onClose: () => undefined });
  const pending = [slow.get('MIXER:Current/St/Fader/Level', 0, 0), slow.get('MIXER:Current/St/Fader/Level', 1, 0)];
  slow.close();
  for (const request of pending) await expect(request).rejects.toBeInstanceOf(RcpRequestError);
  await expect(slow.get('MIXER:Current/St/Fader/Level', 0, 0)).rejects.toMatchObject({ code: 'closed' });
});

test('a desk that is not there is a clear error', async () => {
  const desk = await quietDesk();
  const port = desk.port;
  await cleanups.pop()!();
  const link = new RcpLink({ host: '127.0.0.1', port, connectTimeoutMs: 2000, requestTimeoutMs: 100, maxInFlight: 1 });
  await expect(link.open({ onMessage: () => undefined, onMalformed: () => undefined, onClose: () => undefined })).rejects.toThrow(/cannot connect to 127.0.0.1:\d+ for Yamaha RCP \(ECONNREFUSED\)/);
});

test('closing while connecting rejects the open at once: nothing is left waiting for the desk', async () => {
  const desk = await quietDesk();
  const link = new RcpLink({ host: '127.0.0.1', port: desk.port, connectTimeoutMs: 60_000, requestTimeoutMs: 1000, maxInFlight: 2 });
  const opening = link.open({ onMessage: () => undefined, onMalformed: () => undefined, onClose: () => undefined });
  link.close();
  const error = await opening.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RcpRequestError);
  expect(error).toMatchObject({ code: 'closed', message: `the link was closed while connecting to 127.0.0.1:${desk.port}` });
});
