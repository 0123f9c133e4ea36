/**
 * Allen & Heath MIDI desks (section "ah-midi"): a full sync of the sq, dlive and avantis maps against their
 * fakes over loopback TCP with the adapter's default request pacing (32 requests every 20 ms): start to
 * ready, wall and CPU time. The CPU time is the whole process's (adapter and fake share it), so it is an
 * upper bound on the adapter's. The dLive's wall time is mostly the pacing, by design.
 */
import { createMidiConsole } from '../server/consoles/midi/midi-console';
import { AH_FADER_0DB, FakeAvantis, FakeDlive } from '../test/fakes/fake-ah-channel-desk';
import type { FakeMidiTcpDesk } from '../test/fakes/fake-midi-tcp-desk';
import { FakeSq, SQ_LEVEL_0DB } from '../test/fakes/fake-sq';
import { cpuMsSince } from './cpu-clock';
import { summarise, type SampleSummary } from './sample-summary';

const DESKS: Record<'sq' | 'dlive' | 'avantis', () => FakeMidiTcpDesk> = {
  sq: () => new FakeSq(() => SQ_LEVEL_0DB),
  dlive: () => new FakeDlive({ baseChannel: 0, inputs: 128, auxes: 16, name: (n) => `Input ${n}`, fader: () => AH_FADER_0DB, gain: () => 0x3a }),
  avantis: () => new FakeAvantis({ baseChannel: 11, inputs: 64, auxes: 16, name: (n) => `Input ${n}`, fader: () => AH_FADER_0DB }),
};

export interface AhMidiSyncResult {
  map: string;
  wallMs: SampleSummary;
  cpuMs: SampleSummary;
  messagesOut: number;
  messagesIn: number;
}

export async function runAhMidiBench(options: { syncs: number }): Promise<AhMidiSyncResult[]> {
  const results: AhMidiSyncResult[] = [];
  for (const [map, makeDesk] of Object.entries(DESKS)) {
    const wallMs: number[] = [];
    const cpuMs: number[] = [];
    let messagesOut = 0;
    let messagesIn = 0;
    for (let run = 0; run < options.syncs; run++) {
      const fake = makeDesk();
      const port = await fake.listen();
      const controller = new AbortController();
      const desk = await createMidiConsole({ map, transport: { kind: 'tcp', host: '127.0.0.1', port } });
      const ready = new Promise<void>((resolve) => desk.onState((state) => state === 'ready' && resolve()));
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      await desk.start(controller.signal);
      await ready;
      wallMs.push(performance.now() - start);
      cpuMs.push(cpuMsSince(cpuBefore));
      ({ packetsOut: messagesOut, packetsIn: messagesIn } = desk.counters());
      controller.abort();
      await fake.close();
    }
    results.push({ map, wallMs: summarise(wallMs), cpuMs: summarise(cpuMs), messagesOut, messagesIn });
  }
  return results;
}

export function renderAhMidiBench(results: readonly AhMidiSyncResult[], loadNote: string): string {
  return [
    `### Allen & Heath MIDI sync against the fakes (${loadNote})`,
    '',
    '| map | messages out / in | wall p50 / max, ms | CPU p50 / max, ms |',
    '| --- | --- | --- | --- |',
    ...results.map(
      (r) => `| ${r.map} | ${r.messagesOut} / ${r.messagesIn} | ${r.wallMs.p50.toFixed(0)} / ${r.wallMs.max.toFixed(0)} | ${r.cpuMs.p50.toFixed(0)} / ${r.cpuMs.max.toFixed(0)} |`,
    ),
  ].join('\n');
}
