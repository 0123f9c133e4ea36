/**
 * Two fake X32s on one simulated stage box, each with its own bridge (HTTP + WebSocket on 127.0.0.1,
 * port 0) joined by a gain tracker: the FOH desk ("foh") owns the box, the monitor desk ("mon") tracks.
 * Both desks have the box on AES50 A, so channels 17..24 of each (headamps 032..039 on the fake) share
 * box inputs 1..8.
 */
import type { BridgeContext } from '../../server/bridge';
import type { Console } from '../../server/consoles/console';
import type { OtherDeskEffects } from '../../server/engine/other-desks';
import type { HubFeature } from '../../server/hub/feature';
import { createX32Console } from '../../server/consoles/x32/x32-console';
import { DEFAULT_CONFLICT_WINDOW_MS, startDeskSet, type RunningDeskSet } from '../../server/stage-box/desk-set';
import type { StageBoxConfig } from '../../server/stage-box/stage-box';
import { MemoryJournal } from '../../server/safety/journal';
import { TEST_TIMING } from '../consoles/x32/console-harness';
import type { FakeDesk } from '../fakes/fake-x-desk';
import { startFakeX32 } from '../fakes/fake-x32';
import { linkStageBox } from '../fakes/fake-stage-box';
import { startTestBridge, type TestBridge } from './test-bridge';

export interface TestDeskSet {
  set: RunningDeskSet;
  fakes: { foh: FakeDesk; mon: FakeDesk };
  bridges: { foh: TestBridge<Console>; mon: TestBridge<Console> };
  /** Resolves once both desks are synced ('ready'): waits on their state events, however long the sync takes. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export const TEST_BOX: StageBoxConfig = { ports: { foh: 'A', mon: 'A' }, owner: 'foh', mapping: [] };

export async function startTestDeskSet(box: StageBoxConfig = TEST_BOX): Promise<TestDeskSet> {
  const foh = await startFakeX32({ seed: 5 });
  const mon = await startFakeX32({ seed: 6 });
  const unlink = linkStageBox([{ desk: foh, port: box.ports.foh ?? 'A' }, { desk: mon, port: box.ports.mon ?? 'A' }]);
  const testBridges = new Map<string, TestBridge<Console>>();
  const member = (id: 'foh' | 'mon', name: string, role: 'foh' | 'monitor', fake: FakeDesk) => {
    // A generous liveness window: these tests are about tracking, and a desk that a loaded machine declares
    // lost for a moment resyncs instead of tracking.
    const console = createX32Console({ host: '127.0.0.1', port: fake.port, ...TEST_TIMING, livenessTimeoutMs: 10_000 });
    const journal = new MemoryJournal();
    return {
      id,
      name,
      role,
      console,
      aes50Headamps: true,
      journal,
      startBridge: async (tapped: Console, features: (context: BridgeContext) => readonly HubFeature[], otherDesks: OtherDeskEffects) => {
        const bridge = await startTestBridge({ console: tapped, journal, featuresWith: features, otherDesks });
        testBridges.set(id, bridge);
        return { ...bridge.bridge, close: bridge.close };
      },
    };
  };
  const set = await startDeskSet({
    desks: [member('foh', 'FOH', 'foh', foh), member('mon', 'Monitors', 'monitor', mon)],
    config: box,
    conflictWindowMs: DEFAULT_CONFLICT_WINDOW_MS,
    onError: (error) => {
      throw error;
    },
  });
  return {
    set,
    fakes: { foh, mon },
    bridges: { foh: testBridges.get('foh')!, mon: testBridges.get('mon')! },
    ready: async () => {
      await Promise.all([...testBridges.values()].map(({ console: desk }) => (desk.state() === 'ready'
        ? undefined
        : new Promise<void>((resolve) => {
          const stop = desk.onState((state) => {
            if (state !== 'ready') return;
            stop();
            resolve();
          });
        }))));
    },
    close: async () => {
      await set.close();
      unlink();
      await Promise.all([foh.stop(), mon.stop()]);
    },
  };
}
