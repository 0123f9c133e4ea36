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

type Outcome = 'applied' | 'applied-after-retap' | 'resolved' | 'needs-a-person' | 'refused';

interface Pass {
  open: string[];
  outcomes: Record<string, Outcome>;
  reasons: string[];
}

class Engineer {
  simNowMs = 0;
  #seq = 0;

  constructor(readonly bridge: TestBridge<SimulatorConsole>, readonly tablet: TestClient) {}

  /** Lets the band play `ms` of simulated time, the advisor judging as it would on its timer. */
  play(ms: number): void {
    for (let t = 0; t < ms; t += EVALUATE_EVERY_MS) {
      this.simNowMs = this.bridge.console.step(EVALUATE_EVERY_MS / FRAME_MS).atMs;
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
    const last = this.tablet.messages.findLast((m): m is Extract<ServerMessage, { type: 'suggestions' }> => m.type === 'suggestions');
    return last?.suggestions ?? [];
  }

  /** Sends one request and collects every reply to it (a handler's replies go out together; the last names the outcome). */
  async request(message: ClientMessage & { requestId: string }): Promise<ServerMessage[]> {
    const answered = this.tablet.next((m) => 'requestId' in m && m.requestId === message.requestId);
    this.tablet.send(message);
    await answered;
    await this.sync();
    return this.tablet.messages.filter((m) => 'requestId' in m && m.requestId === message.requestId);
  }

  /** Taps Apply on `card` as shown, confirming a big step and tapping once more on a changed card. */
  async tap(card: Suggestion): Promise<{ outcome: Outcome; reason: string }> {
    let shown = card;
    let confirm = false;
    for (let tapCount = 1; tapCount <= 3; tapCount++) {
      const replies = await this.request({ type: 'apply', requestId: `apply-${++this.#seq}`, suggestionId: shown.id, version: shown.version, ...(confirm ? { confirm } : {}) });
      const last = replies.at(-1);
      if (last === undefined) return { outcome: 'refused', reason: 'no reply' };
      if (last.type === 'applied') return { outcome: tapCount === 1 || confirm ? 'applied' : 'applied-after-retap', reason: '' };
      if (last.type === 'confirm-needed') {
        confirm = true;
        continue;
      }
      if (last.type === 'apply-changed') {
        shown = last.suggestion;
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

describe('applying every open suggestion in turn', () => {
  test.each([1, 7, 42])('seed %i: converges within 3 passes, every apply answered, nothing resolved comes back', async (seed) => {
    const desk = new SimulatorConsole({ seed, autoRun: false });
    const engineer = { current: null as Engineer | null };
    bridge = await startTestBridge({
      console: desk,
      profile: shippedSimulatorProfile(),
      // Parked: the test runs the advisor in simulated time, so no evaluation races the taps.
      evaluateEveryMs: 3_600_000,
      nowMs: () => engineer.current?.simNowMs ?? 0,
    });
    const tablet = await bridge.engineer();
    const me = new Engineer(bridge, tablet);
    engineer.current = me;

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
    const profile = bridge.advisor.profile();
    const afresh = suggest(desk.snapshot(), bridge.advisor.meters(), profile, me.simNowMs, [])
      .filter((s) => s.change !== null && Math.abs(s.change.deltaDb) >= reopenMarginDb(s.rule, profile));
    expect(afresh.map((s) => s.id)).toEqual([]);
    expect(passes.length).toBeLessThanOrEqual(MAX_PASSES + 1);
    expect(passes.at(-1)?.open).toEqual([]);
    expect(passes.flatMap((p) => Object.entries(p.outcomes).filter(([, o]) => o === 'refused'))).toEqual([]);
    expect(reappeared).toEqual([]);
    await tablet.close();
  });
});
