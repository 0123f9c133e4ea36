/**
 * Issue 18's done-when for Allen & Heath SQ, dLive and Avantis, one scenario per desk through the whole
 * bridge over real TCP: the fake desk speaks its published protocol; the bridge reaches ready with the
 * desk's names and gains (the channel fader where the protocol has no preamp message), the tablet is told
 * there are no meters, and a gain change written through the safety path arrives as the documented bytes
 * and is confirmed with the value the desk holds.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createMidiConsole } from '../../server/consoles/midi/midi-console';
import type { ParamId } from '../../server/model/params';
import type { ChannelState } from '../../server/model/stages';
import { AH_FADER_0DB, FakeAvantis, FakeDlive } from '../fakes/fake-ah-channel-desk';
import { FakeSq, SQ_LEVEL_0DB, SQ_LEVEL_MINUS_10DB } from '../fakes/fake-sq';
import type { FakeMidiTcpDesk } from '../fakes/fake-midi-tcp-desk';
import { startTestBridge } from '../support/test-bridge';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const NAMES = ['Kick', 'Snare', 'Vox 1'];
const nameOf = (input: number): string => NAMES[input - 1] ?? `In ${input}`;

interface DeskCase<D extends FakeMidiTcpDesk> {
  map: 'sq' | 'dlive' | 'avantis';
  channels: number;
  makeDesk(): D;
  /** What the desk reports of its own accord before the gains are known (nothing where it can be asked). */
  reportGains(desk: D): void;
  /** Channel 1..3 as synced: the gain stage and names. */
  synced: Partial<ChannelState>[];
  write: { param: ParamId; value: number; confirmed: number; bytes: string };
  /** The raw value the desk holds for the written parameter, and what it should hold after the write. */
  holds(desk: D): number | undefined;
  heldRaw: number;
}

const sq: DeskCase<FakeSq> = {
  map: 'sq',
  channels: 48,
  makeDesk: () => new FakeSq((input) => (input === 2 ? SQ_LEVEL_MINUS_10DB : SQ_LEVEL_0DB)),
  reportGains: () => undefined,
  // SQ MIDI Protocol Issue 3 has no preamp gain and no names: the fader (Ip to LR level) is the gain stage.
  synced: [
    { faderDb: 0, name: '', preampGainDb: null },
    { faderDb: -10, name: '' },
    { faderDb: 0, name: '' },
  ],
  // 3.4 Levels: B0 63 40, 62 02 (Ip3 to LR), 06 72, 26 0A (-5 dB in the reference table); 3.7 get: 60 7F.
  write: { param: 'ch.3.faderDb', value: -5, confirmed: -5, bytes: 'B0 63 40 B0 62 02 B0 06 72 B0 26 0A B0 63 40 B0 62 02 B0 60 7F' },
  holds: (desk) => desk.levels.get(0x40 * 128 + 2),
  heldRaw: 0x72 * 128 + 0x0a,
};

const dlive: DeskCase<FakeDlive> = {
  map: 'dlive',
  channels: 128,
  makeDesk: () =>
    new FakeDlive({ baseChannel: 0, inputs: 128, auxes: 16, name: nameOf, fader: () => AH_FADER_0DB, gain: (socket) => (socket === 2 ? 0x16 : 0x3a) }),
  reportGains: () => undefined,
  // Socket Preamp Gain GV = [(Gain-5)/55]*7F: 3Ah = +30.1 dB, 16h = +14.5 dB.
  synced: [
    { name: 'Kick', preampGainDb: 30.11811, phantom: false, faderDb: 0 },
    { name: 'Snare', preampGainDb: 14.52756 },
    { name: 'Vox 1', preampGainDb: 30.11811 },
  ],
  // Set Socket Preamp Gain: E0 MP GV, +34 dB = 43h on socket 3; then Get: header 00 05 0B 19 02 F7.
  write: { param: 'ch.3.preampGainDb', value: 34, confirmed: 34.015748, bytes: 'E0 02 43 F0 00 00 1A 50 10 01 00 00 05 0B 19 02 F7' },
  holds: (desk) => desk.socketGain.get(2),
  heldRaw: 0x43,
};

const avantis: DeskCase<FakeAvantis> = {
  map: 'avantis',
  channels: 64,
  makeDesk: () => new FakeAvantis({ baseChannel: 11, inputs: 64, auxes: 16, name: nameOf, fader: () => AH_FADER_0DB }),
  // No get for faders in the Avantis protocol: the engineer moves them on the desk, which sends Fader Level.
  reportGains: (desk) => {
    desk.moveInputFader(1, AH_FADER_0DB);
    desk.moveInputFader(2, 0x57);
    desk.moveInputFader(3, AH_FADER_0DB);
  },
  synced: [
    { name: 'Kick', faderDb: 0, preampGainDb: null },
    { name: 'Snare', faderDb: -10.09434 },
    { name: 'Vox 1', faderDb: 0 },
  ],
  // Fader Level on base channel 12: BB 63 02, BB 62 17, BB 06 61 (-5 dB in the table); writes are not read back.
  write: { param: 'ch.3.faderDb', value: -5, confirmed: -5.04717, bytes: 'BB 63 02 BB 62 17 BB 06 61' },
  holds: (desk) => desk.faders.get('0/2'),
  heldRaw: 0x61,
};

const CASES = [sq, dlive, avantis] as DeskCase<FakeMidiTcpDesk>[];

describe.each(CASES)('Allen & Heath $map over MIDI over TCP through the bridge', (desk) => {
  test('ready with names and gains, no meters claimed, a gain change confirmed and on the wire', async () => {
    const fake = desk.makeDesk();
    const port = await fake.listen();
    cleanups.push(() => fake.close());
    const midi = await createMidiConsole({ map: desk.map, transport: { kind: 'tcp', host: '127.0.0.1', port } });
    const bridge = await startTestBridge({ console: midi });
    cleanups.push(() => bridge.close());
    const tablet = await bridge.viewer();
    cleanups.push(() => tablet.close());

    await vi.waitFor(() => expect(midi.state()).toBe('ready'), { timeout: 10_000 });
    desk.reportGains(fake);
    const matches = (channel: ChannelState | undefined, expected: Partial<ChannelState>): boolean =>
      channel !== undefined && Object.entries(expected).every(([k, v]) => {
        const actual = channel[k as keyof ChannelState];
        return typeof v === 'number' && typeof actual === 'number' ? Math.abs(actual - v) < 1e-4 : actual === v;
      });
    const synced = await tablet.waitForState((snapshot) => desk.synced.every((expected, i) => matches(snapshot.channels[i], expected)), 10_000);
    expect(synced.channels).toHaveLength(desk.channels);
    expect(Object.values(synced.meters).every((metered) => metered === false)).toBe(true);
    expect(synced.identity.notes).toContain('This console sends no meters: Headroom works from its settings alone.');

    const sentBefore = fake.received[0]?.length ?? 0;
    const entry = await bridge.bridge.writer.apply({ purpose: 'any', param: desk.write.param, value: desk.write.value, client: 'test', origin: 'test', confirmed: false });
    expect(entry.confirmedValue).toBeCloseTo(desk.write.confirmed, 4);
    await vi.waitFor(() => expect(fake.received[0]?.slice(sentBefore)).toContain(desk.write.bytes), { timeout: 3000 });
    expect(desk.holds(fake)).toBe(desk.heldRaw);
  });
});
