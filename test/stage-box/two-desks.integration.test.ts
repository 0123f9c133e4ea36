/**
 * Issue 21's done-when over real sockets: two fake X32s (UDP) on one simulated stage box, each with its own
 * bridge and tablets (WebSocket). A gain turned at FOH is tracked on the monitor desk's trim, confirmed by
 * read-back, journalled on both desks and undone as one action; tracking is off until switched on. A gain
 * written through Headroom at FOH asks with the monitor desk's predicted trim in its question, and a
 * tracking trim that would pass the end of its range is clamped there and the rest told to both desks; an
 * undo that trim can no longer follow asks from the tablet.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ServerMessage } from '../../server/hub/protocol';
import { readParam } from '../../server/model/params';
import type { WireStageBox } from '../../server/stage-box/stage-box-wire';
import { linearFloat } from '../fakes/fake-x-desk';
import { fakeX32GainDb } from '../fakes/fake-x32';
import { startTestDeskSet, type TestDeskSet } from '../support/test-desk-set';
import type { TestClient } from '../support/ws-client';

let desks: TestDeskSet;
let fohTablet: TestClient;
let monTablet: TestClient;

const gainFloat = (db: number) => linearFloat(db, -12, 60, 145);
const trimFloat = (db: number) => linearFloat(db, -18, 18, 145);
type StageBoxMessage = Extract<ServerMessage, { type: 'stage-box' }>;
const stageBox = (tablet: TestClient, match: (box: WireStageBox) => boolean) =>
  tablet.waitFor((m) => m.type === 'stage-box' && match(m.stageBox)).then((m) => (m as StageBoxMessage).stageBox);

async function post(url: string, path: string, token: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  desks = await startTestDeskSet();
  fohTablet = await desks.bridges.foh.engineer();
  monTablet = await desks.bridges.mon.engineer();
  const synced = (tablet: TestClient) => tablet.waitForState((s) => s.channels.length === 32 && readParam(s, 'ch.24.preampGainDb') === fakeX32GainDb(24));
  await Promise.all([synced(fohTablet), synced(monTablet)]);
}, 60_000);
afterAll(async () => {
  await fohTablet?.close();
  await monTablet?.close();
  await desks?.close();
});

test('both tablets see the eight shared preamps, owned by FOH, with tracking off', { timeout: 60_000 }, async () => {
  await desks.ready();
  const box = await stageBox(monTablet, (b) => b.preamps.length === 8 && b.desks.every((d) => d.state === 'ready'));
  expect(box.preamps.map((p) => p.input)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(box.preamps.every((p) => p.owner === 'foh')).toBe(true);
  expect(box.preamps[0]!.members).toEqual([
    expect.objectContaining({ desk: 'foh', channel: 17, label: 'Ch 17 Sax', trimDb: 0 }),
    expect.objectContaining({ desk: 'mon', channel: 17, label: 'Ch 17 Sax', trimDb: 0 }),
  ]);
  expect(box.preamps[0]!.gainDb).toBe(fakeX32GainDb(17));
  expect(box.desks.map((d) => [d.id, d.role, d.httpPort])).toEqual([['foh', 'foh', desks.bridges.foh.port], ['mon', 'monitor', desks.bridges.mon.port]]);
  expect(box.pairs).toEqual([{ desks: ['foh', 'mon'], tracking: false }]);
});

test('GET /api/stage-box/preview: what a FOH gain change would write on each desk, nothing written', { timeout: 60_000 }, async () => {
  await desks.ready();
  const beforeDb = fakeX32GainDb(20);
  const response = await fetch(`${desks.bridges.foh.url}/api/stage-box/preview?channel=20&gainDb=${beforeDb + 3}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { desk: string; desks: { desk: string; changes: { param: string; value: number }[] }[] };
  expect(body.desk).toBe('foh');
  expect(body.desks.map((d) => d.desk)).toEqual(['foh', 'mon']);
  expect(body.desks[0]!.changes[0]).toEqual({ param: 'ch.20.preampGainDb', value: beforeDb + 3 });
  expect(body.desks[1]!.changes).toEqual([{ param: 'ch.20.trimDb', value: -3 }]);
  expect(desks.fakes.foh.state.get('/headamp/035/gain')).toBe(gainFloat(beforeDb));
  expect((await fetch(`${desks.bridges.foh.url}/api/stage-box/preview?channel=1&gainDb=30`)).status).toBe(404);
  expect((await fetch(`${desks.bridges.foh.url}/api/stage-box/preview?channel=x`)).status).toBe(400);
});

test('with tracking off, a gain turned at FOH is reported to both desks and nothing is written', { timeout: 60_000 }, async () => {
  await desks.ready();
  desks.fakes.foh.setFromDesk('/headamp/032/gain', gainFloat(fakeX32GainDb(17) + 2));
  const warned = await stageBox(monTablet, (b) => b.warnings.some((w) => w.kind === 'untracked' && w.input === 1));
  expect(warned.warnings.find((w) => w.kind === 'untracked')!.text).toContain('tracking is off for FOH and Monitors');
  await stageBox(fohTablet, (b) => b.warnings.some((w) => w.kind === 'untracked'));
  await desks.set.tracker.settled();
  expect(desks.fakes.mon.state.get('/ch/17/preamp/trim')).toBe(trimFloat(0));
  expect(desks.bridges.mon.journal.entries()).toEqual([]);
  expect(desks.bridges.foh.journal.entries()).toEqual([]);
});

test('with tracking on, a gain turned at FOH moves the monitor trim against it, journalled on both and undone as one', { timeout: 60_000 }, async () => {
  await desks.ready();
  const token = await desks.bridges.foh.login();
  const switched = await post(desks.bridges.foh.url, '/api/stage-box/tracking', token, { with: 'mon', on: true });
  expect(switched.status).toBe(200);
  await stageBox(monTablet, (b) => b.pairs[0]!.tracking);

  const beforeDb = fakeX32GainDb(18);
  desks.fakes.foh.setFromDesk('/headamp/033/gain', gainFloat(beforeDb + 4));
  const trimEntry = await monTablet.waitFor((m) => m.type === 'journal-entry' && m.entry.param === 'ch.18.trimDb');
  expect(trimEntry).toMatchObject({ entry: { beforeValue: 0, requestedValue: -4, confirmedValue: -4, client: 'gain-tracking' } });
  // The monitor desk holds the trim it confirmed by read-back.
  expect(desks.fakes.mon.state.get('/ch/18/preamp/trim')).toBe(trimFloat(-4));
  const fohEntry = await fohTablet.waitFor((m) => m.type === 'journal-entry' && m.entry.param === 'ch.18.preampGainDb');
  expect(fohEntry).toMatchObject({ entry: { beforeValue: beforeDb, confirmedValue: beforeDb + 4, client: 'desk' } });
  const origin = (trimEntry as Extract<ServerMessage, { type: 'journal-entry' }>).entry.origin;
  expect(origin).toMatch(/^gain-tracking:/);
  expect((fohEntry as Extract<ServerMessage, { type: 'journal-entry' }>).entry.origin).toBe(origin);

  const box = await stageBox(fohTablet, (b) => b.changes.some((c) => c.input === 2));
  const change = box.changes.find((c) => c.input === 2)!;
  expect(change).toMatchObject({ deltaDb: 4, mover: 'foh', how: 'desk', desks: ['foh', 'mon'], undone: false });

  const monToken = await desks.bridges.mon.login();
  const undone = await post(desks.bridges.mon.url, '/api/stage-box/undo', monToken, { id: change.id, confirm: true });
  expect(undone.status).toBe(200);
  expect((undone.body.entries as { param: string; confirmedValue: number }[]).map((e) => [e.param, e.confirmedValue])).toEqual([
    ['ch.18.trimDb', 0],
    ['ch.18.preampGainDb', beforeDb],
  ]);
  expect(desks.fakes.mon.state.get('/ch/18/preamp/trim')).toBe(trimFloat(0));
  expect(desks.fakes.foh.state.get('/headamp/033/gain')).toBe(gainFloat(beforeDb));
  // The box carries the gain back to the monitor desk too.
  await monTablet.waitForState((s) => readParam(s, 'ch.18.preampGainDb') === beforeDb);
  const after = await stageBox(fohTablet, (b) => b.changes.find((c) => c.id === change.id)?.undone === true);
  // Undoing is not a new gain change to track.
  expect(after.changes.filter((c) => c.input === 2)).toHaveLength(1);
  await desks.set.tracker.settled();
  expect(desks.fakes.mon.state.get('/ch/18/preamp/trim')).toBe(trimFloat(0));
});

test('a gain written through Headroom on the monitor desk is tracked on FOH and warned about: FOH owns the preamp', { timeout: 60_000 }, async () => {
  await desks.ready();
  const beforeDb = fakeX32GainDb(19);
  const outcome = await desks.bridges.mon.bridge.writer.applyAll({
    changes: [{ param: 'ch.19.preampGainDb', value: beforeDb - 3 }],
    client: 'test-tablet',
    origin: 'test',
    confirmed: true,
    soundcheckId: null,
    onFailure: 'stop',
    purpose: 'any',
  });
  expect(outcome.failures).toEqual([]);
  const trim = await fohTablet.waitFor((m) => m.type === 'journal-entry' && m.entry.param === 'ch.19.trimDb');
  expect(trim).toMatchObject({ entry: { confirmedValue: 3 } });
  expect(desks.fakes.foh.state.get('/ch/19/preamp/trim')).toBe(trimFloat(3));
  const box = await stageBox(monTablet, (b) => b.warnings.some((w) => w.kind === 'non-owner-gain' && w.input === 3) && b.changes.some((c) => c.input === 3));
  expect(box.warnings.find((w) => w.kind === 'non-owner-gain')!.text).toContain('Monitors changed the gain');
  expect(box.changes.find((c) => c.input === 3)).toMatchObject({ mover: 'mon', how: 'headroom', deltaDb: -3, desks: ['mon', 'foh'] });
});

test('a FOH gain over the step limit on a shared preamp asks with the monitor trim it predicts; the undo from the FOH tablet asks the same way', { timeout: 60_000 }, async () => {
  await desks.ready();
  const beforeDb = fakeX32GainDb(20);
  const batch = { changes: [{ param: 'ch.20.preampGainDb', value: beforeDb + 8 }], client: 'test-tablet', origin: 'test', soundcheckId: null, onFailure: 'stop' as const, purpose: 'any' as const };
  const asked = await desks.bridges.foh.bridge.writer.applyAll({ ...batch, confirmed: false }).then(() => null, (error: unknown) => error as Error & { code: string });
  expect(asked?.code).toBe('needs-confirmation');
  expect(asked?.message).toContain('Steps over the 6 dB limit: Ch 20 Perc preamp gain 8.0 dB.');
  expect(asked?.message).toContain('On Monitors: Ch 20 Perc trim 0.0 -> -8.0 dB against box input 4, so its mixes stay.');
  // Nothing was written on either desk.
  expect(desks.fakes.foh.state.get('/headamp/035/gain')).toBe(gainFloat(beforeDb));
  expect(desks.fakes.mon.state.get('/ch/20/preamp/trim')).toBe(trimFloat(0));

  const outcome = await desks.bridges.foh.bridge.writer.applyAll({ ...batch, confirmed: true });
  expect(outcome.failures).toEqual([]);
  const trim = await monTablet.waitFor((m) => m.type === 'journal-entry' && m.entry.param === 'ch.20.trimDb');
  // What the question predicted is what the monitor desk confirmed by read-back.
  expect(trim).toMatchObject({ entry: { beforeValue: 0, requestedValue: -8, confirmedValue: -8, client: 'gain-tracking' } });
  expect(desks.fakes.mon.state.get('/ch/20/preamp/trim')).toBe(trimFloat(-8));

  const gainSeq = outcome.entries[0]!.seq;
  fohTablet.send({ type: 'undo', requestId: 'u1', actionSeq: gainSeq });
  const question = await fohTablet.waitFor((m) => m.type === 'needs-confirmation' && m.requestId === 'u1');
  expect((question as Extract<ServerMessage, { type: 'needs-confirmation' }>).message).toContain('On Monitors: Ch 20 Perc trim -8.0 -> 0.0 dB against box input 4, so its mixes stay.');
  fohTablet.send({ type: 'undo', requestId: 'u2', actionSeq: gainSeq, confirm: true });
  await monTablet.waitFor((m) => m.type === 'journal-entry' && m.entry.param === 'ch.20.trimDb' && m.entry.confirmedValue === 0);
  expect(desks.fakes.foh.state.get('/headamp/035/gain')).toBe(gainFloat(beforeDb));
  expect(desks.fakes.mon.state.get('/ch/20/preamp/trim')).toBe(trimFloat(0));
});

test('a tracking trim that would pass the end of its range is clamped there, read back and journalled, and the rest is told to both desks', { timeout: 60_000 }, async () => {
  await desks.ready();
  const token = await desks.bridges.foh.login();
  expect((await post(desks.bridges.foh.url, '/api/stage-box/tracking', token, { with: 'mon', on: true })).status).toBe(200);
  await desks.bridges.mon.bridge.writer.applyAll({ changes: [{ param: 'ch.21.trimDb', value: -15 }], client: 'test-tablet', origin: 'test', confirmed: true, soundcheckId: null, onFailure: 'stop', purpose: 'any' });
  expect(desks.fakes.mon.state.get('/ch/21/preamp/trim')).toBe(trimFloat(-15));
  const beforeDb = fakeX32GainDb(21);
  desks.fakes.foh.setFromDesk('/headamp/036/gain', gainFloat(beforeDb + 5));
  const trim = await monTablet.waitFor((m) => m.type === 'journal-entry' && m.entry.param === 'ch.21.trimDb' && m.entry.client === 'gain-tracking');
  // Asked -18 (the end of the range), not -20: clamped before it was written, confirmed by the desk's read-back.
  expect(trim).toMatchObject({ entry: { beforeValue: -15, requestedValue: -18, confirmedValue: -18 } });
  expect(desks.fakes.mon.state.get('/ch/21/preamp/trim')).toBe(trimFloat(-18));
  const ranOut = (box: WireStageBox) => box.warnings.find((w) => w.kind === 'trim-ran-out' && w.input === 5);
  const [onFoh, onMon] = await Promise.all([stageBox(fohTablet, (b) => ranOut(b) !== undefined), stageBox(monTablet, (b) => ranOut(b) !== undefined)]);
  const text = 'Monitors Ch 21 Shaker: the trim ran out at -18.0 dB; that desk\'s mixes move +2.0 dB with box input 5.';
  expect(ranOut(onFoh)!.text).toBe(text);
  expect(ranOut(onMon)!.text).toBe(text);
  // Journalled on both desks: the FOH gain turned at the desk and the monitor trim that answered it.
  expect(desks.bridges.foh.journal.entries().some((e) => e.param === 'ch.21.preampGainDb' && e.origin === (trim as Extract<ServerMessage, { type: 'journal-entry' }>).entry.origin)).toBe(true);
});

test('an undo from the FOH tablet that the monitor trim can no longer follow (moved to its end since) asks, and writes nothing until confirmed', { timeout: 60_000 }, async () => {
  await desks.ready();
  const beforeDb = fakeX32GainDb(22);
  const outcome = await desks.bridges.foh.bridge.writer.applyAll({ changes: [{ param: 'ch.22.preampGainDb', value: beforeDb + 3 }], client: 'test-tablet', origin: 'test', confirmed: true, soundcheckId: null, onFailure: 'stop', purpose: 'any' });
  await monTablet.waitFor((m) => m.type === 'journal-entry' && m.entry.param === 'ch.22.trimDb' && m.entry.confirmedValue === -3);
  await desks.bridges.mon.bridge.writer.applyAll({ changes: [{ param: 'ch.22.trimDb', value: 18 }], client: 'test-tablet', origin: 'test', confirmed: true, soundcheckId: null, onFailure: 'stop', purpose: 'any' });
  const gainSeq = outcome.entries[0]!.seq;
  fohTablet.send({ type: 'undo', requestId: 'far-1', actionSeq: gainSeq });
  const question = (await fohTablet.waitFor((m) => m.type === 'needs-confirmation' && m.requestId === 'far-1')) as Extract<ServerMessage, { type: 'needs-confirmation' }>;
  // The trim is 3 dB short; Choir L's compressor on the monitor desk takes part of it (the level model there).
  // FOH's own prediction reads its live meters, so only the other desk's parts are exact.
  const [asked, predicted] = question.message.split(' Predicted: ');
  expect(asked).toBe("This change moves another desk's mixes: Monitors −0.7 dB where its trim cannot follow.");
  expect(predicted!.slice(predicted!.indexOf(' On Monitors: '))).toBe(' On Monitors: Ch 22 Choir L trim stays at +18.0 dB (the end of its range); PA: −0.7 dB. Confirm to apply.');
  expect(desks.fakes.foh.state.get('/headamp/037/gain')).toBe(gainFloat(beforeDb + 3));
  fohTablet.send({ type: 'undo', requestId: 'far-2', actionSeq: gainSeq, confirm: true });
  await fohTablet.waitFor((m) => m.type === 'journal-entry' && m.entry.param === 'ch.22.preampGainDb' && m.entry.undoOf === gainSeq);
  expect(desks.fakes.foh.state.get('/headamp/037/gain')).toBe(gainFloat(beforeDb));
});
