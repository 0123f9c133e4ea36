/**
 * Issue 17's done-when, end to end over real sockets, one scenario for each family: fake Yamaha desk (RCP over
 * TCP) -> Yamaha adapter -> bridge -> tablet (ws). The tablet sees names and gains; a gain suggestion the
 * family can act on is applied and confirmed by the desk's answer (DM7: the channel's head amp, which its
 * channel meters judge; TF and CL, which have no writable input gain in the references: the mix master's
 * gain, which the mix meters judge); a change at the desk reaches the tablet; a silent desk is lost and
 * resynced with what changed meanwhile.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Console } from '../../server/consoles/console';
import { createYamahaConsole } from '../../server/consoles/yamaha/yamaha-console';
import type { Suggestion } from '../../server/engine/suggestion';
import { readParam } from '../../server/model/params';
import { YAMAHA_TEST_TIMING } from '../consoles/yamaha/yamaha-harness';
import { FAKE_YAMAHA_CHANNEL_NAMES, startFakeYamaha, type FakeFamily, type FakeYamaha } from '../fakes/fake-yamaha';
import { startTestBridge, type TestBridge } from '../support/test-bridge';

interface Family {
  family: FakeFamily;
  model: string;
  channels: number;
  /** Channel 2's head amp gain as the tablet shows it, and whether Headroom may write it. */
  ch2GainDb: number | null;
  gainWritable: boolean;
  /** Whether the references give the family channel meters (CL/QL/RIVAGE: mix and matrix only). */
  channelMeters: boolean;
  suggestionId: string;
  param: string;
  /** Where the fake holds the applied parameter, and its wire scale. */
  deskAddress: [address: string, x: number, scale: number];
}

const FAMILIES: Family[] = [
  {
    family: 'cl', model: 'Yamaha CL series (CL1, CL3, CL5)', channels: 72, ch2GainDb: 30, gainWritable: false, channelMeters: false,
    suggestionId: 'bus-headroom:bus1:bus', param: 'bus.1.faderDb', deskAddress: ['MIXER:Current/Mix/Fader/Level', 0, 100],
  },
  {
    family: 'tf', model: 'Yamaha TF series (TF1, TF3, TF5, TF-Rack)', channels: 40, ch2GainDb: null, gainWritable: false, channelMeters: true,
    suggestionId: 'bus-headroom:bus1:bus', param: 'bus.1.faderDb', deskAddress: ['MIXER:Current/Mix/Fader/Level', 0, 100],
  },
  {
    family: 'dm7', model: 'Yamaha DM7 series (DM7, DM7 Compact)', channels: 120, ch2GainDb: 30, gainWritable: true, channelMeters: true,
    suggestionId: 'preamp-target:ch3:preamp', param: 'ch.3.preampGainDb', deskAddress: ['MIXER:Current/InCh/Port/HA/Gain', 2, 1],
  },
];

describe.each(FAMILIES)('Yamaha $family through the bridge', (family) => {
  let fake: FakeYamaha;
  let bridge: TestBridge<Console>;

  beforeAll(async () => {
    fake = await startFakeYamaha({ family: family.family, channelGainDb: { 3: 20 }, busSourceDbfs: { 1: -2 } });
    const desk = await createYamahaConsole({ map: family.family, host: '127.0.0.1', port: fake.port, ...YAMAHA_TEST_TIMING });
    bridge = await startTestBridge({ console: desk });
  });
  afterAll(async () => {
    await bridge?.close();
    await fake?.stop();
  });

  test('the tablet sees names and gains, then applies a gain suggestion the desk confirms', async () => {
    const tablet = await bridge.engineer();
    try {
      await tablet.waitFor((m) => m.type === 'status' && m.status.console.state === 'ready', 30_000);
      const synced = await tablet.waitForState((s) => s.channels.length === family.channels && s.channels[15]!.name === 'Talk' && s.main.faderDb === 0, 30_000);
      expect(synced.identity).toMatchObject({ kind: 'yamaha', model: family.model });
      expect(synced.channels.slice(0, 16).map((c) => c.name)).toEqual(FAKE_YAMAHA_CHANNEL_NAMES);
      expect(synced.channels[1]).toMatchObject({ preampGainDb: family.ch2GainDb, faderDb: 0, on: true });
      expect(synced.channels[1]!.preampGainRange !== null).toBe(family.gainWritable);
      expect(synced.buses[0]).toMatchObject({ index: 1, name: 'MX 1', faderDb: 0 });
      expect(synced.meters).toMatchObject({ channelInput: family.channelMeters, buses: true, matrices: true });
      if (!family.channelMeters) {
        // As for the Qu: the tablet says which stages go unjudged for want of meters.
        const unjudged = (s: Suggestion): boolean => s.id === 'preamp-target:main:preamp' && /channel levels are not judged/.test(s.reason);
        const notes = await tablet.waitForSuggestions((list) => list.some(unjudged), 30_000);
        expect(notes.filter(unjudged)).toHaveLength(1);
      }

      const offer = await tablet.waitForSuggestions((list) => list.some((s) => s.id === family.suggestionId && s.change !== undefined), 30_000);
      const suggestion = offer.find((s): s is Suggestion => s.id === family.suggestionId)!;
      expect(suggestion.change?.param).toBe(family.param);
      const proposed = suggestion.change!.proposedValue;
      tablet.send({ type: 'apply', requestId: 'a1', suggestionId: suggestion.id, confirm: true });
      const applied = await tablet.next((m) => m.type === 'applied' && m.requestId === 'a1');
      expect(applied).toMatchObject({ type: 'applied', param: family.param, confirmedValue: proposed });

      const [address, x, scale] = family.deskAddress;
      expect(fake.value(address, x)).toBe(Math.round(proposed * scale));
      expect(fake.received).toContain(`set ${address} ${x} 0 ${Math.round(proposed * scale)}`);
      const shown = await tablet.waitForState((s) => readParam(s, family.param) === proposed);
      expect(readParam(shown, family.param)).toBe(proposed);
    } finally {
      await tablet.close();
    }
  }, 60_000);

  test('a change made at the desk reaches the tablet', async () => {
    const tablet = await bridge.viewer();
    try {
      await tablet.waitFor((m) => m.type === 'snapshot');
      fake.setFromDesk('MIXER:Current/InCh/Fader/Level', 4, 0, -1000);
      const moved = await tablet.waitForState((s) => readParam(s, 'ch.5.faderDb') === -10);
      expect(readParam(moved, 'ch.5.faderDb')).toBe(-10);
    } finally {
      await tablet.close();
    }
  });

  test('a desk that falls silent is shown lost, then resynced with what changed meanwhile', async () => {
    const tablet = await bridge.viewer();
    try {
      await tablet.waitFor((m) => m.type === 'snapshot');
      fake.setSilent(true);
      await tablet.waitFor((m) => m.type === 'status' && m.status.console.state === 'lost', 30_000);
      fake.setFromDesk('MIXER:Current/InCh/Fader/Level', 5, 0, -1500);
      fake.setSilent(false);
      const resynced = await tablet.waitForState((s) => readParam(s, 'ch.6.faderDb') === -15, 30_000);
      expect(readParam(resynced, 'ch.6.faderDb')).toBe(-15);
      await tablet.waitFor((m) => m.type === 'status' && m.status.console.state === 'ready', 30_000);
    } finally {
      await tablet.close();
    }
  }, 60_000);
});
