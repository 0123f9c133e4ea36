/**
 * Child process: a real bridge (startTestBridge) on a FramePumpConsole of any size, fed the tiled band's
 * meter frames at the desk's real rate (20 a second). For what tablets receive from desks bigger than the
 * fake X32 (the wifi section's 144-channel desk).
 */
import { startTestBridge } from '../test/support/test-bridge';
import { sendReady, serveParent } from './child-link';
import { EVALUATE_EVERY_MS, FRAME_INTERVAL_MS, FramePumpConsole, syntheticFrames, syntheticSnapshot, type DeskSize } from './synthetic-desk';

export interface SyntheticBridgeConfig {
  size: DeskSize;
}

export interface SyntheticBridgeReady {
  type: 'ready';
  port: number;
}

/** Distinct frames played in a loop: 20 s of the band. */
const DISTINCT_FRAMES = 400;

const config = JSON.parse(process.argv[2] ?? '{}') as SyntheticBridgeConfig;
const snapshot = syntheticSnapshot(config.size);
const frames = syntheticFrames(snapshot, 7, 0, DISTINCT_FRAMES, 0);
const desk = new FramePumpConsole(snapshot);
const bridge = await startTestBridge({ console: desk, evaluateEveryMs: EVALUATE_EVERY_MS });
let next = 0;
const timer = setInterval(() => {
  const frame = frames[next++ % frames.length]!;
  desk.emit({ ...frame, atMs: Date.now() });
}, FRAME_INTERVAL_MS);
serveParent(
  async (request) => {
    throw new Error(`unknown request ${request.type}`);
  },
  async () => {
    clearInterval(timer);
    await bridge.close();
  },
);
sendReady({ type: 'ready', port: bridge.port } satisfies SyntheticBridgeReady);
