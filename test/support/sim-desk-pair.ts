/**
 * Two simulated desks (FOH owns the box, monitors track) on one simulated stage box, each with its own
 * safe writer and journal writing through the tracker's write tap (and asking it what a write does on the
 * other desk, as a desk set wires it), joined by a gain tracker. No hub: for
 * the tracker's own tests and properties. `stop()` ends the run.
 */
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { NO_METERS } from '../../server/model/level-model';
import { GainTracker } from '../../server/stage-box/gain-tracker';
import { linkSimulatedBox, simulatedBoxMapping } from '../../server/stage-box/simulated-box';
import type { StageBoxConfig } from '../../server/stage-box/stage-box';
import { tapWrites } from '../../server/stage-box/write-tap';
import { MemoryJournal } from '../../server/safety/journal';
import { SafeWriter } from '../../server/safety/safe-writer';

export type PairDesk = 'foh' | 'mon';

export interface SimDeskPair {
  sims: Record<PairDesk, SimulatorConsole>;
  writers: Record<PairDesk, SafeWriter>;
  journals: Record<PairDesk, MemoryJournal>;
  tracker: GainTracker;
  /** Lets every change, its box echo and the tracker's reaction land. */
  settle(): Promise<void>;
  stop(): void;
}

/**
 * `channels`: box input n is channel n on both desks, 1..channels; `alsoOnBox`: more channels taking a box
 * input (a desk splitting one preamp to two channels).
 */
export async function startSimDeskPair(options: { channels: number; conflictWindowMs: number; nowMs?: () => number; alsoOnBox?: StageBoxConfig['mapping'] }): Promise<SimDeskPair> {
  const lifetime = new AbortController();
  const sims = { foh: new SimulatorConsole({ seed: 1, autoRun: false }), mon: new SimulatorConsole({ seed: 1, autoRun: false }) };
  const unlink = linkSimulatedBox([sims.foh, sims.mon]);
  const journals = { foh: new MemoryJournal(), mon: new MemoryJournal() };
  let ids = 0;
  const tracker = new GainTracker({
    desks: (['foh', 'mon'] as const).map((id) => ({ id, name: id === 'foh' ? 'FOH' : 'Monitors', role: id === 'foh' ? 'foh' : 'monitor', console: sims[id], aes50Headamps: false, journal: journals[id] })),
    config: { ports: {}, owner: 'foh', mapping: [...simulatedBoxMapping(['foh', 'mon'], options.channels), ...(options.alsoOnBox ?? [])] },
    conflictWindowMs: options.conflictWindowMs,
    nowMs: options.nowMs ?? Date.now,
    newId: () => `t${++ids}`,
    onUpdate: () => undefined,
    onError: (error) => {
      throw error;
    },
  });
  const writerFor = (id: PairDesk): SafeWriter => {
    const writer = new SafeWriter({
      console: tapWrites(sims[id], (change) => tracker.noteWrite(id, change)),
      journal: journals[id],
      readOnly: false,
      maxStepDb: 6,
      nowMs: Date.now,
      onWrite: () => undefined,
      meters: () => NO_METERS,
      otherDesks: (changes) => tracker.otherDeskMoves(id, changes),
    });
    tracker.attachWriter(id, writer);
    return writer;
  };
  const writers = { foh: writerFor('foh'), mon: writerFor('mon') };
  await sims.foh.start(lifetime.signal);
  await sims.mon.start(lifetime.signal);
  tracker.start(lifetime.signal);
  return {
    sims,
    writers,
    journals,
    tracker,
    settle: async () => {
      for (let i = 0; i < 4; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        await tracker.settled();
      }
    },
    stop: () => {
      lifetime.abort();
      unlink();
    },
  };
}
