/**
 * The level invariant end to end, over real sockets on the simulated band with the shipped venue profile:
 * a tablet applies the Vox 1 suggestion, then checks every channel and applies every result, then recalls
 * the venue's preamps. After each action the same programme is played through the desk as it was and as it
 * is now (the simulator's own signal flow, block by block, as its meters read it): Vox 1's level in the PA
 * and in every mix it feeds stays within 0.5 dB, and so does every other channel's.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BAND_SOURCES } from '../../server/consoles/simulator/band';
import { preampInputDbfs } from '../../server/consoles/simulator/envelopes';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { channelLevels } from '../../server/consoles/simulator/signal-flow';
import type { ServerMessage } from '../../server/hub/protocol';
import { dbToPower, powerToDb } from '../../server/model/db';
import type { ConsoleSnapshot } from '../../server/model/stages';
import { repoRoot, startTestBridge, type TestBridge } from '../support/test-bridge';
import type { TestClient } from '../support/ws-client';

const SEED = 1;
const VOX_1 = 13;
/** Blocks of programme replayed through both desk states: 40 s of the band, verse and chorus. */
const REPLAY_BLOCKS = 800;
const TOLERANCE_DB = 0.5;


/**
 * Every channel's average contribution (power mean over the blocks it plays, dBFS) to the PA (post-fader,
 * after the main fader) and to each bus (at the send's tap, plus send and bus fader), for one desk state.
 */
function contributions(snapshot: ConsoleSnapshot): Map<string, number> {
  const sums = new Map<string, { power: number; n: number }>();
  const add = (key: string, dbfs: number) => {
    if (!(dbfs > -120)) return;
    const sum = sums.get(key) ?? { power: 0, n: 0 };
    sum.power += dbToPower(dbfs);
    sum.n++;
    sums.set(key, sum);
  };
  for (let block = 0; block < REPLAY_BLOCKS; block++) {
    snapshot.channels.forEach((ch, i) => {
      const source = BAND_SOURCES[i];
      if (!source) return;
      const levels = channelLevels(ch, preampInputDbfs(source, SEED, i + 1, block, 50));
      if (!ch.on) return;
      if (ch.toMain && snapshot.main.on) add(`PA:${ch.index}`, levels.postFaderDbfs + snapshot.main.faderDb);
      for (const send of ch.sends) {
        const bus = snapshot.buses.find((b) => b.index === send.bus);
        if (!send.on || !bus?.on) continue;
        add(`Bus ${send.bus}:${ch.index}`, (send.preFader ? levels.preFaderDbfs : levels.postFaderDbfs) + send.levelDb + bus.faderDb);
      }
    });
  }
  return new Map([...sums].map(([key, { power, n }]) => [key, powerToDb(power / n)]));
}

/**
 * Channels whose move the bridge stated before writing ("This change moves levels beyond its purpose:
 * Ch 1 Kick −3.9 dB in PA, …"), confirmed here as an engineer would after reading it.
 */
const stated = new Set<number>();
function noteStated(message: string): void {
  for (const match of message.matchAll(/Ch (\d+) [^;.]*?[−+]\d+\.\d dB in /g)) stated.add(Number(match[1]));
}

/**
 * Contributions that moved more than the tolerance between two desk states, "PA:13 -5.2". A channel whose
 * move was stated and confirmed may only have come down (the estimates err quieter), never gone up.
 */
function moved(before: ConsoleSnapshot, after: ConsoleSnapshot): string[] {
  const a = contributions(before);
  const b = contributions(after);
  const out: string[] = [];
  for (const [key, levelDbfs] of a) {
    const deltaDb = (b.get(key) ?? -Infinity) - levelDbfs;
    const channel = Number(key.split(':')[1]);
    const allowed = stated.has(channel) ? deltaDb <= TOLERANCE_DB : Math.abs(deltaDb) <= TOLERANCE_DB;
    if (!allowed) out.push(`${key} ${deltaDb.toFixed(1)}`);
  }
  return out;
}

let bridge: TestBridge<SimulatorConsole>;
let sim: SimulatorConsole;
let tablet: TestClient;
let dir: string;
let simNowMs = 0;
let request = 0;

async function send(message: Record<string, unknown>): Promise<ServerMessage[]> {
  const requestId = `r${++request}`;
  const replies: ServerMessage[] = [];
  tablet.send({ ...message, requestId } as never);
  // A write action answers once; an apply answers once per written value or with one refusal.
  const first = await tablet.waitFor((m) => 'requestId' in m && m.requestId === requestId);
  replies.push(first);
  return replies;
}

