/**
 * The package as a user gets it: `npm pack` in a copy of the sources (prepack builds it there, so the
 * running tests' dist/ is left alone), `npm install -g` of the tarball into a temporary prefix with
 * `--offline` (the dependencies travel bundled in the tarball), then the installed `headroom` command:
 * --version, --help, and the bridge on the simulator answering on its port with a tablet page that loads
 * in Chromium. Nothing may be written into the install tree; the user's data goes to the data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { BRIDGE_NODE_FLAGS, BRIDGE_SHEBANG } from '../../scripts/bundle-for-node';
import { repoRoot } from '../support/test-bridge';
import { launchBrowser, type TestBrowser } from '../e2e/browser';
import { getJson, waitForLink } from '../e2e/page-helpers';
import { writeWav } from '../consoles/recording/wav-writer';

/**
 * Longest the packing or the install may take: a bound, not a timing assertion. Each takes a few seconds on
 * a quiet machine; with the whole suite running on two shared cores at load average 25, the pair took over
 * four minutes.
 */
const STEP_LIMIT_MS = 240_000;
/** Top-level entries of the repository that packing does not need (and must not touch). */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', 'test-results', 'docs']);

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment for child npm and headroom processes: ours without the npm_ variables of the `npm test` around us. */
function childEnv(home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') || key === 'npm_config_cache'));
  return { ...env, HOME: home, NODE_ENV: 'production' };
}

/** Runs a command to its end (killed after STEP_LIMIT_MS) and collects its output. */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: STEP_LIMIT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A real node_modules folder (npm packs the bundled dependencies' whole tree only from a real folder, not
 * through a symlink): hard links when both sides are on one file system (instant), else a copy.
 */
async function copyNodeModules(from: string, to: string): Promise<void> {
  const linked = await run('cp', ['-al', from, to], tmpdir(), process.env);
  if (linked.code === 0) return;
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true, verbatimSymlinks: true });
}

/** Every file under `dir` with its size and modification time: a fingerprint of the install tree. */
async function treeFingerprint(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries.filter((e) => e.isFile()).map(async (e) => {
      const path = join(e.parentPath, e.name);
      const info = await stat(path);
      return `${relative(dir, path)} ${info.size} ${info.mtimeMs}`;
    }),
  );
  return files.sort();
}

/** Resolves with the first tablet address the bridge prints; rejects if it exits first. */
function printedUrl(bridge: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(seen);
      if (match) {
        bridge.stdout?.off('data', onData);
        resolve(match[0]);
      }
    };
    bridge.stdout?.on('data', onData);
    bridge.once('exit', (code) => reject(new Error(`headroom exited (${code}) before printing an address: ${seen}`)));
  });
}

