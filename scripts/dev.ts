/**
 * `npm run dev`: the bridge (on the simulator unless other flags are given) plus Vite's dev server with hot
 * reload for ui/, which forwards /ws and /api to the bridge. Extra arguments go to the bridge:
 *   npm run dev -- --console x32 --host 192.168.1.50
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const DEV_PORT = 5173;
const bridgePort = process.env.HEADROOM_BRIDGE_PORT ?? '8080';
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// The page comes from Vite's origin, not the bridge's: the bridge must accept it on the WebSocket and POSTs.
const devOrigins = [`http://localhost:${DEV_PORT}`, `http://127.0.0.1:${DEV_PORT}`];

const bridge = spawn(
  process.execPath,
  ['--import', 'tsx', 'server/main.ts', '--http-port', bridgePort, '--allow-origin', devOrigins.join(','), ...process.argv.slice(2)],
  { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, HEADROOM_BRIDGE_PORT: bridgePort } },
);

const vite = await createServer({
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  server: { port: DEV_PORT, strictPort: true, host: true },
});
await vite.listen();
vite.printUrls();

const stop = async () => {
  bridge.kill('SIGTERM');
  await vite.close();
  process.exit(0);
};
bridge.once('exit', (code) => {
  process.stderr.write(`headroom dev: the bridge exited (code ${code}); stopping the dev server\n`);
  void vite.close().then(() => process.exit(code ?? 1));
});
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
