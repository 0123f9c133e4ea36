/**
 * An engineer on a tablet applies every open suggestion in turn, pass after pass, on the simulated band over
 * a real bridge (HTTP + WebSocket on 127.0.0.1). The simulator is stepped by hand (no wall-clock waits): each
 * pass listens a full window, then taps every card the tablet shows, a second of band between taps.
 * Proven here: the desk reaches a state with no level suggestions within 3 passes; every apply is applied or
 * answered with a reason; nothing resolved comes back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { reopenMarginDb } from '../../server/advisor/resolved-memory';
import { suggest } from '../../server/engine/suggest';
import type { Suggestion } from '../../server/engine/suggestion';
import type { ClientMessage, ServerMessage } from '../../server/hub/protocol';
import { migrateProfile } from '../../server/profiles/migrate';
import { repoRoot, startTestBridge, type TestBridge } from '../support/test-bridge';
import type { TestClient } from '../support/ws-client';

const FRAME_MS = 50;
/** The advisor's listening window (test-bridge: 8 s) plus a second: every pass judges a full window. */
const LISTEN_MS = 9000;
/** Band time between two taps: an engineer reading the next card. */
const BETWEEN_TAPS_MS = 1000;
/** How often the bridge's advisor runs in simulated time, ms (its own timer is parked). */
const EVALUATE_EVERY_MS = 250;
const MAX_PASSES = 3;

type Outcome = 'applied' | 'applied-confirmed' | 'applied-after-retap' | 'resolved' | 'needs-a-person' | 'refused';

interface Pass {
  open: string[];
  outcomes: Record<string, Outcome>;
  reasons: string[];
}

class Engineer {
  #seq = 0;

  constructor(readonly bridge: TestBridge<SimulatorConsole>, readonly tablet: TestClient, readonly clock: { nowMs: number }) {}

  get simNowMs(): number {
    return this.clock.nowMs;
  }

  /** Lets the band play `ms` of simulated time, the advisor judging as it would on its timer. */
  play(ms: number): void {
    for (let t = 0; t < ms; t += EVALUATE_EVERY_MS) {
      this.clock.nowMs = this.bridge.console.step(EVALUATE_EVERY_MS / FRAME_MS).atMs;
      this.bridge.advisor.evaluate();
    }
  }

  /** Every broadcast sent before this returns has reached the tablet (one socket keeps order). */
  async sync(): Promise<void> {
    const requestId = `sync-${++this.#seq}`;
    this.tablet.send({ type: 'journal-request', requestId, limit: 1 });
    await this.tablet.next((m) => m.type === 'journal' && m.requestId === requestId);
  }

  /** The cards the tablet shows now. */
  async shown(): Promise<Suggestion[]> {
    await this.sync();
    return this.tablet.suggestions;
  }

  /** Sends one request and collects every reply to it (a handler's replies go out together; the last names the outcome). */
  async request(message: ClientMessage & { requestId: string }): Promise<ServerMessage[]> {
    const answered = this.tablet.next((m) => 'requestId' in m && m.requestId === message.requestId);
    this.tablet.send(message);
    await answered;
    await this.sync();
    return this.tablet.messages.filter((m) => 'requestId' in m && m.requestId === message.requestId);
  }

  /** Taps Apply on `card` as shown, confirming a big step (the 6 dB step limit) and tapping once more on a changed card. */
  async tap(card: Suggestion): Promise<{ outcome: Outcome; reason: string }> {
    let shown = card;
    let confirm = false;
    let changed = false;
    for (let tapCount = 1; tapCount <= 3; tapCount++) {
      const replies = await this.request({ type: 'apply', requestId: `apply-${++this.#seq}`, suggestionId: shown.id, version: shown.version, ...(confirm ? { confirm } : {}) });
      const last = replies.at(-1);
      if (last === undefined) return { outcome: 'refused', reason: 'no reply' };
      if (last.type === 'applied') return { outcome: changed ? 'applied-after-retap' : confirm ? 'applied-confirmed' : 'applied', reason: '' };
      if (last.type === 'confirm-needed') {
        confirm = true;
        continue;
      }
      if (last.type === 'apply-changed') {
        shown = last.suggestion;
        changed = true;
        continue;
      }
      if (last.type === 'apply-resolved') return { outcome: 'resolved', reason: last.message };
      if (last.type === 'error' && shown.change === null) return { outcome: 'needs-a-person', reason: last.message };
      return { outcome: 'refused', reason: JSON.stringify(last) };
    }
    return { outcome: 'refused', reason: 'changed three times in a row' };
  }
}

function shippedSimulatorProfile() {
  return migrateProfile(JSON.parse(readFileSync(join(repoRoot, 'profiles', 'simulator-band.json'), 'utf8')));
}

const stageKey = (s: Suggestion): string => s.id.split(':').slice(1).join(':');
const needsWrite = (s: Suggestion): boolean => s.change !== null;

let bridge: TestBridge<SimulatorConsole> | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

/** A bridge on the simulated band with `seed`, its advisor on simulated time, and an engineer's tablet. */
async function startEngineer(seed: number): Promise<Engineer> {
  const desk = new SimulatorConsole({ seed, autoRun: false });
  const clock = { nowMs: 0 };
  bridge = await startTestBridge({
    console: desk,
    profile: shippedSimulatorProfile(),
    // Parked: the test runs the advisor in simulated time, so no evaluation races the taps.
    evaluateEveryMs: 3_600_000,
    nowMs: () => clock.nowMs,
  });
  return new Engineer(bridge, await bridge.engineer(), clock);
}

