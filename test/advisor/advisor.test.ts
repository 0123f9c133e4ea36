/**
 * The advisor between the engine and the tablets: what it shows while a place re-listens after a write, what
 * it remembers of resolved suggestions, when a resolved suggestion may come back, and what a venue change
 * does to the meters. The engine is mostly scripted (each test says what it would answer) and the desk is the
 * simulator stepped by hand.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Advisor, type StatisticsKeeper } from '../../server/advisor/advisor';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { Suggestion } from '../../server/engine/suggestion';
import { suggest } from '../../server/engine/suggest';
import { DEFAULT_WINDOWS_MS, RollingMeterStatistics, type MeterPoint } from '../../server/meters/rolling-meter-statistics';
import { readParam } from '../../server/model/params';
import { defaultProfile } from '../../server/profiles/default-profile';
import { makeStats } from '../engine/builders';
import { makeSuggestion } from '../ui/lib/builders';

const WINDOW_MS = 8000;

let desk: SimulatorConsole;
let nowMs: number;
let engine: Suggestion[];
let resets: MeterPoint[];
let advisor: Advisor;
let lifetime: AbortController;

const statistics: StatisticsKeeper = {
  push: () => {},
  statistics: () => makeStats(),
  reset: (point) => resets.push(point),
  setClipDbfs: () => {},
};

beforeEach(async () => {
  desk = new SimulatorConsole({ seed: 1, autoRun: false });
  lifetime = new AbortController();
  await desk.start(lifetime.signal);
  nowMs = 0;
  engine = [];
  resets = [];
  advisor = new Advisor({
    console: desk,
    statistics,
    suggest: () => engine,
    profile: defaultProfile(),
    windowMs: WINDOW_MS,
    evaluateEveryMs: 3_600_000,
    nowMs: () => nowMs,
    onError: (error) => {
      throw error;
    },
  });
  advisor.start(lifetime.signal);
});
afterEach(() => lifetime.abort());

const value = (param: string): number => readParam(desk.snapshot(), param)!;

/** The kick's gain fix as the engine proposes it: preamp down `deltaDb`. */
function kickFix(deltaDb: number, rule: Suggestion['rule'] = 'clipping'): Suggestion {
  const current = value('ch.1.preampGainDb');
  return makeSuggestion({
    id: `${rule}:ch1:preamp`,
    rule,
    severity: rule === 'clipping' ? 'urgent' : 'advice',
    change: { param: 'ch.1.preampGainDb', currentValue: current, proposedValue: current + deltaDb, deltaDb },
    version: `kick${deltaDb}`,
  });
}

/** The main amps' feed: the main fader down `deltaDb`. */
function ampFeed(deltaDb: number): Suggestion {
  const current = value('main.faderDb');
  return makeSuggestion({
    id: 'amp-feed:out1:output',
    rule: 'amp-feed',
    target: { kind: 'output', index: 1 },
    label: 'Out 1 Main L amp',
    stage: 'output',
    change: { param: 'main.faderDb', currentValue: current, proposedValue: current + deltaDb, deltaDb },
    purpose: ['main'],
    version: `amp${deltaDb}`,
  });
}

/**
 * Applies `s` as the bridge does: the write, then the journal's forgetLevels, then noteApplied. The engine
 * stops making `s` (its readings were reset; anything else it says comes from the test).
 */
async function apply(s: Suggestion): Promise<void> {
  engine = engine.filter((e) => e.id !== s.id);
  await desk.apply({ param: s.change!.param, value: s.change!.proposedValue });
  advisor.forgetLevels(s.change!.param, s.id);
  advisor.noteApplied(s);
}

const shownIds = () => advisor.evaluate().map((s) => `${s.id} ${s.version}`);

