/**
 * A self-contained HTML report of an analysis: no scripts, no external files, so it opens offline from a
 * USB stick. Per channel: the level over time (block peaks) with the target average and the peak ceiling,
 * the figures, and a level ladder of the stages the recording passed (recorded level -> change -> target).
 */
import type { Suggestion } from '../../../engine/suggestion';
import { formatClock } from '../recording-desk';
import type { ChannelAnalysis, TakeAnalysis } from './analyse-take';

const PLOT_WIDTH = 600;
const PLOT_HEIGHT = 140;
const PLOT_MIN_DBFS = -60;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(value: number | null, unit = ''): string {
  if (value === null) return '—';
  if (value === -Infinity) return `-∞${unit}`;
  return `${value.toFixed(1)}${unit}`;
}

function y(dbfs: number): number {
  const clamped = Math.max(PLOT_MIN_DBFS, Math.min(0, dbfs));
  return ((0 - clamped) / (0 - PLOT_MIN_DBFS)) * PLOT_HEIGHT;
}

function levelPlot(channel: ChannelAnalysis, durationMs: number): string {
  const n = Math.max(1, channel.trace.length);
  const x = (i: number): number => (i / n) * PLOT_WIDTH;
  const bars = channel.trace
    .map((dbfs, i) => (dbfs === -Infinity ? '' : `M${x(i).toFixed(1)} ${PLOT_HEIGHT}V${y(dbfs).toFixed(1)}`))
    .join('');
  const line = (dbfs: number, css: string, label: string): string =>
    `<line class="${css}" x1="0" x2="${PLOT_WIDTH}" y1="${y(dbfs).toFixed(1)}" y2="${y(dbfs).toFixed(1)}"/><text x="${PLOT_WIDTH - 4}" y="${(y(dbfs) - 3).toFixed(1)}" text-anchor="end" class="${css}">${label}</text>`;
  return `<svg viewBox="0 0 ${PLOT_WIDTH} ${PLOT_HEIGHT + 14}" width="${PLOT_WIDTH}" role="img" aria-label="Level over time of ${escapeHtml(channel.name)}">
<rect width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}" class="bg"/>
<path d="${bars}" class="level"/>
${line(channel.peakCeilingDbfs, 'ceiling', `ceiling ${channel.peakCeilingDbfs} dBFS`)}
${line(channel.targetAverageDbfs, 'target', `target ${channel.targetAverageDbfs} dBFS avg`)}
<text x="0" y="${PLOT_HEIGHT + 12}" class="axis">0:00</text><text x="${PLOT_WIDTH}" y="${PLOT_HEIGHT + 12}" text-anchor="end" class="axis">${formatClock(durationMs)}</text>
</svg>`;
}

/** The ladder: where the track sits now, where the change puts it, against the target and ceiling. */
function ladder(channel: ChannelAnalysis): string {
  if (channel.wantedChangeDb === null) return '<p class="muted">Never played: no level to judge.</p>';
  const after = (dbfs: number): number => dbfs + channel.wantedChangeDb!;
  const rows: [string, number, number][] = [
    ['Peak', channel.samplePeakDbfs + channel.hiddenOvershootDb, after(channel.samplePeakDbfs + channel.hiddenOvershootDb)],
    ['Average', channel.averageDbfs, after(channel.averageDbfs)],
    ['Floor', channel.noiseFloorDbfs, after(channel.noiseFloorDbfs)],
  ];
  const width = 240;
  const pos = (dbfs: number): number => ((Math.max(-90, Math.min(6, dbfs)) + 90) / 96) * width;
  const bar = (dbfs: number, css: string): string =>
    `<svg width="${width}" height="10" aria-hidden="true"><rect width="${pos(dbfs).toFixed(1)}" height="10" class="${css}"/><line x1="${pos(channel.peakCeilingDbfs)}" x2="${pos(channel.peakCeilingDbfs)}" y1="0" y2="10" class="ceiling"/><line x1="${pos(channel.targetAverageDbfs)}" x2="${pos(channel.targetAverageDbfs)}" y1="0" y2="10" class="target"/></svg>`;
  return `<table class="ladder"><tr><th></th><th>as recorded</th><th>after ${fmt(channel.wantedChangeDb, ' dB')}</th></tr>${rows
    .map(([label, now, then]) => `<tr><td>${label}</td><td>${bar(now, 'now')} ${fmt(now)}</td><td>${bar(then, 'then')} ${fmt(then)}</td></tr>`)
    .join('')}</table>`;
}