describe('applying every open suggestion in turn', () => {
  test.each([1, 7, 42])('seed %i: converges within 3 passes, every apply answered, nothing resolved comes back', async (seed) => {
    const me = await startEngineer(seed);
    const desk = me.bridge.console;

    const passes: Pass[] = [];
    const resolved = new Set<string>();
    const reappeared: string[] = [];
    me.play(LISTEN_MS);
    for (let pass = 1; pass <= MAX_PASSES + 1; pass++) {
      const cards = (await me.shown()).filter(needsWrite);
      reappeared.push(...cards.map(stageKey).filter((key) => resolved.has(key)));
      const record: Pass = { open: cards.map((s) => s.id), outcomes: {}, reasons: [] };
      passes.push(record);
      if (cards.length === 0 || pass > MAX_PASSES) break;
      for (const card of cards) {
        const { outcome, reason } = await me.tap(card);
        record.outcomes[card.id] = outcome;
        if (reason !== '') record.reasons.push(`${card.id}: ${reason}`);
        if (outcome !== 'refused') resolved.add(stageKey(card));
        me.play(BETWEEN_TAPS_MS);
      }
      me.play(LISTEN_MS);
    }
    console.log(`seed ${seed}: ${passes.map((p, i) => `pass ${i + 1}: ${p.open.length} open ${JSON.stringify(p.outcomes)}`).join('; ')}`);
    for (const p of passes) for (const reason of p.reasons) console.log(`  ${reason}`);

    // The quiet is the engine's, not the advisor's memory: asked afresh, it proposes nothing a resolved
    // suggestion would come back for.
    const profile = me.bridge.advisor.profile();
    const afresh = suggest(desk.snapshot(), me.bridge.advisor.meters(), profile, me.simNowMs, [])
      .filter((s) => s.change !== null && Math.abs(s.change.deltaDb) >= reopenMarginDb(s.rule, profile));
    expect(afresh.map((s) => s.id)).toEqual([]);
    expect(passes.length).toBeLessThanOrEqual(MAX_PASSES + 1);
    expect(passes.at(-1)?.open).toEqual([]);
    expect(passes.flatMap((p) => Object.entries(p.outcomes).filter(([, o]) => o === 'refused'))).toEqual([]);
    expect(reappeared).toEqual([]);
    await me.tablet.close();
  });
});

describe('an apply that cannot be made as shown is answered with the reason', () => {
  const isApplied = (m: ServerMessage) => m.type === 'applied';

  test('a second tap on an applied card: already applied, and the level now; nothing more is written', async () => {
    const me = await startEngineer(1);
    me.play(LISTEN_MS);
    const kick = (await me.shown()).find((s) => s.id === 'clipping:ch1:preamp')!;
    const first = await me.request({ type: 'apply', requestId: 'first', suggestionId: kick.id, version: kick.version, confirm: true });
    expect(first.filter(isApplied).map((m) => m.type === 'applied' && m.param)).toEqual([kick.change!.param, ...kick.compensation.map((c) => c.param)]);
    const writes = me.bridge.journal.entries().length;
    me.play(BETWEEN_TAPS_MS);
    const second = await me.request({ type: 'apply', requestId: 'second', suggestionId: kick.id, version: kick.version, confirm: true });
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ type: 'apply-resolved', suggestionId: kick.id, resolvedBy: kick.id });
    expect(second[0]?.type === 'apply-resolved' && second[0].message).toMatch(/^Ch 1 Kick: already applied a moment ago: Ch 1 Kick peaks now -\d+\.\d dBFS, averaging -\d+\.\d dBFS\. Nothing more was written\.$/);
    expect(me.bridge.journal.entries()).toHaveLength(writes);
  });

  test('a card drawn before someone moved the gain at the desk: what changed, and the new set for one more tap', async () => {
    const me = await startEngineer(1);
    me.play(LISTEN_MS);
    const vocal = (await me.shown()).find((s) => s.id === 'preamp-target:ch13:preamp')!;
    const desk = me.bridge.console;
    desk.deskChange('ch.13.preampGainDb', vocal.change!.currentValue + 6);
    me.play(LISTEN_MS);
    const replies = await me.request({ type: 'apply', requestId: 'old-card', suggestionId: vocal.id, version: vocal.version, confirm: true });
    expect(replies).toHaveLength(1);
    const changed = replies[0]!;
    if (changed.type !== 'apply-changed') throw new Error(`expected apply-changed, got ${JSON.stringify(changed)}`);
    expect(changed.suggestion.change?.currentValue).toBe(vocal.change!.currentValue + 6);
    expect(changed.changes[0]).toMatchObject({ param: 'ch.13.preampGainDb', label: 'Ch 13 Vox 1 gain', shownValue: vocal.change!.proposedValue });
    expect(changed.message).toMatch(/^Ch 13 Vox 1 changed since you saw it: Ch 13 Vox 1 gain .* Nothing was written; tap again to apply the new values\.$/);
    const again = await me.request({ type: 'apply', requestId: 'new-card', suggestionId: vocal.id, version: changed.suggestion.version, confirm: true });
    expect(again.at(-1)).toMatchObject({ type: 'applied', suggestionId: vocal.id });
  });
});
