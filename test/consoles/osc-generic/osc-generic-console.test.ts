import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ConsoleError, type Console, type DeskChange } from '../../../server/consoles/console';
import { createOscGenericConsole, type OscGenericConsoleOptions } from '../../../server/consoles/osc-generic/osc-generic-console';
import { MAPPED_NAME_MAX_CHARS } from '../../../server/consoles/mapped/mapped-console';
import { compileOscMap, SHIPPED_OSC_MAPS_DIR } from '../../../server/consoles/osc-generic/osc-map';
import type { MeterFrame } from '../../../server/model/meter-frame';
import { f, FakeArdour, i, s, UdpPeer } from './fake-ardour';
import { oscBundle, oscMessage } from './osc-bytes';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function fakeArdour(): Promise<{ ardour: FakeArdour; port: number }> {
  const ardour = new FakeArdour();
  const port = await ardour.bind();
  cleanups.push(() => ardour.close());
  return { ardour, port };
}

async function started(options: OscGenericConsoleOptions): Promise<Console> {
  const desk = await createOscGenericConsole(options);
  const stop = new AbortController();
  cleanups.push(() => stop.abort());
  await desk.start(stop.signal);
  return desk;
}

async function readyArdour(overrides: Partial<OscGenericConsoleOptions> = {}): Promise<{ ardour: FakeArdour; desk: Console }> {
  const { ardour, port } = await fakeArdour();
  const desk = await started({ map: 'ardour', host: '127.0.0.1', port, localPort: null, ...overrides });
  await vi.waitFor(() => expect(desk.snapshot().channels.map((c) => c.name)).toEqual(['Kick', 'Snare']), { timeout: 3000 });
  await vi.waitFor(() => expect(desk.snapshot().main.faderDb).toBe(0), { timeout: 3000 });
  return { ardour, desk };
}

describe('generic OSC adapter with the Ardour map against a fake Ardour over UDP', () => {
  test('start sets the surface up; the strips, their gain stages and names fill the snapshot', async () => {
    const { ardour, desk } = await readyArdour();
    expect(ardour.received[0]).toMatchObject({ message: { address: '/set_surface', args: [0, 1, 155, 0] }, types: ',iiii' });
    expect(desk.state()).toBe('ready');
    const snapshot = desk.snapshot();
    expect(snapshot.identity).toMatchObject({ kind: 'osc', model: 'Ardour' });
    expect(snapshot.channels[0]).toMatchObject({ index: 1, name: 'Kick', faderDb: -6, trimDb: 0, on: true, preampGainDb: null });
    expect(snapshot.channels[1]).toMatchObject({ index: 2, name: 'Snare', faderDb: -Infinity, trimDb: 3, on: false });
    expect(snapshot.channels[0]!.trimRange).toEqual({ minDb: -20, maxDb: 20, stepDb: 0.1 });
    expect(snapshot.meters).toMatchObject({ channelPostFader: true, main: true, channelInput: false });
  });

  test('meters arrive as frames: post-fader per strip, the master on both sides', async () => {
    const { ardour, port } = await fakeArdour();
    const desk = await createOscGenericConsole({ map: 'ardour', host: '127.0.0.1', port, localPort: null, meterFrameMs: 10 });
    const frames: MeterFrame[] = [];
    desk.onMeters((frame) => frames.push(frame));
    const stop = new AbortController();
    cleanups.push(() => stop.abort());
    await desk.start(stop.signal);
    await vi.waitFor(() => expect(frames.at(-1)?.mainDbfs).toEqual([-10, -10]), { timeout: 3000 });
    await vi.waitFor(() => expect(frames.at(-1)?.channelPostFaderDbfs).toEqual([-18, -Infinity]), { timeout: 3000 });
    expect(frames.at(-1)?.channelInputDbfs).toEqual([]);
    expect(ardour.surfaces).toBe(1);
  });

  test('an applied trim arrives as /strip/trimdB ssid dB and is confirmed by the echo', async () => {
    const { ardour, desk } = await readyArdour();
    const changes: DeskChange[] = [];
    desk.onDeskChange((change) => changes.push(change));
    const confirmed = await desk.apply({ param: 'ch.2.trimDb', value: -6 });
    const write = ardour.received.find((r) => r.message.address === '/strip/trimdB');
    expect(write).toMatchObject({ message: { args: [2, -6] }, types: ',if' });
    expect(confirmed).toBe(-6);
    expect(desk.snapshot().channels[1]!.trimDb).toBe(-6);
    expect(changes).toEqual([]);
    expect(desk.paramSpec('ch.2.trimDb')).toMatchObject({ label: 'Ch 2 Snare trim', min: -20, max: 20 });
  });

  test('a fader pulled to -inf is sent as -193', async () => {
    const { ardour, desk } = await readyArdour();
    expect(await desk.apply({ param: 'ch.1.faderDb', value: -Infinity })).toBe(-Infinity);
    expect(ardour.received.find((r) => r.message.address === '/strip/gain')?.message.args).toEqual([1, -193]);
  });

  test('a change made in Ardour is reported as a desk change', async () => {
    const { ardour, desk } = await readyArdour();
    const change = new Promise<DeskChange>((resolve) => desk.onDeskChange(resolve));
    const port = ardour.received[0]!.port;
    ardour.send(oscMessage('/strip/gain', [i(1), f(-3)]), port);
    expect(await change).toMatchObject({ param: 'ch.1.faderDb', value: -3 });
  });

  test('without the echo a write times out', async () => {
    const { ardour, desk } = await readyArdour({ echoTimeoutMs: 30 });
    ardour.echo = false;
    const error = await desk.apply({ param: 'ch.1.trimDb', value: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).code).toBe('read-back-timeout');
  });

  test('malformed datagrams and strangers are counted and dropped', async () => {
    const { ardour, desk } = await readyArdour();
    const port = ardour.received[0]!.port;
    const before = desk.counters();
    ardour.send(Buffer.from([1, 2, 3]), port);
    // Another host on the network (127.0.0.2 is loopback too) trying to move a fader.
    const stranger = new UdpPeer();
    await stranger.bind(0, '127.0.0.2');
    cleanups.push(() => stranger.close());
    stranger.send(oscMessage('/strip/gain', [i(1), f(10)]), port);
    await vi.waitFor(() => expect(desk.counters().unexpected - before.unexpected).toBe(1), { timeout: 3000 });
    ardour.send(oscMessage('/strip/gain', [i(1), f(-1)]), port);
    await vi.waitFor(() => expect(desk.snapshot().channels[0]!.faderDb).toBe(-1), { timeout: 3000 });
    expect(desk.counters().malformed - before.malformed).toBe(1);
    expect(desk.state()).toBe('ready');
  });

  test('an Ardour that falls silent is lost, is asked again, and comes back', async () => {
    const raw = JSON.parse(await readFile(join(SHIPPED_OSC_MAPS_DIR, 'ardour.json'), 'utf8')) as Record<string, unknown>;
    const map = compileOscMap({ ...raw, silenceTimeoutMs: 80 }, 'ardour.json');
    const { ardour, port } = await fakeArdour();
    const desk = await started({ map, host: '127.0.0.1', port, localPort: null });
    await vi.waitFor(() => expect(desk.state()).toBe('ready'), { timeout: 3000 });
    // The fake sends no heartbeat after its first answer: the adapter must notice and set the surface up again.
    await vi.waitFor(() => expect(ardour.surfaces).toBeGreaterThanOrEqual(2), { timeout: 3000 });
    await vi.waitFor(() => expect(desk.counters().reconnects).toBeGreaterThanOrEqual(1), { timeout: 3000 });
    expect(desk.snapshot().channels[0]!.name).toBe('Kick');
  });
});

