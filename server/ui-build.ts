/**
 * Build steps shared by `npm run build`, `npm start` (which builds what is stale) and the test setup: is an
 * output older than its sources, and the tablet UI's Vite build. Not part of the running bridge.
 */
import { readdir, stat } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

async function newestMtimeMs(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? await newestMtimeMs(path) : (await stat(path)).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** True when `outDir/index.html` is missing or older than anything under `sourceDirs` or the listed files. */
export function isUiBuildStale(outDir: string, sources: readonly string[]): Promise<boolean> {
  return isBuildStale(join(outDir, 'index.html'), sources);
}

/** True when `builtFile` is missing or older than any file under the listed folders or any listed file. */
export async function isBuildStale(builtFile: string, sources: readonly string[]): Promise<boolean> {
  let builtMs: number;
  try {
    builtMs = (await stat(builtFile)).mtimeMs;
  } catch {
    return true;
  }
  for (const source of sources) {
    const info = await stat(source);
    const mtime = info.isDirectory() ? await newestMtimeMs(source) : info.mtimeMs;
    if (mtime > builtMs) return true;
  }
  return false;
}

/**
 * Runs Vite's build with the repository's vite.config.ts in a child process with NODE_ENV=production:
 * inside a test runner NODE_ENV is 'test', and Vite would then build a development bundle (no service
 * worker registration, dev-mode Svelte).
 */
export async function buildUi(configFile: string): Promise<void> {
  const viteBin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--config', configFile, '--logLevel', 'warn'], {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with code ${code}`))));
  });
}