describe('the packed package, installed from its tarball', () => {
  let work: string;
  let prefix: string;
  let headroomBin: string;
  let installDir: string;
  let home: string;
  let version: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'headroom-pack-'));
    const source = join(work, 'source');
    prefix = join(work, 'prefix');
    home = join(work, 'home');
    await mkdir(home);
    await cp(repoRoot, source, { recursive: true, filter: (path) => !NOT_COPIED.has(relative(repoRoot, path)) });
    await copyNodeModules(join(repoRoot, 'node_modules'), join(source, 'node_modules'));
    version = (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

    const packed = await run('npm', ['pack', '--pack-destination', work], source, childEnv(home));
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(work, `headroom-${version}.tgz`);
    const installed = await run('npm', ['install', '--global', tarball, '--prefix', prefix, '--offline', '--no-audit', '--no-fund'], work, childEnv(home));
    expect(installed.code, installed.stderr).toBe(0);
    headroomBin = join(prefix, 'bin', 'headroom');
    installDir = join(prefix, 'lib', 'node_modules', 'headroom');
  }, 2 * STEP_LIMIT_MS + 30_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('ships the built bridge and UI, the example profiles and maps, and no sources or tests', async () => {
    const files = (await treeFingerprint(installDir)).map((line) => line.split(' ')[0]!).filter((path) => !path.startsWith('node_modules'));
    expect(files).toContain('dist/headroom.js');
    expect(files).toContain('dist/analysis-worker.js');
    expect(files).toContain('server/consoles/yamaha/maps/cl.json');
    expect(files).toContain('dist/ui/index.html');
    expect(files).toContain('profiles/simulator-band.json');
    expect(files).toContain('server/consoles/midi/maps/qu.json');
    expect(files).toContain('server/consoles/osc-generic/maps/ardour.json');
    expect(files.filter((path) => path.endsWith('.ts') || path.startsWith('test/') || path.startsWith('ui/') || path.startsWith('bench/'))).toEqual([]);
  });

  test('the command and npm start run node with the bridge\'s memory flags', async () => {
    const firstLine = (await readFile(join(installDir, 'dist', 'headroom.js'), 'utf8')).split('\n')[0];
    expect(firstLine).toBe(BRIDGE_SHEBANG);
    const scripts = (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toContain(`node ${BRIDGE_NODE_FLAGS.join(' ')} dist/headroom.js`);
    expect(scripts.analyze).toContain(`node ${BRIDGE_NODE_FLAGS.join(' ')} dist/headroom.js analyze`);
  });

  test('headroom --version and --help', async () => {
    const shown = await run(headroomBin, ['--version'], work, childEnv(home));
    expect(shown).toMatchObject({ code: 0, stdout: `headroom ${version}\n` });
    const help = await run(headroomBin, ['--help'], work, childEnv(home));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: headroom \[options\]/);
    expect(help.stdout).toContain('headroom analyze PATH');
    const analyzeHelp = await run(headroomBin, ['analyze', '--help'], work, childEnv(home));
    expect(analyzeHelp).toMatchObject({ code: 0 });
    expect(analyzeHelp.stdout).toMatch(/^Usage: headroom analyze PATH/);
  });

  test('headroom analyze reads a take on two threads (the built worker beside the bridge) and prints what one thread does', async () => {
    const take = join(work, 'take.wav');
    const tone = (gain: number) => Float32Array.from({ length: 48_000 }, (_, i) => gain * Math.sin((2 * Math.PI * 440 * i) / 48_000));
    await writeWav(take, [tone(0.5), tone(0.1), tone(0.9)], { sampleRateHz: 48_000, encoding: 'int', bitsPerSample: 24 });
    const one = await run(headroomBin, ['analyze', take, '--json', '--no-html', '--threads', '1'], work, childEnv(home));
    const two = await run(headroomBin, ['analyze', take, '--json', '--no-html', '--threads', '2'], work, childEnv(home));
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const figures = JSON.parse(two.stdout) as { channels: { samplePeakDbfs: number }[] };
    expect(figures.channels.map((c) => Math.round(c.samplePeakDbfs))).toEqual([-6, -20, -1]);
    expect(two.stdout).toBe(one.stdout);
  }, 60_000);

  test('headroom starts the simulator, answers on its port, the tablet page loads, and nothing is written into the install', async () => {
    const before = await treeFingerprint(installDir);
    const bridge = spawn(headroomBin, ['--http-port', '0', '--http-host', '127.0.0.1', '--pin', '2468', '--log-level', 'warn'], {
      cwd: work,
      env: childEnv(home),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => bridge.once('exit', (code) => resolve(code)));
    let browser: TestBrowser | undefined;
    try {
      const url = await printedUrl(bridge);
      const status = await getJson<{ console: { kind: string } }>(`${url}api/status`);
      expect(status.console.kind).toBe('sim');

      browser = await launchBrowser();
      const page: Page = await browser.newPage();
      await page.goto(url);
      await waitForLink(page, 'ready');
      await page.getByText('Kick', { exact: false }).first().waitFor();
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser?.close();
      bridge.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(await treeFingerprint(installDir)).toEqual(before);
    // The shipped example profile it ran with was copied into the user's data directory (~/.headroom).
    expect(await readdir(join(home, '.headroom', 'profiles'))).toContain('simulator-band.json');
  }, 90_000);
});
