/**
 * Vitest global setup for the browser tests: the bridge serves the built UI from dist/ui, so build it
 * (once per run) when it is missing or older than anything in ui/ or vite.config.ts.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUi, isUiBuildStale } from '../../server/ui-build';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export async function setup(): Promise<void> {
  const configFile = join(repoRoot, 'vite.config.ts');
  if (await isUiBuildStale(join(repoRoot, 'dist', 'ui'), [join(repoRoot, 'ui'), configFile])) {
    await buildUi(configFile);
  }
}
