/** The analysis as text for a terminal: one row per channel, then the engine's suggestions. */
import type { ChannelAnalysis, TakeAnalysis } from './analyse-take';
import { formatClock } from '../recording-desk';

function db(value: number | null, decimals = 1): string {
  if (value === null) return '—';
  if (value === -Infinity) return '-inf';
  return value.toFixed(decimals);
}

function signed(value: number | null): string {
  if (value === null) return '—';
  return `${value > 0 ? '+' : ''}${value.toFixed(1)}`;
}

const COLUMNS: readonly { title: string; width: number; cell: (c: ChannelAnalysis) => string }[] = [
  { title: 'Ch', width: 3, cell: (c) => String(c.index) },
  { title: 'Name', width: 16, cell: (c) => c.name.slice(0, 16) },
  { title: 'Peak dBFS', width: 9, cell: (c) => db(c.samplePeakDbfs) },
  { title: 'True pk dBTP', width: 12, cell: (c) => db(c.truePeakDbtp) },
  { title: 'Avg dBFS', width: 8, cell: (c) => db(c.averageDbfs) },
  { title: 'Floor dBFS', width: 10, cell: (c) => db(c.noiseFloorDbfs) },
  { title: 'Crest dB', width: 8, cell: (c) => db(c.crestDb) },
  { title: 'Clips', width: 6, cell: (c) => String(c.clippedRuns) },
  { title: 'Over dB', width: 7, cell: (c) => (c.clippedRuns > 0 ? `+${c.hiddenOvershootDb.toFixed(1)}` : '') },
  { title: 'Playing', width: 7, cell: (c) => formatClock(c.playingMs) },
  { title: 'Change dB', width: 9, cell: (c) => signed(c.wantedChangeDb) },
];

/** The table and the suggestions, as lines of plain text. */
export function formatAnalysisTable(analysis: TakeAnalysis): string {
  const row = (cells: string[]): string =>
    cells.map((cell, i) => (i === 1 ? cell.padEnd(COLUMNS[i]!.width) : cell.padStart(COLUMNS[i]!.width))).join('  ');
  const lines = [
    `${analysis.path}: ${analysis.description}, ${formatClock(analysis.durationMs)} at ${analysis.sampleRateHz} Hz; targets from profile "${analysis.profile}"`,
    ...analysis.warnings.map((w) => `warning: ${w}`),
    '',
    row(COLUMNS.map((c) => c.title)),
    ...analysis.channels.map((c) => row(COLUMNS.map((col) => col.cell(c)))),
    '',
    'Change dB: the preamp gain change toward the target average / peak ceiling ("—": the track never played).',
    '',
    analysis.suggestions.length === 0 ? 'No suggestions.' : 'Suggestions (worst first):',
    ...analysis.suggestions.map((s) => `  [${s.severity}] ${s.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** A one-line progress bar ("[#####.....]  48 %"), for a terminal that redraws the line. */
export function progressBar(fraction: number, width = 30): string {
  const share = Math.max(0, Math.min(1, fraction));
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)} %`;
}

/** The analysis as JSON: the same figures; -Infinity (silence) is written as null. */
export function analysisJson(analysis: TakeAnalysis): string {
  return JSON.stringify(analysis, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
}
