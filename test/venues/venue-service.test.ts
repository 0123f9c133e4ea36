import { NO_METERS } from '../../server/model/level-model';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { DEFAULT_WINDOWS_MS, RollingMeterStatistics } from '../../server/meters/rolling-meter-statistics';
import { readParam } from '../../server/model/params';
import { defaultProfile } from '../../server/profiles/default-profile';
import { ProfileStore } from '../../server/profiles/profile-store';
import type { VenueProfile } from '../../server/profiles/schema';
import { MemoryJournal } from '../../server/safety/journal';
import { SafeWriter } from '../../server/safety/safe-writer';
import { VenueService } from '../../server/venues/venue-service';
import { repoRoot } from '../support/test-bridge';

let dir: string;
let desk: SimulatorConsole;
let stats: RollingMeterStatistics;
let service: VenueService;
let activated: { profile: VenueProfile; id: string | null }[];
const quiet = { info: () => {}, warn: () => {} };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-venues-'));
  await copyFile(join(repoRoot, 'profiles', 'simulator-band.json'), join(dir, 'simulator-band.json'));
  desk = new SimulatorConsole({ seed: 1, autoRun: false });
  await desk.start(new AbortController().signal);
  stats = new RollingMeterStatistics({ windowsMs: DEFAULT_WINDOWS_MS });
  desk.onMeters((frame) => stats.push(frame));
  activated = [];
  service = new VenueService({
    store: new ProfileStore({ dir, examplesDir: null, logger: quiet, now: () => new Date() }),
    console: desk,
    statistics: () => stats.soundcheck(),
    writer: new SafeWriter({ meters: () => NO_METERS, console: desk, journal: new MemoryJournal(), readOnly: false, maxStepDb: 6, nowMs: () => 0, onWrite: () => {} }),
    onActivate: (profile, id) => activated.push({ profile, id }),
    todayIso: () => '2026-11-25',
    initial: { id: null, profile: defaultProfile() },
  });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('activating a profile hands it to the engine and previews its diff without writing', async () => {
  const preview = await service.activate('simulator-band');
  expect(activated.map((a) => a.id)).toEqual(['simulator-band']);
  expect(activated[0]!.profile.outputs.length).toBeGreaterThan(0);
  expect(preview.diff.every((ch) => ch.params.every((p) => p.deltaDb === 0 || p.deltaDb === null))).toBe(true);
  expect(desk.counters().packetsOut).toBe(0);
});

test('save after soundcheck, change at the desk, preview the diff, recall preamps only', async () => {
  desk.step(200);
  const summary = await service.saveCurrent('tonight', 'Test Club');
  expect(summary.id).toBe('tonight');
  const saved = await new ProfileStore({ dir, examplesDir: null, logger: quiet, now: () => new Date() }).load('tonight');
  expect(saved.venue).toBe('Test Club');
  const vox = saved.history.find((h) => h.date === '2026-11-25')!.channels.find((c) => c.index === 13)!;
  expect(vox.averageDbfs).toBeLessThan(-30);
  expect(vox.preampGainDb).toBe(18);

  desk.deskChange('ch.13.preampGainDb', 30);
  desk.deskChange('ch.2.faderDb', -20);
  const preview = await service.preview('tonight', { kind: 'preamps' });
  const ch13 = preview.diff.find((c) => c.index === 13)!;
  expect(ch13.params.find((p) => p.stage === 'preampGainDb')).toMatchObject({ currentDb: 30, storedDb: 18, deltaDb: -12 });

  const refused = await service.recall('tonight', { kind: 'preamps' }, 'tablet-1', false);
  expect(refused.applied).toEqual([]);
  expect(refused.failed[0]!.message).toMatch(/Steps over the 6 dB limit: Ch 13 Vox 1 gain 12\.0 dB/);

  const result = await service.recall('tonight', { kind: 'preamps' }, 'tablet-1', true);
  expect(result.failed).toEqual([]);
  expect(result.applied[0]).toMatchObject({ param: 'ch.13.preampGainDb', beforeValue: 30, confirmedValue: 18, origin: 'recall:tonight' });
  // The compensation travels with it: thresholds follow the gain, pre-fader monitor sends rise 12 dB.
  expect(result.applied.map((e) => [e.param, Math.round(e.confirmedValue - e.beforeValue)])).toEqual(expect.arrayContaining([
    ['ch.13.dynThresholdDb', -12], ['ch.13.send.2.levelDb', 12],
  ]));
  expect(result.applied.every((e) => e.origin === 'recall:tonight')).toBe(true);
  expect(readParam(desk.snapshot(), 'ch.13.preampGainDb')).toBe(18);
  expect(readParam(desk.snapshot(), 'ch.2.faderDb')).toBeCloseTo(-20, 1);
});

