/**
 * The desk side of the delivery benches: the fake X32 on real UDP, the bench's tap in front of it, and a
 * bridge in its own process whose X32 adapter talks to the tap. Meter packets leave the tap when the bench
 * says so, each with a sequence number and a send time.
 */
import { fileURLToPath } from 'node:url';
import { startFakeX32 } from '../test/fakes/fake-x32';
import type { FakeDesk } from '../test/fakes/fake-x-desk';
import { BenchChild } from './child-link';
import type { BridgeProcessConfig, BridgeProcessReady } from './bridge-process';
import { startUdpTap, type UdpTap } from './udp-tap';
import { markerPacket, SEQUENCE_MODULO } from './x32-markers';

export interface DeskLink {
  fake: FakeDesk;
  tap: UdpTap;
  bridge: BenchChild<BridgeProcessReady>;
  httpUrl: string;
  wsUrl: string;
  /** Sends the next meter packet (channel `hotChannel` loud, or none) and notes its send time. */
  sendMeters(hotChannel: number | null): number;
  /** performance.now() when the packet carrying `seq` (mod SEQUENCE_MODULO) was last sent, ms. */
  sentAtMs(seq: number): number | undefined;
  close(): Promise<void>;
}

const BRIDGE_SCRIPT = fileURLToPath(new URL('./bridge-process.ts', import.meta.url));

export async function startDeskLink(): Promise<DeskLink> {
  const fake = await startFakeX32({ seed: 3 });
  const tap = await startUdpTap(fake.port);
  let bridge: BenchChild<BridgeProcessReady>;
  try {
    bridge = await BenchChild.start<BridgeProcessReady>(BRIDGE_SCRIPT, { deskPort: tap.port, readyTimeoutMs: 30_000 } satisfies BridgeProcessConfig, 60_000);
  } catch (error) {
    await tap.close();
    await fake.stop();
    throw error;
  }
  const sentAt = new Map<number, number>();
  let seq = 0;
  return {
    fake,
    tap,
    bridge,
    httpUrl: `http://127.0.0.1:${bridge.ready.port}`,
    wsUrl: `ws://127.0.0.1:${bridge.ready.port}/ws`,
    sendMeters(hotChannel) {
      seq = (seq + 1) % SEQUENCE_MODULO;
      const packet = markerPacket(seq, hotChannel);
      sentAt.set(seq, performance.now());
      if (!tap.inject(packet)) throw new Error('the adapter has not spoken to the tap yet');
      return seq;
    },
    sentAtMs: (sequence) => sentAt.get(sequence),
    close: async () => {
      await bridge.stop();
      await tap.close();
      await fake.stop();
    },
  };
}
