/**
 * What an attack and a partial desk found in the X-family adapter, against the fake X32 over real UDP:
 * one address the desk never answers (finding 8), strings longer than the desk allows, packets from
 * strangers and the interface the console socket listens on (finding 7).
 */
import dgram from 'node:dgram';
import { afterEach, expect, test } from 'vitest';
import { encodeMessage } from '../../../server/consoles/osc/codec';
import { createX32Console } from '../../../server/consoles/x32/x32-console';
import type { XConsoleLogger } from '../../../server/consoles/x-family/x-console';
import type { FakeDesk } from '../../fakes/fake-x-desk';
import { startFakeX32 } from '../../fakes/fake-x32';
import { ready, startAdapter, waitFor, type AdapterRun } from './console-harness';

let fake: FakeDesk | undefined;
let run: AdapterRun | undefined;

afterEach(async () => {
  run?.stop();
  run = undefined;
  await fake?.stop();
  fake = undefined;
});

function recordingLogger(lines: Array<{ obj: object; msg: string }>): XConsoleLogger {
  const record = (obj: object, msg: string) => lines.push({ obj, msg });
  return { info: record, warn: record, debug: record };
}

test('a desk that never answers a few addresses still syncs: ready, those values unknown, listed and never written', async () => {
  const missing = ['/ch/01/mix/st', '/ch/02/mix/fader', '/headamp/000/gain'];
  fake = await startFakeX32({ seed: 3, missing });
  run = await startAdapter(createX32Console, fake, { requestTimeoutMs: 40, retries: 2 });
  await ready(run);
  expect(run.states).toEqual(['connecting', 'syncing', 'ready']);
  // On a loaded machine an answerable value may lose every attempt too, until the keep-alive asks again.
  await waitFor(() => run!.console.unknownAddresses().join() === [...missing].sort().join(), 'exactly the missing values to be unknown');
  expect(run.console.paramSpec('ch.2.faderDb')).toBeUndefined();
  await expect(run.console.apply({ param: 'ch.2.faderDb', value: -10 })).rejects.toMatchObject({ code: 'not-writable' });
  expect(fake.state.get('/ch/02/mix/fader')).not.toBe(0.5);
  // Everything the desk did answer is there and writable.
  expect(run.console.snapshot().channels[2]?.name).not.toBe('');
  expect(run.console.paramSpec('ch.3.faderDb')).toBeDefined();
});

test('a value the sync gave up on that the desk later sends is known again', async () => {
  fake = await startFakeX32({ seed: 3, missing: ['/ch/02/mix/fader'] });
  run = await startAdapter(createX32Console, fake, { requestTimeoutMs: 40, retries: 1 });
  await ready(run);
  await waitFor(() => run!.console.unknownAddresses().join() === '/ch/02/mix/fader', 'exactly the missing value to be unknown');
  fake.setFromDesk('/ch/02/mix/fader', 0.75);
  await waitFor(() => run!.console.unknownAddresses().length === 0, 'the pushed value to count as known');
  expect(run.console.snapshot().channels[1]?.faderDb).toBeCloseTo(0, 1);
});

test('a 60,000-character name from the desk address is cut to the 12 characters an X32 allows', async () => {
  fake = await startFakeX32({ seed: 3 });
  run = await startAdapter(createX32Console, fake);
  await ready(run);
  const unexpected = run.console.counters().unexpected;
  fake.sendRawToClients(encodeMessage('/ch/01/config/name', [{ type: 's', value: 'A'.repeat(60_000) }]));
  await waitFor(() => run!.console.snapshot().channels[0]?.name.startsWith('AAAA'), 'the long name to arrive');
  expect(run.console.snapshot().channels[0]?.name).toBe('A'.repeat(12));
  expect(run.console.counters().unexpected).toBe(unexpected + 1);
});

test('the console socket listens on the interface that routes to the desk only, and counts packets from strangers', async () => {
  fake = await startFakeX32({ seed: 3 });
  const lines: Array<{ obj: object; msg: string }> = [];
  run = await startAdapter(createX32Console, fake, { logger: recordingLogger(lines) });
  await ready(run);
  const bound = lines.find((line) => line.msg === 'console socket bound');
  const local = (bound?.obj as { local: string } | undefined)?.local ?? '';
  expect(local).toMatch(/^127\.0\.0\.1:\d+$/);
  const port = Number(local.split(':')[1]);
  const stranger = dgram.createSocket('udp4');
  const foreign = run.console.counters().foreign;
  const packetsIn = run.console.counters().packetsIn;
  try {
    for (let i = 0; i < 5; i++) stranger.send(encodeMessage('/ch/01/config/name', [{ type: 's', value: 'Evil' }]), port, '127.0.0.1');
    await waitFor(() => run!.console.counters().foreign === foreign + 5, 'the stranger packets to be counted');
  } finally {
    stranger.close();
  }
  expect(run.console.snapshot().channels[0]?.name).not.toBe('Evil');
  expect(run.console.counters().packetsIn).toBeGreaterThanOrEqual(packetsIn + 5);
});

test('a value lost on every sync attempt (a lossy link) is asked for again with each keep-alive until it arrives', async () => {
  fake = await startFakeX32({ seed: 3, missing: ['/ch/05/mix/fader'] });
  run = await startAdapter(createX32Console, fake, { requestTimeoutMs: 40, retries: 1, keepAliveMs: 100 });
  await ready(run);
  await waitFor(() => run!.console.unknownAddresses().join() === '/ch/05/mix/fader', 'exactly the missing value to be unknown');
  fake.setMissing([]);
  await waitFor(() => run!.console.unknownAddresses().length === 0, 'the value to be asked for again and answered');
  expect(run.console.paramSpec('ch.5.faderDb')).toBeDefined();
});
