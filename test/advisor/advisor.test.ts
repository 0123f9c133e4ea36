import { describe, expect, test } from 'vitest';
import { Advisor } from '../../server/advisor/advisor';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { suggest } from '../../server/engine/suggest';
import { DEFAULT_WINDOWS_MS, RollingMeterStatistics } from '../../server/meters/rolling-meter-statistics';
import { defaultProfile } from '../../server/profiles/default-profile';

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
