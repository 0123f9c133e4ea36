/**
 * `npm run build`: the bridge bundled into dist/headroom.js (the `headroom` command) and the tablet UI built
 * by Vite into dist/ui. `--if-stale` (what `npm start` runs) builds only an output that is missing or older
 * than its sources, so a start after a pull rebuilds and an unchanged clone starts at once.
 */
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildUi, isBuildStale, isUiBuildStale } from '../server/ui-build';
import { BRIDGE_SHEBANG, bundleForNode } from './bundle-for-node';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const bridgeFile = join(repoRoot, 'dist', 'headroom.js');
/** The recording analysis's worker thread: its own bundle, started by the bridge's from beside it. */
const workerFile = join(repoRoot, 'dist', 'analysis-worker.js');
const uiDir = join(repoRoot, 'dist', 'ui');
const viteConfig = join(repoRoot, 'vite.config.ts');

const { values } = parseArgs({ options: { 'if-stale': { type: 'boolean', default: false } } });
const always = !values['if-stale'];
const say = (line: string) => process.stderr.write(`headroom build: ${line}\n`);

if (always || (await isBuildStale(bridgeFile, [join(repoRoot, 'server'), join(repoRoot, 'package.json')]))) {
  say('bundling the bridge into dist/headroom.js');
  await bundleForNode(join(repoRoot, 'server', 'main.ts'), bridgeFile, BRIDGE_SHEBANG);
  await chmod(bridgeFile, 0o755);
}
if (always || (await isBuildStale(workerFile, [join(repoRoot, 'server'), join(repoRoot, 'package.json')]))) {
  say('bundling the analysis worker into dist/analysis-worker.js');
  await bundleForNode(join(repoRoot, 'server', 'consoles', 'recording', 'analysis', 'analysis-worker.ts'), workerFile, null);
}
if (always || (await isUiBuildStale(uiDir, [join(repoRoot, 'ui'), viteConfig]))) {
  say('building the tablet UI into dist/ui');
  await buildUi(viteConfig);
}
