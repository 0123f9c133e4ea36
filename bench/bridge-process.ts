/**
 * Child process: a real bridge (startTestBridge) on the X32 adapter, talking to the fake X32 through the
 * bench's UDP tap at `deskPort`. It reports 'ready' once the adapter has synced, then answers samples
 * until the parent says stop.
 */
import { createX32Console } from '../server/consoles/x32/x32-console';
import { startTestBridge } from '../test/support/test-bridge';
import { sendReady, serveParent } from './child-link';
import { EVALUATE_EVERY_MS } from './synthetic-desk';
import { sampleProcess, trackSockets } from './process-sample';

export interface BridgeProcessConfig {
  deskPort: number;
  readyTimeoutMs: number;
}

export interface BridgeProcessReady {
  type: 'ready';
  port: number;
  syncMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as BridgeProcessConfig;
const startedMs = performance.now();
const desk = createX32Console({ host: '127.0.0.1', port: config.deskPort });
const bridge = await startTestBridge({ console: desk, evaluateEveryMs: EVALUATE_EVERY_MS });
const sockets = trackSockets(bridge.bridge.hub.server);
while (desk.state() !== 'ready') {
  if (performance.now() - startedMs > config.readyTimeoutMs) throw new Error(`the X32 adapter is ${desk.state()} after ${config.readyTimeoutMs} ms`);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
serveParent(
  async (request) => {
    if (request.type !== 'sample') throw new Error(`unknown request ${request.type}`);
    return sampleProcess(sockets, request.collectGarbage === true, {
      console: desk.counters(),
      state: desk.state(),
      tablets: bridge.bridge.hub.clientCount(),
    });
  },
  () => bridge.close(),
);
sendReady({ type: 'ready', port: bridge.port, syncMs: Math.round(performance.now() - startedMs) } satisfies BridgeProcessReady);
