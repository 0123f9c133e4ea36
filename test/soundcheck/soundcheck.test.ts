import { afterEach, expect, test } from 'vitest';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { suggest } from '../../server/engine/suggest';
import type { ServerMessage, SoundcheckProgress, SoundcheckResult } from '../../server/hub/protocol';
import { defaultProfile } from '../../server/profiles/default-profile';
import { Soundcheck, SoundcheckError } from '../../server/soundcheck/soundcheck';
import { CountingConsole } from '../support/counting-console';

/** Every rig a test made: afterEach checks none of them wrote. */
const desks: CountingConsole[] = [];

async function rig(silenceGiveUpMs = 20_000) {
  const sim = new SimulatorConsole({ seed: 1, autoRun: false });
  const desk = new CountingConsole(sim);
  await desk.start(new AbortController().signal);
  const messages: ServerMessage[] = [];
  let ids = 0;
  const soundcheck = new Soundcheck({
    console: desk,
    suggest,
    profile: defaultProfile,
    broadcast: (m) => messages.push(m),
    nowMs: () => Date.parse('2025-06-01T17:00:00.000Z'),
    newId: () => `sc-${++ids}`,
    silenceGiveUpMs,
    onError: (error) => {
      throw error;
    },
  });
  soundcheck.start(new AbortController().signal);
  const r = {
    sim,
    desk,
    soundcheck,
    messages,
    /** Steps the band until `done` or `maxFrames` (bounded). */
    stepUntil(done: () => boolean, maxFrames = 2000) {
      for (let i = 0; i < maxFrames && !done(); i++) sim.step(1);
    },
    of<T extends ServerMessage['type']>(type: T) {
      return messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
    },
    progress(channel: number): SoundcheckProgress[] {
      return r.of('soundcheck-progress').map((m) => m.progress).filter((p) => p.channel === channel);
    },
    results(): SoundcheckResult[] {
      return r.of('soundcheck-result').map((m) => m.result);
    },
  };
  desks.push(desk);
  return r;
}

afterEach(() => {
  // Soundcheck only listens: whatever a test did, nothing reached the console.
  for (const desk of desks.splice(0)) expect(desk.writes).toEqual([]);
});

test('listen on the kick: progress counts playing time up to the window, then the engine\'s suggestion with its evidence', async () => {
  const r = await rig();
  const state = r.soundcheck.begin('tab1', 'listen', [1], 2000);
  expect(state).toMatchObject({ soundcheckId: 'sc-1', mode: 'listen', windowMs: 2000, running: true, startedBy: 'tab1' });
  expect(state.channels).toEqual([{ channel: 1, label: 'Ch 1 Kick', status: 'listening', activeMs: 0, result: null }]);
  r.stepUntil(() => !r.soundcheck.state()!.running);

  const progress = r.progress(1);
  expect(progress.length).toBeGreaterThanOrEqual(4);
  for (const [i, p] of progress.entries()) {
    expect(p.windowMs).toBe(2000);
    expect(p.activeMs).toBeLessThanOrEqual(2000);
    expect(p.activeMs).toBeLessThanOrEqual(p.elapsedMs + 50);
    if (i > 0) expect(p.activeMs).toBeGreaterThanOrEqual(progress[i - 1]!.activeMs);
  }
  const [result] = r.results();
  expect(result).toMatchObject({ soundcheckId: 'sc-1', channel: 1, label: 'Ch 1 Kick', outcome: 'complete' });
  expect(result!.activeMs).toBeGreaterThanOrEqual(2000);
  expect(result!.peakDbfs).toBeGreaterThan(-3);
  expect(result!.suggestion).toMatchObject({ target: { kind: 'channel', index: 1 }, stage: 'preamp' });
  expect(['clipping', 'preamp-target']).toContain(result!.suggestion!.rule);
  expect(result!.suggestion!.change).toMatchObject({ param: 'ch.1.preampGainDb', currentValue: 35 });
  expect(result!.suggestion!.change!.deltaDb).toBeLessThan(-6);
  expect(result!.suggestion!.evidence.activeMs).toBeGreaterThanOrEqual(2000);
  expect(result!.message).toBe(result!.suggestion!.reason);
  expect(r.of('soundcheck-ended')).toEqual([{ type: 'soundcheck-ended', soundcheckId: 'sc-1', reason: 'finished', message: expect.any(String) }]);
  expect(r.soundcheck.result('sc-1', 1)).toEqual(result);
});

