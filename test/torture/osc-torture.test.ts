/**
 * 10,000 broken datagrams from the desk's own address at the X32 adapter, over real UDP: every one is
 * dropped and counted as malformed or unexpected, the link stays ready, meters keep flowing and the desk
 * state the adapter holds is untouched. Datagrams go out in batches the adapter has counted before the
 * next one leaves, so the kernel never drops any and the counts can be exact.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LinkCounters } from '../../server/consoles/console';
import { createX32Console } from '../../server/consoles/x32/x32-console';
import { readParam } from '../../server/model/params';
import { nextFrame, ready, startAdapter, type AdapterRun } from '../consoles/x32/console-harness';
import { startFakeX32 } from '../fakes/fake-x32';
import type { FakeDesk } from '../fakes/fake-x-desk';
import { malformedOscPackets, OSC_GARBAGE_KINDS, type OscGarbage, type OscGarbageKind } from './malformed-osc';

const PACKETS = 10_000;
const garbage = malformedOscPackets(20_251_125, PACKETS);
/** Keeps a batch well inside the default UDP receive buffer (about 208 KB including per-packet overhead). */
const BATCH_BYTES = 96 * 1024;
const BATCH_PACKETS = 48;

let fake: FakeDesk;
let run: AdapterRun;
let statesAtStart = 0;
let snapshotAtStart = '';

beforeAll(async () => {
  fake = await startFakeX32({ seed: 5 });
  run = await startAdapter(createX32Console, fake);
  await ready(run);
  statesAtStart = run.states.length;
  snapshotAtStart = JSON.stringify(run.console.snapshot());
});

afterAll(async () => {
  run?.stop();
  await fake?.stop();
});

const dropped = (counters: LinkCounters) => counters.malformed + counters.unexpected;

/** Resolves once `check` holds, polling every millisecond; only the test's timeout bounds it (`what` names the wait). */
async function until(check: () => boolean, what: string): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 1, what));
}

/** Sends `packets` from the desk's socket, a batch at a time, each batch counted by the adapter before the next. */
async function sendAll(packets: readonly OscGarbage[]): Promise<void> {
  const base = dropped(run.console.counters());
  let sent = 0;
  for (let i = 0; i < packets.length;) {
    let bytes = 0;
    const batchStart = i;
    while (i < packets.length && i - batchStart < BATCH_PACKETS && (i === batchStart || bytes + packets[i]!.bytes.byteLength <= BATCH_BYTES)) {
      bytes += packets[i]!.bytes.byteLength;
      fake.sendRawToClients(packets[i]!.bytes);
      i++;
    }
    sent = i;
    await until(() => dropped(run.console.counters()) - base >= sent, `the adapter to count ${sent} datagrams`);
  }
}

const byKind = (kind: OscGarbageKind) => garbage.filter((packet) => packet.kind === kind);

test.each(OSC_GARBAGE_KINDS.map((kind) => [kind, byKind(kind)[0]!.expect] as const))(
  '%s datagrams are dropped and counted as %s',
  async (kind, expected) => {
    const packets = byKind(kind);
    expect(packets.length).toBeGreaterThan(1000);
    const before = run.console.counters();
    await sendAll(packets);
    const after = run.console.counters();
    const malformed = after.malformed - before.malformed;
    const unexpected = after.unexpected - before.unexpected;
    expect(malformed + unexpected).toBe(packets.length);
    if (expected === 'malformed') expect(malformed).toBe(packets.length);
    if (expected === 'unexpected') expect(unexpected).toBe(packets.length);
    expect(after.packetsIn - before.packetsIn).toBeGreaterThanOrEqual(packets.length);
  },
);

test(`after ${PACKETS} broken datagrams the link is still ready, never dropped, meters flow and the desk state is intact`, async () => {
  expect(garbage).toHaveLength(PACKETS);
  expect(run.console.state()).toBe('ready');
  expect(run.states.slice(statesAtStart)).toEqual([]);
  const frame = await nextFrame(run);
  expect(frame.channelInputDbfs).toHaveLength(32);
  expect(frame.channelInputDbfs.every((level) => !Number.isNaN(level))).toBe(true);
  const snapshot = run.console.snapshot();
  expect(JSON.stringify(snapshot)).toBe(snapshotAtStart);
  expect(snapshot.channels[0]?.name).toBe('Kick');
  expect(readParam(snapshot, 'ch.1.faderDb')).toBeCloseTo(-5, 1);
});