describe('while a place re-listens after a write', () => {
  test('a mix suggestion keeps the figures it showed, even when the short window says otherwise or nothing', async () => {
    const kick = kickFix(-20);
    engine = [kick, ampFeed(-13)];
    expect(shownIds()).toEqual(['clipping:ch1:preamp kick-20', 'amp-feed:out1:output amp-13']);
    await apply(kick);
    engine = [];
    expect(shownIds()).toEqual(['amp-feed:out1:output amp-13']);
    nowMs = WINDOW_MS - 1;
    engine = [ampFeed(-16)];
    expect(shownIds()).toEqual(['amp-feed:out1:output amp-13']);
    expect(resets).toContainEqual({ area: 'channelInput', index: 1 });
    expect(resets).toContainEqual({ area: 'main' });
  });

  test('nothing new appears there until a full window was heard again', async () => {
    const kick = kickFix(-20);
    engine = [kick];
    advisor.evaluate();
    await apply(kick);
    engine = [ampFeed(-4)];
    expect(shownIds()).toEqual([]);
    nowMs = WINDOW_MS;
    expect(shownIds()).toEqual(['amp-feed:out1:output amp-4']);
  });

  test('urgent news is not held back: a channel that clips right after its write shows at once', async () => {
    const kick = kickFix(-6, 'preamp-target');
    engine = [kick];
    advisor.evaluate();
    await apply(kick);
    engine = [kickFix(-8)];
    expect(shownIds()).toEqual(['clipping:ch1:preamp kick-8']);
  });

  test('once re-listened, a held suggestion the engine no longer makes is resolved by the write, and says so', async () => {
    const kick = kickFix(-20);
    const feed = ampFeed(-13);
    engine = [kick, feed];
    advisor.evaluate();
    nowMs = 1000;
    await apply(kick);
    engine = [];
    nowMs = 1000 + WINDOW_MS;
    expect(shownIds()).toEqual([]);
    expect(advisor.resolution(feed.id)).toMatchObject({ atMs: 1000 + WINDOW_MS, by: { id: kick.id, name: "Ch 1 Kick's gain fix" } });
    expect(advisor.resolution(kick.id)).toMatchObject({ atMs: 1000, by: { id: kick.id } });
  });
});

describe('a suggestion resolved by a write', () => {
  async function resolveKick(): Promise<void> {
    const kick = kickFix(-20);
    engine = [kick];
    advisor.evaluate();
    await apply(kick);
    nowMs = WINDOW_MS;
  }

  test('stays away while the engine asks for less than the reopen margin (6 dB), whichever rule asks', async () => {
    await resolveKick();
    engine = [kickFix(-2, 'preamp-target')];
    expect(shownIds()).toEqual([]);
    engine = [kickFix(-5.5, 'preamp-target')];
    expect(shownIds()).toEqual([]);
  });

  test('comes back when the programme changed measurably: beyond the margin, or more severe', async () => {
    await resolveKick();
    engine = [kickFix(-7, 'preamp-target')];
    expect(shownIds()).toEqual(['preamp-target:ch1:preamp kick-7']);
  });

  test('an amplifier feed that clips the amp again comes back however small the move: urgent is never held back', async () => {
    const feed = { ...ampFeed(-13), severity: 'urgent' as const };
    engine = [feed];
    advisor.evaluate();
    await apply(feed);
    nowMs = WINDOW_MS;
    engine = [ampFeed(-2)];
    expect(shownIds()).toEqual([]);
    engine = [{ ...ampFeed(-2), severity: 'urgent' }];
    expect(shownIds()).toEqual(['amp-feed:out1:output amp-2']);
  });

  test('comes back when the converter clips again: clipping is measured, never held back', async () => {
    await resolveKick();
    engine = [kickFix(-3)];
    expect(shownIds()).toEqual(['clipping:ch1:preamp kick-3']);
  });

  test.each([
    { name: 'a person moves the channel at the desk', act: () => desk.deskChange('ch.1.faderDb', -5) },
    { name: 'an undo writes the old gain back', act: () => advisor.forgetLevels('ch.1.preampGainDb', 'undo') },
    { name: 'the profile changes', act: () => advisor.setProfile({ ...defaultProfile(), venue: 'Elsewhere' }) },
  ])('comes back after $name', async ({ act }) => {
    await resolveKick();
    engine = [kickFix(-2, 'preamp-target')];
    expect(shownIds()).toEqual([]);
    act();
    nowMs += WINDOW_MS;
    expect(shownIds()).toEqual(['preamp-target:ch1:preamp kick-2']);
  });

  test("the desk echoing Headroom's own write is not a person's change", async () => {
    await resolveKick();
    engine = [kickFix(-2, 'preamp-target')];
    desk.deskChange('ch.1.preampGainDb', value('ch.1.preampGainDb'));
    nowMs += WINDOW_MS;
    expect(shownIds()).toEqual([]);
  });
});

