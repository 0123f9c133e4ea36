/**
 * Several desks in one bridge process: each desk is a whole bridge runtime of its own (console, desk state,
 * engine, safe writer, journal and undo, its hub on its own port, its own engineer PIN), and one gain
 * tracker spans them through the stage box they share. Each desk's safe writer writes through a console
 * that tells the tracker first (write-tap.ts) and asks it, before confirming, what a write does on the
 * other desks (engine/other-desks.ts); every desk's tablets get the stage box state.
 */
import { randomUUID } from 'node:crypto';
import type { BridgeContext, RunningBridge } from '../bridge';
import type { Console } from '../consoles/console';
import type { OtherDeskEffects } from '../engine/other-desks';
import type { HubFeature } from '../hub/feature';
import type { ServerMessage } from '../hub/protocol';
import { GainTracker, type TrackerDesk } from './gain-tracker';
import type { StageBoxConfig } from './stage-box';
import { stageBoxFeature } from './stage-box-feature';
import { tapWrites } from './write-tap';

/** Two desks changing one preamp within this are a conflict, ms. */
export const DEFAULT_CONFLICT_WINDOW_MS = 5000;

export interface DeskSetMember extends TrackerDesk {
  /**
   * Starts this desk's bridge on `console` (the desk's console with its writes tapped) with `features` added;
   * `otherDesks` tells its engine and safe writer what a change there does on the other desks.
   */
  startBridge(console: Console, features: (context: BridgeContext) => readonly HubFeature[], otherDesks: OtherDeskEffects): Promise<RunningBridge>;
}

export interface DeskSetOptions {
  desks: readonly DeskSetMember[];
  config: StageBoxConfig;
  conflictWindowMs: number;
  onError: (error: unknown) => void;
}

export interface RunningDeskSet {
  tracker: GainTracker;
  /** By desk id, in the order given. */
  bridges: ReadonlyMap<string, RunningBridge>;
  close(): Promise<void>;
}

export async function startDeskSet(options: DeskSetOptions): Promise<RunningDeskSet> {
  const lifetime = new AbortController();
  const broadcasts = new Map<string, (message: ServerMessage) => void>();
  let scheduled = false;
  const tracker: GainTracker = new GainTracker({
    desks: options.desks,
    config: options.config,
    conflictWindowMs: options.conflictWindowMs,
    nowMs: Date.now,
    newId: () => randomUUID().slice(0, 8),
    // A burst of changes (a sync, a tracked change and its trims) reaches tablets once.
    onUpdate: () => {
      if (scheduled || lifetime.signal.aborted) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        const stageBox = tracker.state();
        for (const [desk, broadcast] of broadcasts) broadcast({ type: 'stage-box', desk, stageBox });
      });
    },
    onError: options.onError,
  });
  const bridges = new Map<string, RunningBridge>();
  try {
    for (const desk of options.desks) {
      const tapped = tapWrites(desk.console, (change) => tracker.noteWrite(desk.id, change));
      const bridge = await desk.startBridge(tapped, (context) => {
        broadcasts.set(desk.id, context.broadcast);
        tracker.attachWriter(desk.id, context.writer);
        return [stageBoxFeature(tracker, desk.id)];
      }, (changes) => tracker.otherDeskMoves(desk.id, changes));
      bridges.set(desk.id, bridge);
      tracker.setHttpPort(desk.id, bridge.port);
    }
  } catch (error) {
    lifetime.abort();
    await Promise.all([...bridges.values()].map((b) => b.close()));
    throw error;
  }
  tracker.start(lifetime.signal);
  return {
    tracker,
    bridges,
    close: async () => {
      lifetime.abort();
      await tracker.settled();
      await Promise.all([...bridges.values()].map((b) => b.close()));
    },
  };
}