describe('generic OSC adapter start-up errors', () => {
  test('a local port that is taken is reported with the flag that changes it', async () => {
    const squatter = new UdpPeer();
    const taken = await squatter.bind(0, '0.0.0.0');
    cleanups.push(() => squatter.close());
    const desk = await createOscGenericConsole({ map: 'reaper', host: '127.0.0.1', port: null, localPort: taken });
    const error = await desk.start(new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).code).toBe('transport');
    expect((error as ConsoleError).message).toContain(`local UDP port ${taken}`);
    expect((error as ConsoleError).message).toContain('--local-port');
    expect(desk.state()).toBe('idle');
  });
});

describe('generic OSC adapter with the REAPER map against a fake REAPER over UDP', () => {
  test('bundled feedback fills the snapshot, VU becomes meters, and a fader write is confirmed as sent', async () => {
    const reaper = new UdpPeer();
    const reaperPort = await reaper.bind();
    cleanups.push(() => reaper.close());
    const probe = new UdpPeer();
    const localPort = await probe.bind();
    probe.close();
    const desk = await createOscGenericConsole({ map: 'reaper', host: '127.0.0.1', port: reaperPort, localPort, meterFrameMs: 10 });
    const frames: MeterFrame[] = [];
    desk.onMeters((frame) => frames.push(frame));
    const stop = new AbortController();
    cleanups.push(() => stop.abort());
    await desk.start(stop.signal);
    expect(desk.state()).toBe('connecting');

    reaper.send(
      oscBundle([
        oscMessage('/track/1/name', [s('Vox')]),
        oscMessage('/track/1/volume/db', [f(-6)]),
        oscMessage('/track/1/mute', [f(0)]),
        oscMessage('/track/1/vu', [f(0.5)]),
        oscMessage('/master/vu', [f(0.75)]),
        oscMessage('/time', [f(12.5)]),
      ]),
      localPort,
    );
    await vi.waitFor(() => expect(desk.state()).toBe('ready'), { timeout: 3000 });
    await vi.waitFor(() => expect(frames.at(-1)?.channelPostFaderDbfs).toEqual([-28]), { timeout: 3000 });
    expect(frames.at(-1)?.mainDbfs).toEqual([-11, -11]);
    expect(desk.snapshot().channels).toEqual([expect.objectContaining({ index: 1, name: 'Vox', faderDb: -6, on: true })]);
    expect(desk.counters().unexpected).toBe(0);

    expect(await desk.apply({ param: 'ch.1.faderDb', value: -3.04 })).toBe(-3);
    await vi.waitFor(() => expect(reaper.received.at(-1)).toMatchObject({ message: { address: '/track/1/volume/db', args: [-3] }, types: ',f' }), { timeout: 3000 });
    expect(desk.identity().notes?.join(' ')).toMatch(/confirmed with the value sent/);
    expect(desk.paramSpec('ch.1.on')).toBeUndefined();
  });
});

test('a channel name longer than the hard cap for mapped consoles is cut to it (finding 7)', async () => {
  const { ardour, desk } = await readyArdour();
  ardour.send(oscMessage('/strip/name', [i(1), s('K'.repeat(60_000))]), ardour.surfacePort!);
  await vi.waitFor(() => expect(desk.snapshot().channels[0]!.name.startsWith('KK')).toBe(true), { timeout: 3000 });
  expect(desk.snapshot().channels[0]!.name).toBe('K'.repeat(MAPPED_NAME_MAX_CHARS));
});