test('only playing time counts: while the source is silent the window does not fill', async () => {
  const r = await rig();
  r.soundcheck.begin('tab1', 'listen', [13], 3000);
  r.sim.step(20);
  r.desk.silenced.add(13);
  r.sim.step(2);
  const atSilence = r.progress(13).at(-1)!.activeMs;
  r.sim.step(100);
  const silent = r.progress(13).filter((p) => p.activeMs === atSilence);
  expect(silent.length).toBeGreaterThanOrEqual(15);
  expect(r.progress(13).at(-1)!.activeMs).toBe(atSilence);
  expect(r.soundcheck.state()!.running).toBe(true);
  r.desk.silenced.clear();
  r.stepUntil(() => !r.soundcheck.state()!.running);
  const [result] = r.results();
  expect(result!.outcome).toBe('complete');
  expect(result!.suggestion?.change).toMatchObject({ param: 'ch.13.preampGainDb' });
  expect(result!.suggestion!.change!.deltaDb).toBeGreaterThan(10);
});

test('a gain change at the desk on the listening channel restarts its window and says why; other changes do not', async () => {
  const r = await rig();
  r.soundcheck.begin('tab1', 'listen', [1, 2], 4000);
  r.sim.step(30);
  r.sim.deskChange('ch.1.faderDb', -20);
  r.sim.deskChange('ch.5.preampGainDb', 30);
  expect(r.of('soundcheck-restarted')).toEqual([]);
  r.sim.deskChange('ch.1.preampGainDb', 30);
  expect(r.of('soundcheck-restarted')).toEqual([{
    type: 'soundcheck-restarted',
    soundcheckId: 'sc-1',
    channel: 1,
    reason: 'desk-change',
    param: 'ch.1.preampGainDb',
    message: 'Ch 1 Kick gain changed at the desk to +30.0 dB: listening again from the start.',
  }]);
  expect(r.progress(1).at(-1)).toMatchObject({ activeMs: 0, elapsedMs: 0 });
  expect(r.progress(2).at(-1)!.activeMs).toBeGreaterThan(0);
  r.sim.step(10);
  expect(r.progress(1).at(-1)!.activeMs).toBeLessThanOrEqual(500);
  r.stepUntil(() => !r.soundcheck.state()!.running);
  const kick = r.results().find((x) => x.channel === 1)!;
  expect(kick.suggestion!.change!.currentValue).toBe(30);
});

test('a write from a tablet and a lost console restart the window too; after the console returns the window fills', async () => {
  const r = await rig();
  r.soundcheck.begin('tab1', 'listen', [13], 2000);
  r.sim.step(10);
  r.soundcheck.noteWrite('ch.13.trimDb');
  r.soundcheck.noteWrite('ch.12.trimDb');
  r.sim.step(10);
  r.sim.setOnline(false);
  r.sim.step(10);
  r.sim.setOnline(true);
  expect(r.of('soundcheck-restarted').map((m) => [m.reason, m.param])).toEqual([['headroom-write', 'ch.13.trimDb'], ['console-lost', null]]);
  expect(r.of('soundcheck-restarted')[0]!.message).toBe('Ch 13 Vox 1 trim was changed from a tablet: listening again from the start.');
  r.stepUntil(() => !r.soundcheck.state()!.running);
  expect(r.results()[0]!.outcome).toBe('complete');
});

