import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseCliOptions } from '../../../server/cli/options';
import { runAnalyze, type AnalyzeIo } from '../../../server/consoles/recording/analysis/analyze-command';
import { defaultProfile } from '../../../server/profiles/default-profile';
import { sample, tempFolder } from './real-audio';

let dir = '';
let remove: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  ({ dir, remove } = await tempFolder('cli'));
  await copyFile(sample('bd_haus'), join(dir, '01 Kick.flac'));
  await copyFile(sample('guit_em9'), join(dir, '02 Gtr.flac'));
});
afterAll(async () => remove());

function io(): AnalyzeIo & { stdout: string; stderr: string } {
  const sink = {
    stdout: '',
    stderr: '',
    out: (text: string) => {
      sink.stdout += text;
    },
    err: (text: string) => {
      sink.stderr += text;
    },
    interactive: true,
    loadProfile: async () => ({ ...defaultProfile(), venue: 'Club' }),
    now: () => new Date('2026-12-03T10:00:00Z'),
  };
  return sink;
}

test('--console recording takes --recording PATH; without it the message says what is missing', () => {
  expect(parseCliOptions(['--console', 'recording', '--recording', '/media/sd/show'])).toMatchObject({
    ok: true, options: { console: 'recording', recording: '/media/sd/show', consolePort: null },
  });
  const missing = parseCliOptions(['--console', 'recording']);
  expect(!missing.ok && missing.error).toMatch(/--console recording needs --recording PATH/);
});

test('analyze: a table with every channel, a progress bar, an HTML report that opens offline', async () => {
  const sink = io();
  const html = join(dir, 'report.html');
  expect(await runAnalyze([dir, '--html', html, '--profile', 'club'], sink)).toBe(0);
  expect(sink.stdout).toContain('4 tracks from 2 FLAC files');
  expect(sink.stdout).toContain('targets from profile "Club"');
  for (const name of ['Kick L', 'Kick R', 'Gtr L', 'Gtr R']) expect(sink.stdout).toContain(name);
  expect(sink.stderr).toContain('[##############################] 100 %');
  expect(sink.stderr).toMatch(/Analysed \d+\.\d s of 4 tracks/);
  const page = await readFile(html, 'utf8');
  expect(page).toContain('<svg');
  expect(page).toContain('Ch 3 Gtr L');
  expect(page).toContain('target -18 dBFS avg');
  expect(page).not.toMatch(/<script|src="http|href="http/);
});

test('analyze --json prints the same figures as JSON (silence as null) and no table', async () => {
  const sink = io();
  expect(await runAnalyze([dir, '--json', '--no-html'], sink)).toBe(0);
  const parsed = JSON.parse(sink.stdout) as { channels: { name: string; samplePeakDbfs: number | null; wantedChangeDb: number | null }[] };
  expect(parsed.channels.map((c) => c.name)).toEqual(['Kick L', 'Kick R', 'Gtr L', 'Gtr R']);
  expect(typeof parsed.channels[2]!.samplePeakDbfs).toBe('number');
  expect(sink.stderr).not.toContain('Report:');
});

test('analyze --threads 2 reads the tracks on two threads and prints the figures one thread does', async () => {
  const one = io();
  const two = io();
  expect(await runAnalyze([dir, '--json', '--no-html', '--threads', '1'], one)).toBe(0);
  expect(await runAnalyze([dir, '--json', '--no-html', '--threads', '2'], two)).toBe(0);
  expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
}, 60_000);

test.each([
  [['/no/such/folder', '--no-html'], 1, /no such file or folder \[not-found\]/],
  [[], 2, /give exactly one recording PATH/],
  [['a', 'b'], 2, /give exactly one recording PATH/],
  [['x', '--profile', '../etc'], 2, /--profile must be a profile id/],
  [['x', '--loud'], 2, /Unknown option '--loud'/],
  [['x', '--threads', '0'], 2, /--threads must be a whole number from 1 to 64 \(got "0"\)/],
  [['x', '--threads', '1.5'], 2, /--threads must be a whole number/],
])('analyze %j exits %i with a clear message', async (argv, code, message) => {
  const sink = io();
  expect(await runAnalyze(argv, sink)).toBe(code);
  expect(sink.stderr).toMatch(message);
});
