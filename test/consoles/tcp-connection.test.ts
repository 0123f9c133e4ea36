/** The shared TCP connector over real sockets: how it reports a desk it cannot reach, one that goes, and a close. */
import net from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { connectTcp, type TcpConnectionOptions } from '../../server/consoles/tcp-connection';

class DeskError extends Error {}

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(onSocket: (socket: net.Socket) => void = () => undefined): Promise<number> {
  const server = net.createServer(onSocket);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function options(port: number, overrides: Partial<TcpConnectionOptions> = {}): TcpConnectionOptions & { lost: string[]; data: string[] } {
  const lost: string[] = [];
  const data: string[] = [];
  return {
    host: '127.0.0.1',
    port,
    connectTimeoutMs: 5000,
    error: (message) => new DeskError(message),
    connectHint: (reason) => `cannot reach the desk (${reason})`,
    onData: (chunk) => data.push(chunk.toString()),
    onLost: (reason) => lost.push(reason),
    lost,
    data,
    ...overrides,
  };
}

test('a desk that refuses: opened rejects with the adapter\'s error and hint, and nothing is reported lost', async () => {
  const o = options(await closedPort());
  const connection = connectTcp(o);
  const error = await connection.opened.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DeskError);
  expect((error as Error).message).toBe('cannot reach the desk (ECONNREFUSED)');
  expect(o.lost).toEqual([]);
  expect(connection.write('x')).toBe(false);
});

test('close() while connecting rejects opened at once, not after the connect timeout', async () => {
  // 192.0.2.1 (TEST-NET-1, RFC 5737) never answers: the connect is still under way when close() comes.
  const o = options(0, { host: '192.0.2.1', port: 9, connectTimeoutMs: 60_000 });
  const connection = connectTcp(o);
  connection.close();
  await expect(connection.opened).rejects.toThrow('the link was closed while connecting to 192.0.2.1:9');
});

test('data flows both ways once open; the desk closing is reported lost once; close() afterwards reports nothing', async () => {
  let deskSide: net.Socket | null = null;
  const received: string[] = [];
  const port = await listen((socket) => {
    deskSide = socket;
    socket.on('data', (chunk) => received.push(chunk.toString()));
    socket.write('hello');
  });
  const opened: string[] = [];
  const o = options(port, { onOpen: () => opened.push('open') });
  const connection = connectTcp(o);
  await connection.opened;
  expect(opened).toEqual(['open']);
  expect(connection.write('ping')).toBe(true);
  await expect.poll(() => received.join('')).toBe('ping');
  await expect.poll(() => o.data.join('')).toBe('hello');
  deskSide!.destroy();
  await expect.poll(() => o.lost).toEqual(['the desk closed the connection']);
  connection.close();
  connection.fail('again');
  expect(o.lost).toEqual(['the desk closed the connection']);
  expect(connection.write('late')).toBe(false);
});

test('fail() on an open connection is lost with its reason; close() on an open one reports nothing', async () => {
  const port = await listen();
  const failed = options(port);
  const a = connectTcp(failed);
  await a.opened;
  a.fail('no data from the desk for 900 ms');
  expect(failed.lost).toEqual(['no data from the desk for 900 ms']);

  const closed = options(port);
  const b = connectTcp(closed);
  await b.opened;
  b.close();
  expect(closed.lost).toEqual([]);
});