function suggestionItems(suggestions: readonly Suggestion[]): string {
  if (suggestions.length === 0) return '<p class="muted">No suggestion.</p>';
  return `<ul>${suggestions.map((s) => `<li class="${s.severity}"><strong>${s.severity}</strong> ${escapeHtml(s.reason)}</li>`).join('')}</ul>`;
}

function channelSection(channel: ChannelAnalysis, analysis: TakeAnalysis): string {
  const own = analysis.suggestions.filter((s) => s.target.kind === 'channel' && s.target.index === channel.index);
  const figures: [string, string][] = [
    ['Sample peak', fmt(channel.samplePeakDbfs, ' dBFS')],
    ['True peak', fmt(channel.truePeakDbtp, ' dBTP')],
    ['Average (playing)', fmt(channel.averageDbfs, ' dBFS')],
    ['Noise floor', fmt(channel.noiseFloorDbfs, ' dBFS')],
    ['Crest factor', fmt(channel.crestDb, ' dB')],
    ['Clips', channel.clippedRuns === 0 ? 'none' : `${channel.clippedRuns} (${channel.clipSamples} samples), about ${channel.hiddenOvershootDb.toFixed(1)} dB over full scale`],
    ['Playing', formatClock(channel.playingMs)],
  ];
  return `<section id="ch${channel.index}"><h2>Ch ${channel.index} ${escapeHtml(channel.name)}${channel.sourceType ? ` <small>${channel.sourceType}</small>` : ''}</h2>
${levelPlot(channel, analysis.durationMs)}
<div class="cols"><dl>${figures.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>${ladder(channel)}</div>
${suggestionItems(own)}
</section>`;
}

export function analysisHtml(analysis: TakeAnalysis, generatedAt: Date): string {
  const general = analysis.suggestions.filter((s) => s.target.kind !== 'channel');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Headroom analysis: ${escapeHtml(analysis.path)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d232a;background:#fafafa}
h1{font-size:1.3rem}h2{font-size:1.05rem;margin:1.5rem 0 .4rem}small{color:#667;font-weight:normal}
section{border-top:1px solid #ddd}.cols{display:flex;gap:2rem;flex-wrap:wrap;margin:.5rem 0}
dl{display:grid;grid-template-columns:auto auto;gap:.1rem 1rem;margin:0}dt{color:#556}dd{margin:0;font-variant-numeric:tabular-nums}
svg .bg{fill:#fff;stroke:#ccc}svg .level{stroke:#2f7dd1;stroke-width:1}svg line.target{stroke:#2a9d4b;stroke-dasharray:4 3}
svg line.ceiling{stroke:#d1452f;stroke-dasharray:4 3}svg text{font-size:10px}svg text.target{fill:#2a9d4b}svg text.ceiling{fill:#d1452f}svg .axis{fill:#667}
.ladder td,.ladder th{padding:0 .5rem;text-align:left;font-variant-numeric:tabular-nums}.ladder rect.now{fill:#8aa7c8}.ladder rect.then{fill:#2f7dd1}
li.urgent strong{color:#d1452f}li.advice strong{color:#b97a00}li.info strong{color:#667}.muted{color:#778}
</style></head><body>
<h1>Headroom analysis</h1>
<p>${escapeHtml(analysis.path)}: ${escapeHtml(analysis.description)}, ${formatClock(analysis.durationMs)} at ${analysis.sampleRateHz} Hz.
Targets from profile “${escapeHtml(analysis.profile)}”. Generated ${generatedAt.toISOString()}.</p>
${analysis.warnings.map((w) => `<p class="muted">Warning: ${escapeHtml(w)}</p>`).join('')}
${general.length > 0 ? `<h2>Whole desk</h2>${suggestionItems(general)}` : ''}
${analysis.channels.map((c) => channelSection(c, analysis)).join('\n')}
</body></html>
`;
}
