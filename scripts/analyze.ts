/** Entry point of `npm run analyze -- PATH`: wires the analyze command to this process. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAnalyze } from '../server/consoles/recording/analysis/analyze-command';
import { ProfileStore } from '../server/profiles/profile-store';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const quiet = { warn: () => undefined, info: () => undefined, error: () => undefined };
// The same folders as the bridge's defaults: the user's profiles, then the shipped examples.
const store = new ProfileStore({
  dir: join(homedir(), '.headroom', 'profiles'),
  examplesDir: join(repoRoot, 'profiles'),
  logger: quiet,
  now: () => new Date(),
});

runAnalyze(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
  loadProfile: (id) => store.load(id),
  now: () => new Date(),
}).then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`headroom analyze: ${String(error)}\n`);
  process.exitCode = 1;
});
