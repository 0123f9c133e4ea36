/**
 * Gain tracking across two desks (issue 21): two fake X32s on one simulated stage box over real UDP, each
 * with its X32 adapter and safe writer, joined by the gain tracker with tracking on. A gain turned at the
 * FOH fake is timed until the monitor desk's compensating trim is confirmed by read-back (its journal
 * entry). CPU time is the whole process (adapters, tracker, writers and both fakes), per tracked change.
 * Also the cost of the question a write asks the stage box before confirming (what a FOH gain does on the
 * monitor desk, GainTracker.otherDeskMoves: its trim and that desk's predicted mixes), in CPU time per call:
 * the safe writer asks it once per unconfirmed batch and every gain card once per engine run.
 */
import { performance } from 'node:perf_hooks';
import { createX32Console } from '../server/consoles/x32/x32-console';
import { NO_METERS } from '../server/model/level-model';
import { GainTracker } from '../server/stage-box/gain-tracker';
import { tapWrites } from '../server/stage-box/write-tap';
import { MemoryJournal, type JournalEntry } from '../server/safety/journal';
import { SafeWriter } from '../server/safety/safe-writer';
import { linearFloat } from '../test/fakes/fake-x-desk';
import { startFakeX32 } from '../test/fakes/fake-x32';
import { linkStageBox } from '../test/fakes/fake-stage-box';
import { summarise, type SampleSummary } from './sample-summary';

export interface StageBoxBenchResult {
  changes: number;
  /** Gain turned at FOH -> monitor trim confirmed by read-back and journalled, ms. */
  trackMs: SampleSummary;
  /** Process CPU time (user + system) per tracked change, ms. */
  cpuMsPerChange: number;
  /** CPU time of one other-desk question (a FOH gain on a shared preamp, 32 channels per desk), µs. */
  questionCpuUs: SampleSummary;
}

/** Questions timed: each is short, so they are timed in batches of this many. */
const QUESTIONS_PER_SAMPLE = 20;

const DESKS = ['foh', 'mon'] as const;

export async function runStageBoxBench(options: { changes: number; questions: number }): Promise<StageBoxBenchResult> {
  const fakes = { foh: await startFakeX32({ seed: 5 }), mon: await startFakeX32({ seed: 6 }) };
  const unlink = linkStageBox([{ desk: fakes.foh, port: 'A' }, { desk: fakes.mon, port: 'A' }]);
  const lifetime = new AbortController();
  const consoles = { foh: createX32Console({ host: '127.0.0.1', port: fakes.foh.port }), mon: createX32Console({ host: '127.0.0.1', port: fakes.mon.port }) };
  const journals = { foh: new MemoryJournal(), mon: new MemoryJournal() };
  let ids = 0;
  const tracker = new GainTracker({
    desks: DESKS.map((id) => ({ id, name: id, role: id === 'foh' ? 'foh' : 'monitor', console: consoles[id], aes50Headamps: true, journal: journals[id] })),
    config: { ports: {}, owner: 'foh', mapping: [] },
    conflictWindowMs: 0,
    nowMs: Date.now,
    newId: () => `b${++ids}`,
    onUpdate: () => undefined,
    onError: (error) => {
      throw error;
    },
  });
  let onMonWrite: (entry: JournalEntry) => void = () => undefined;
  for (const id of DESKS) {
    tracker.attachWriter(id, new SafeWriter({
      console: tapWrites(consoles[id], (change) => tracker.noteWrite(id, change)),
      journal: journals[id],
      readOnly: false,
      maxStepDb: 6,
      nowMs: Date.now,
      onWrite: (entry) => (id === 'mon' ? onMonWrite(entry) : undefined),
      meters: () => NO_METERS,
    }));
  }
  const ready = Promise.all(DESKS.map((id) => new Promise<void>((resolve) => {
    const stop = consoles[id].onState((state) => {
      if (state === 'ready') {
        stop();
        resolve();
      }
    });
  })));
  for (const id of DESKS) await consoles[id].start(lifetime.signal);
  await ready;
  tracker.start(lifetime.signal);
  tracker.setTracking('foh', 'mon', true);

  const questionSamples: number[] = [];
  for (let i = 0; i < options.questions; i++) {
    const before = process.cpuUsage();
    for (let j = 0; j < QUESTIONS_PER_SAMPLE; j++) tracker.otherDeskMoves('foh', [{ param: 'ch.17.preampGainDb', value: 30 + (j % 2) }]);
    const used = process.cpuUsage(before);
    questionSamples.push((used.user + used.system) / QUESTIONS_PER_SAMPLE);
  }

  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  let cpu: NodeJS.CpuUsage;
  try {
    for (let i = 0; i < options.changes; i++) {
      // Alternating +1 / -1 dB on box input 1 keeps the monitor trim in range however many changes run.
      const gainDb = 25 + (i % 2 === 0 ? 1 : 0);
      const tracked = new Promise<void>((resolve) => {
        onMonWrite = (entry) => {
          if (entry.param === 'ch.17.trimDb') resolve();
        };
      });
      const startMs = performance.now();
      fakes.foh.setFromDesk('/headamp/032/gain', linearFloat(gainDb, -12, 60, 145));
      await tracked;
      samples.push(performance.now() - startMs);
    }
  } finally {
    cpu = process.cpuUsage(cpuBefore);
    lifetime.abort();
    unlink();
    await Promise.all([fakes.foh.stop(), fakes.mon.stop()]);
  }
  return { changes: options.changes, trackMs: summarise(samples), cpuMsPerChange: (cpu.user + cpu.system) / 1000 / options.changes, questionCpuUs: summarise(questionSamples) };
}

export function renderStageBoxBench(result: StageBoxBenchResult, loadNote: string): string {
  const { trackMs, questionCpuUs } = result;
  return [
    `### Gain tracking across two desks (${loadNote})`,
    '',
    '| measure | p50 | p99 | max |',
    '| --- | --- | --- | --- |',
    `| gain turned at FOH -> monitor trim confirmed and journalled (${result.changes} changes), ms | ${trackMs.p50.toFixed(1)} | ${trackMs.p99.toFixed(1)} | ${trackMs.max.toFixed(1)} |`,
    `| a FOH gain's question to the stage box (monitor trim and mixes, 32 channels per desk), CPU µs per call | ${questionCpuUs.p50.toFixed(0)} | ${questionCpuUs.p99.toFixed(0)} | ${questionCpuUs.max.toFixed(0)} |`,
    '',
    `CPU time per tracked change (whole process, both fakes included): ${result.cpuMsPerChange.toFixed(2)} ms.`,
  ].join('\n');
}
