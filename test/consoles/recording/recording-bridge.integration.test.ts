/**
 * Issue 19's done-when through a real bridge over a real WebSocket: a folder built from the Debian samples
 * plays in real time as a desk; the tablet gets the channels, live meters from the PCM, the play position
 * and the engine's suggestions; an applied suggestion changes the virtual desk and can be undone.
 * Waits on messages, never on the clock.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createRecordingConsole } from '../../../server/consoles/recording/recording-console';
import type { ServerMessage } from '../../../server/hub/protocol';
import { startTestBridge } from '../../support/test-bridge';
import { sample, tempFolder } from './real-audio';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

test('a recorded band on the tablet: channels, PCM meters, position, a clipping suggestion applied and undone', async () => {
  const { dir, remove } = await tempFolder('bridge');
  cleanups.push(remove);
  // The amen break is mastered to full scale: it clips the virtual converter, as a hot channel would.
  await copyFile(sample('loop_amen'), join(dir, '01 Drums.flac'));
  await copyFile(sample('bass_hard_c'), join(dir, '02 Bass.flac'));
  await copyFile(sample('guit_em9'), join(dir, '03 Gtr.flac'));

  const bridge = await startTestBridge({ console: await createRecordingConsole(dir, { autoRun: true }) });
  cleanups.push(() => bridge.close());
  const tablet = await bridge.engineer();
  cleanups.push(() => tablet.close());

  const snapshot = await tablet.waitFor((m): m is Of<'snapshot'> => m.type === 'snapshot');
  expect(snapshot.snapshot.identity.kind).toBe('recording');
  expect(snapshot.snapshot.channels.map((c) => c.name)).toEqual(['Drums L', 'Drums R', 'Bass L', 'Bass R', 'Gtr L', 'Gtr R']);

  const meters = await tablet.waitFor((m): m is Of<'meters'> => m.type === 'meters' && m.frame.channelInputDbfs.some((v) => v !== null && v > -60));
  expect(meters.frame.channelInputDbfs).toHaveLength(6);
  const status = await tablet.waitFor((m): m is Of<'status'> => m.type === 'status' && m.status.console.name.includes(' · '));
  expect(status.status.console.name).toMatch(/^[^·]+ · \d+:\d\d \/ 0:\d\d$/);

  // Suggestions arrive as a list on connect, then as diffs the tablet applies.
  const clipping = await tablet.waitForSuggestions((list) => list.some((s) => s.id === 'clipping:ch1:preamp'), 15_000);
  const suggestion = clipping.find((s) => s.id === 'clipping:ch1:preamp')!;
  expect(suggestion.change?.param).toBe('ch.1.preampGainDb');
  expect(suggestion.change!.proposedValue).toBeLessThan(30);

  // Applied and undone from the tablet, as an engineer would: through the safety path, over the socket.
  tablet.send({ type: 'apply', requestId: 'a1', suggestionId: suggestion.id, confirm: true });
  const applied = await tablet.waitFor((m): m is Of<'applied'> => m.type === 'applied' && m.requestId === 'a1' && m.param === 'ch.1.preampGainDb');
  expect(applied.confirmedValue).toBeLessThan(30);
  expect(bridge.console.snapshot().channels[0]!.preampGainDb).toBe(applied.confirmedValue);
  const journalled = await tablet.waitFor((m): m is Of<'journal-entry'> => m.type === 'journal-entry' && m.entry.param === 'ch.1.preampGainDb');
  // The whole action comes back: the gain and whatever kept the mix where it was.
  tablet.send({ type: 'undo', requestId: 'u1', actionSeq: journalled.entry.actionSeq, confirm: true });
  const undone = await tablet.waitFor((m): m is Of<'write-result'> => m.type === 'write-result' && m.requestId === 'u1');
  expect(undone.failures).toEqual([]);
  expect(bridge.console.snapshot().channels[0]!.preampGainDb).toBe(30);
});
