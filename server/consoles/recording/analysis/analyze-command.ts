/**
 * `headroom analyze PATH` (`npm run analyze -- PATH` from a clone): analyses a recording faster than real time and prints a table (or JSON), and
 * writes a self-contained HTML report. Arguments in, an exit code out; the caller owns the process.
 */
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultProfile } from '../../../profiles/default-profile';
import type { VenueProfile } from '../../../profiles/schema';
import { RecordingError } from '../recording-error';
import { openTake } from '../take';
import { analyseTake } from './analyse-take';
import { analysisHtml } from './report-html';
import { analysisJson, formatAnalysisTable, progressBar } from './report-table';

export const ANALYZE_USAGE = `Usage: headroom analyze PATH [options]   (from a clone: npm run analyze -- PATH [options])
  PATH                 a folder of WAV/FLAC tracks, a multichannel WAV, or an X-Live take folder
  --json               print the figures as JSON (for scripts) instead of the table
  --html FILE          where to write the HTML report (default: headroom-<name>.html here)
  --no-html            write no HTML report
  --profile ID         venue profile from profiles/ whose targets apply (default: -18 dBFS avg / -6 peak)
  --threads N          threads reading the tracks, 1-64 (default: one per core once the take is big enough)
  --help               show this help`;

export interface AnalyzeIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stderr is a terminal: the progress bar redraws one line there. */
  interactive: boolean;
  loadProfile: (id: string) => Promise<VenueProfile>;
  now: () => Date;
}

interface AnalyzeArgs {
  path: string;
  json: boolean;
  html: string | null;
  profile: string | null;
  /** null: analysisThreads(take) decides. */
  threads: number | null;
}

export function parseAnalyzeArgs(argv: readonly string[]): { ok: true; args: AnalyzeArgs | 'help' } | { ok: false; error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' }, html: { type: 'string' }, 'no-html': { type: 'boolean' },
        profile: { type: 'string' }, threads: { type: 'string' }, help: { type: 'boolean' },
      },
    });
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { ok: true, args: 'help' };
  if (positionals.length !== 1) return { ok: false, error: `give exactly one recording PATH (got ${positionals.length})` };
  const path = positionals[0]!;
  if (values.profile !== undefined && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(values.profile)) {
    return { ok: false, error: `--profile must be a profile id like club-xr18 (got "${values.profile}")` };
  }
  const threads = values.threads === undefined ? null : Number(values.threads);
  if (threads !== null && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    return { ok: false, error: `--threads must be a whole number from 1 to 64 (got "${values.threads}")` };
  }
  const html = values['no-html'] ? null : (values.html ?? `headroom-${basename(resolve(path)).replace(/[^A-Za-z0-9._-]+/g, '_')}.html`);
  return { ok: true, args: { path, json: values.json === true, html, profile: values.profile ?? null, threads } };
}

/** Runs the command; resolves with the exit code (0 done, 1 the recording could not be read, 2 bad usage). */
export async function runAnalyze(argv: readonly string[], io: AnalyzeIo): Promise<number> {
  const parsed = parseAnalyzeArgs(argv);
  if (!parsed.ok) {
    io.err(`headroom analyze: ${parsed.error}\n\n${ANALYZE_USAGE}\n`);
    return 2;
  }
  if (parsed.args === 'help') {
    io.out(`${ANALYZE_USAGE}\n`);
    return 0;
  }
  const args = parsed.args;
  try {
    const profile = args.profile === null ? defaultProfile() : await io.loadProfile(args.profile);
    const take = await openTake(args.path);
    let shown = -1;
    const startedMs = io.now().getTime();
    const analysis = await analyseTake(take, {
      profile,
      ...(args.threads === null ? {} : { threads: args.threads }),
      onProgress: (fraction) => {
        const percent = Math.floor(fraction * 100);
        if (!io.interactive || percent === shown) return;
        shown = percent;
        io.err(`\r${progressBar(fraction)}`);
      },
    });
    const elapsedMs = Math.max(1, io.now().getTime() - startedMs);
    if (io.interactive) io.err('\n');
    io.out(args.json ? `${analysisJson(analysis)}\n` : formatAnalysisTable(analysis));
    if (args.html !== null) {
      await writeFile(args.html, analysisHtml(analysis, io.now()));
      io.err(`Report: ${resolve(args.html)}\n`);
    }
    io.err(`Analysed ${(analysis.durationMs / 1000).toFixed(1)} s of ${analysis.channels.length} tracks in ${(elapsedMs / 1000).toFixed(1)} s (${(analysis.durationMs / elapsedMs).toFixed(0)}x real time).\n`);
    return 0;
  } catch (error) {
    if (error instanceof RecordingError) {
      io.err(`headroom analyze: ${error.message} [${error.code}]\n`);
      return 1;
    }
    io.err(`headroom analyze: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