test('drift against an earlier visit names the channel and the date', async () => {
  await service.activate('simulator-band');
  desk.step(200);
  const notes = service.driftNow();
  const vox = notes.find((n) => n.index === 13);
  expect(vox?.date).toBe('2026-10-02');
  expect(vox?.message).toMatch(/Vox 1 runs \d+\.\d dB (quieter|hotter) than on 2026-10-02/);
});

test('import validates and migrates; bad uploads name the problem and save nothing', async () => {
  const good = await service.exportText('simulator-band');
  await expect(service.importText('copy', good)).resolves.toMatchObject({ id: 'copy' });
  await expect(service.importText('broken', '{"schemaVersion": 2, "venue": ')).rejects.toMatchObject({ code: 'corrupt' });
  await expect(service.importText('wrong', JSON.stringify({ ...JSON.parse(good), targets: { averageDbfs: 5 } }))).rejects.toMatchObject({
    code: 'invalid',
    message: expect.stringMatching(/upload:wrong\.json: targets/),
  });
  const listing = await service.list();
  expect(listing.profiles.map((p) => p.id).sort()).toEqual(['copy', 'simulator-band']);
});

test('a recall is one action in the journal: every write carries the first one\'s seq', async () => {
  desk.step(100);
  await service.saveCurrent('tonight', 'Test Club');
  desk.deskChange('ch.13.preampGainDb', 21);
  desk.deskChange('ch.2.preampGainDb', 27);
  // Vox 1's fader is parked at +10 dB: it cannot follow a 3 dB cut, so the recall states the PA move first.
  const refused = await service.recall('tonight', { kind: 'preamps' }, 'tablet-1', false);
  expect(refused.failed[0]!.message).toMatch(/^This change moves levels beyond its purpose: Ch 13 Vox 1 −3\.0 dB in PA, Mon 1\./);
  const result = await service.recall('tonight', { kind: 'preamps' }, 'tablet-1', true);
  expect(result.failed.map((f) => f.message)).toEqual([]);
  expect(result.applied.slice(0, 2).map((e) => [e.param, e.confirmedValue])).toEqual([['ch.2.preampGainDb', 24], ['ch.13.preampGainDb', 18]]);
  expect(result.applied.map((e) => e.param)).toContain('ch.2.faderDb');
  expect(new Set(result.applied.map((e) => e.actionSeq))).toEqual(new Set([result.applied[0]!.seq]));
});

test('importing over a corrupt profile moves it aside and the reply says so (finding 4)', async () => {
  await writeFile(join(dir, 'club.json'), '{"schemaVersion": 2, "venue": ');
  const text = await readFile(join(repoRoot, 'profiles', 'club-xr18.json'), 'utf8');
  const summary = await service.importText('club', text);
  expect(summary.note).toMatch(/^The earlier .*club\.json did not load; it was moved aside as .*club\.corrupt-\d{8}T\d{9}Z\.json, not overwritten\.$/);
  expect((await readdir(dir)).filter((name) => name.startsWith('club.corrupt-'))).toHaveLength(1);
});