/** Sends a write action and, when the bridge asks, the confirmation it gave back. */
async function confirmedWrite(message: Record<string, unknown>): Promise<ServerMessage> {
  const [reply] = await send(message);
  if (reply && (reply.type === 'needs-confirmation' || reply.type === 'confirm-needed')) noteStated(reply.message);
  if (reply?.type === 'needs-confirmation') return (await send({ ...reply.resend }))[0]!;
  if (reply?.type === 'confirm-needed') return (await send({ ...message, confirm: true }))[0]!;
  return reply!;
}

/** Plays the band for `frames` blocks and lets the engine judge what it heard. */
function play(frames: number): void {
  sim.step(frames);
  bridge.advisor.evaluate();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-invariant-'));
  await copyFile(join(repoRoot, 'profiles', 'simulator-band.json'), join(dir, 'simulator-band.json'));
  sim = new SimulatorConsole({ seed: SEED, autoRun: false });
  sim.onMeters((frame) => {
    simNowMs = frame.atMs;
  });
  bridge = await startTestBridge({ console: sim, profilesDir: dir, profileId: 'simulator-band', nowMs: () => simNowMs, evaluateEveryMs: 60_000 });
  tablet = await bridge.engineer();
});

afterAll(async () => {
  await tablet.close();
  await bridge.close();
  await rm(dir, { recursive: true, force: true });
});

describe('no write moves the PA or a monitor mix unless that is its purpose', () => {
  let start: ConsoleSnapshot;

  test('applying the Vox 1 preamp suggestion raises its gain and keeps it where it was in the PA and every mix', async () => {
    play(400);
    start = sim.snapshot();
    const vox = bridge.advisor.suggestions().find((s) => s.id === `preamp-target:ch${VOX_1}:preamp`);
    expect(vox?.change?.deltaDb).toBeGreaterThan(10);
    expect(vox?.effect.find((e) => e.mix === 'main')?.deltaDb).toBe(0);
    const reply = await confirmedWrite({ type: 'apply', suggestionId: vox!.id });
    expect(reply.type).toBe('applied');
    const after = sim.snapshot();
    expect(after.channels[VOX_1 - 1]!.preampGainDb).toBeGreaterThan(start.channels[VOX_1 - 1]!.preampGainDb! + 10);
    expect(after.channels[VOX_1 - 1]!.faderDb).toBeLessThan(start.channels[VOX_1 - 1]!.faderDb - 10);
    expect(moved(start, after)).toEqual([]);
    expect(stated).toEqual(new Set());
  });

  test('then Check all and apply every result: every channel stays within 0.5 dB in the PA and every mix', async () => {
    const [started] = await send({ type: 'soundcheck-start', channels: sim.snapshot().channels.map((c) => c.index), windowMs: 4000 });
    expect(started?.type).toBe('accepted');
    const soundcheckId = bridge.bridge.soundcheck.state()!.soundcheckId;
    for (let i = 0; i < 400 && bridge.bridge.soundcheck.state()?.running === true; i++) sim.step(10);
    const state = bridge.bridge.soundcheck.state()!;
    expect(state.running).toBe(false);
    let applied = 0;
    for (const channel of sim.snapshot().channels.map((c) => c.index)) {
      const result = bridge.bridge.soundcheck.result(soundcheckId, channel);
      if (!result.suggestion?.change) continue;
      const reply = await confirmedWrite({ type: 'soundcheck-apply', soundcheckId, channel });
      expect(reply.type, JSON.stringify(reply)).toBe('write-result');
      applied++;
    }
    expect(applied).toBeGreaterThan(0);
    // The clipping kick's fader is at 0 dB: it cannot rise the whole way, and the bridge said so first.
    expect([...stated]).toEqual([1]);
    expect(moved(start, sim.snapshot())).toEqual([]);
  });

  test('then a preamps-only recall of the venue puts the stored gains back, and the mixes still do not move', async () => {
    const [reply] = await send({ type: 'venue-recall', id: 'simulator-band', selection: { kind: 'preamps' }, confirm: true });
    expect(reply?.type, JSON.stringify(reply)).toBe('venue-recalled');
    const now = sim.snapshot();
    expect(now.channels[VOX_1 - 1]!.preampGainDb).toBe(start.channels[VOX_1 - 1]!.preampGainDb);
    expect(moved(start, now)).toEqual([]);
    const vox = [...contributions(start)].filter(([key]) => key.endsWith(`:${VOX_1}`));
    const voxNow = contributions(now);
    expect(vox.length).toBeGreaterThanOrEqual(2);
    for (const [key, levelDbfs] of vox) expect(Math.abs(voxNow.get(key)! - levelDbfs), key).toBeLessThanOrEqual(TOLERANCE_DB);
  });
});