test('check all walks channel by channel, one listening at a time, in the order asked', async () => {
  const r = await rig();
  const state = r.soundcheck.begin('tab1', 'walk', [13, 1, 2], 2000);
  expect(state.channels.map((c) => c.status)).toEqual(['listening', 'waiting', 'waiting']);
  r.stepUntil(() => !r.soundcheck.state()!.running);
  expect(r.results().map((x) => [x.channel, x.outcome])).toEqual([[13, 'complete'], [1, 'complete'], [2, 'complete']]);
  for (const { state: s } of r.of('soundcheck')) expect(s.channels.filter((c) => c.status === 'listening').length).toBeLessThanOrEqual(1);
  const snare = r.results()[2]!;
  expect(snare.suggestion).toBeNull();
  expect(snare.message).toMatch(/^Ch 2 Snare: on target/);
  expect(r.soundcheck.state()!.channels.every((c) => c.status === 'done' && c.result !== null)).toBe(true);
});

test('check all with no channels named walks every channel of the console', async () => {
  const r = await rig();
  expect(r.soundcheck.begin('tab1', 'walk', null, 2000).channels.map((c) => c.channel)).toEqual([...Array(16).keys()].map((i) => i + 1));
});

test('a channel that plays nothing is given up after the silence limit and the walk moves on', async () => {
  const r = await rig(3000);
  r.desk.silenced.add(5);
  r.soundcheck.begin('tab1', 'walk', [5, 13], 2000);
  r.stepUntil(() => r.results().length > 0, 200);
  expect(r.results()[0]).toMatchObject({ channel: 5, outcome: 'gave-up', activeMs: 0, suggestion: null, peakDbfs: null });
  expect(r.results()[0]!.message).toBe('Ch 5 Tom 2: nothing played in 3.0 s; check the source, the cable, the mute and phantom power.');
  expect(r.soundcheck.state()!.channels.map((c) => c.status)).toEqual(['done', 'listening']);
});

test('next judges what was heard so far; cancel stops and keeps results; a new soundcheck replaces a running one', async () => {
  const r = await rig();
  r.soundcheck.begin('tab1', 'walk', [13, 2], 10_000);
  r.sim.step(60);
  r.soundcheck.next('sc-1');
  expect(r.results()[0]).toMatchObject({ channel: 13, outcome: 'stopped-early' });
  expect(r.results()[0]!.activeMs).toBeGreaterThanOrEqual(2000);
  expect(r.results()[0]!.suggestion?.change?.param).toBe('ch.13.preampGainDb');
  r.soundcheck.cancel(null, 'tab2');
  expect(r.of('soundcheck-ended').at(-1)).toMatchObject({ soundcheckId: 'sc-1', reason: 'cancelled' });
  expect(r.soundcheck.state()).toMatchObject({ running: false, endReason: 'cancelled' });
  expect(r.soundcheck.result('sc-1', 13).outcome).toBe('stopped-early');
  expect(() => r.soundcheck.next('sc-1')).toThrow(expect.objectContaining({ code: 'not-running' }));

  r.soundcheck.begin('tab1', 'listen', [1], 2000);
  r.soundcheck.begin('tab2', 'listen', [2], 2000);
  expect(r.of('soundcheck-ended').at(-1)).toMatchObject({ soundcheckId: 'sc-2', reason: 'replaced' });
  expect(r.soundcheck.state()).toMatchObject({ soundcheckId: 'sc-3', running: true });
});

test.each([
  ['a channel the console lacks', (sc: Soundcheck) => sc.begin('t', 'listen', [17], 2000), 'unknown-channel'],
  ['an unknown soundcheck', (sc: Soundcheck) => sc.result('sc-9', 1), 'unknown-soundcheck'],
  ['cancel with nothing running', (sc: Soundcheck) => sc.cancel(null, 't'), 'not-running'],
])('%s is refused with a coded error', async (_what, act, code) => {
  const r = await rig();
  let error: unknown;
  try {
    act(r.soundcheck);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SoundcheckError);
  expect((error as SoundcheckError).code).toBe(code);
});

test('a channel not judged yet has no result', async () => {
  const r = await rig();
  r.soundcheck.begin('t', 'walk', [1, 2], 2000);
  expect(() => r.soundcheck.result('sc-1', 2)).toThrow(expect.objectContaining({ code: 'no-result' }));
});