test('every change set shown is remembered by its version for applies from older cards', () => {
  engine = [ampFeed(-13)];
  advisor.evaluate();
  nowMs = 500;
  engine = [ampFeed(-13.4)];
  advisor.evaluate();
  expect(advisor.shownVersion('amp-feed:out1:output', 'amp-13')?.change?.deltaDb).toBe(-13);
  expect(advisor.find('amp-feed:out1:output')?.version).toBe('amp-13.4');
  expect(advisor.shownVersion('amp-feed:out1:output', 'nope')).toBeUndefined();
});

describe('Advisor.setProfile', () => {
  test('a venue with another clip level makes the meters count clips at that level from then on', async () => {
    const sim = new SimulatorConsole({ seed: 1, autoRun: false });
    await sim.start(new AbortController().signal);
    let nowMs = 0;
    sim.onMeters((frame) => {
      nowMs = frame.atMs;
    });
    const statistics = new RollingMeterStatistics({ windowsMs: DEFAULT_WINDOWS_MS, clipDbfs: -1 });
    const lenient = defaultProfile();
    const strict = defaultProfile();
    strict.thresholds.clipDbfs = -20;
    const advisor = new Advisor({
      console: sim, statistics, suggest, profile: lenient, windowMs: 8000, evaluateEveryMs: 60_000, nowMs: () => nowMs,
      onError: (error) => {
        throw error;
      },
    });
    const lifetime = new AbortController();
    advisor.start(lifetime.signal);
    try {
      sim.step(100);
      // Ch 2 Snare peaks well under -1 dBFS but over -20 dBFS: no clips at the first profile's level.
      expect(advisor.meters().channelInput[1]!.clipCount).toBe(0);
      advisor.setProfile(strict);
      sim.step(100);
      expect(advisor.meters().channelInput[1]!.clipCount).toBeGreaterThan(0);
      expect(advisor.profile()).toBe(strict);
    } finally {
      lifetime.abort();
    }
  });
});

describe('when the tablets hear the list', () => {
  test('at once when what an engineer would act on changes; refreshed evidence alone at most every 2000 ms', () => {
    const published: (readonly Suggestion[])[] = [];
    advisor.onSuggestions((list) => published.push(list));
    const withPeak = (s: Suggestion, peakDbfs: number): Suggestion => ({ ...s, evidence: { ...s.evidence, peakDbfs } });
    const fix = kickFix(-6);

    engine = [withPeak(fix, -1.5)];
    advisor.evaluate();
    expect(published).toHaveLength(1);

    nowMs = 500;
    engine = [withPeak(fix, -1.2)];
    advisor.evaluate();
    expect(published).toHaveLength(1);

    nowMs = 1000;
    engine = [withPeak(fix, -1.2), ampFeed(-2)];
    advisor.evaluate();
    expect(published).toHaveLength(2);
    expect(published[1]!.map((s) => s.id)).toEqual([fix.id, 'amp-feed:out1:output']);

    nowMs = 2500;
    advisor.evaluate();
    expect(published).toHaveLength(2);

    nowMs = 3000;
    advisor.evaluate();
    expect(published).toHaveLength(2);

    nowMs = 3200;
    engine = [withPeak(fix, -0.9), ampFeed(-2)];
    advisor.evaluate();
    expect(published).toHaveLength(3);
    expect(published[2]![0]!.evidence.peakDbfs).toBe(-0.9);

    nowMs = 4000;
    engine = [withPeak(fix, -0.7), ampFeed(-2)];
    advisor.evaluate();
    expect(published).toHaveLength(3);
  });
});
