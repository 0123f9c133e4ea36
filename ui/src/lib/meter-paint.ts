/**
 * What the meter canvases look like. A channel meter is vertical: clip light on top, dBFS scale with the
 * -18 target and the -6 ceiling marked, the level bar, a white average marker, the peak-hold line, and
 * gate / compressor gain-reduction bars growing down from the top. Bus and main meters are horizontal.
 * Stale meters are drawn in grey with the word STALE: never in live colours.
 */
import type { ChannelMeterView } from './live-meters.svelte';
import type { PointView } from './meter-ballistics';
import type { MeterPainter } from './meter-loop';
import { levelZone, meterDeflection, METER_MARKS_DBFS, PEAK_CEILING_DBFS, TARGET_AVERAGE_DBFS, type LevelZone } from './meter-scale';

const COLOURS = {
  panel: '#0b0f15',
  track: '#151c26',
  tick: '#5d6b7e',
  label: '#aab6c6',
  target: '#38bdf8',
  ceiling: '#ffb020',
  top: '#ff5a5f',
  average: '#ffffff',
  clipOn: '#ff3b3f',
  clipOff: '#1c242f',
  gate: '#a78bfa',
  dyn: '#fb923c',
  stale: '#4a5361',
  staleText: '#d6dde8',
} as const;

const ZONE_COLOURS: Record<LevelZone, string> = {
  low: '#23985a',
  target: '#3ddc84',
  high: '#ffb020',
  hot: '#ff3b3f',
};

/** Zone boundaries in dBFS, bottom to top, with the colour below each boundary. */
const ZONE_BANDS: readonly [number, LevelZone][] = [
  [-24, 'low'],
  [PEAK_CEILING_DBFS, 'target'],
  [-1, 'high'],
  [Infinity, 'hot'],
];

/** Gain reduction shown over the full height of the gain-reduction bars, dB. */
const GR_FULL_SCALE_DB = 24;
const LABEL_FONT = '600 12px system-ui, sans-serif';

export interface ChannelMeterSource {
  view(nowMs: number): ChannelMeterView;
  stale(): boolean;
}

interface ChannelLayout {
  clipTop: number;
  clipHeight: number;
  top: number;
  bottom: number;
  barX: number;
  barWidth: number;
  grX: number;
  grWidth: number;
}

function channelLayout(width: number, height: number): ChannelLayout {
  const scaleWidth = 28;
  const grWidth = 7;
  const barX = scaleWidth + 2;
  const barWidth = Math.max(8, width - barX - 2 * grWidth - 8);
  return { clipTop: 1, clipHeight: 13, top: 19, bottom: height - 14, barX, barWidth, grX: barX + barWidth + 4, grWidth };
}

/** Vertical meter of a channel's input level, with gate and compressor gain reduction. */
export function channelMeterPainter(source: ChannelMeterSource): MeterPainter {
  return {
    backgroundKey: () => (source.stale() ? 'stale' : 'live'),
    paintBackground(ctx, width, height) {
      const stale = source.stale();
      const l = channelLayout(width, height);
      const y = (db: number) => l.bottom - meterDeflection(db) * (l.bottom - l.top);
      ctx.fillStyle = COLOURS.panel;
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = COLOURS.track;
      ctx.fillRect(l.barX, l.top, l.barWidth, l.bottom - l.top);
      ctx.fillRect(l.grX, l.top, l.grWidth, l.bottom - l.top);
      ctx.fillRect(l.grX + l.grWidth + 2, l.top, l.grWidth, l.bottom - l.top);
      ctx.font = LABEL_FONT;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      const labelled = spacedMarks(y, 13);
      for (const mark of METER_MARKS_DBFS) {
        const markY = Math.round(y(mark)) + 0.5;
        const colour = stale ? COLOURS.tick : markColour(mark);
        ctx.fillStyle = colour;
        if (labelled.has(mark)) ctx.fillText(String(mark), l.barX - 5, markY);
        ctx.strokeStyle = colour;
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(l.barX - 3, markY);
        ctx.lineTo(l.barX, markY);
        ctx.stroke();
      }
      drawTargetLine(ctx, l.barX, l.barX + l.barWidth, Math.round(y(TARGET_AVERAGE_DBFS)) + 0.5, stale);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillStyle = stale ? COLOURS.tick : COLOURS.label;
      ctx.fillText('G', l.grX + l.grWidth / 2, height);
      ctx.fillText('C', l.grX + l.grWidth * 1.5 + 2, height);
    },
    frameKey(width, height, nowMs) {
      const view = source.view(nowMs);
      const l = channelLayout(width, height);
      const span = l.bottom - l.top;
      const px = (db: number) => Math.round(meterDeflection(db) * span);
      const gr = (db: number) => Math.round((Math.min(db, GR_FULL_SCALE_DB) / GR_FULL_SCALE_DB) * span);
      const { input } = view;
      return `${source.stale()}|${px(input.barDbfs)}|${px(input.averageDbfs)}|${px(input.peakHoldDbfs)}|${input.clipping}|${gr(view.gateGrDb)}|${gr(view.dynGrDb)}`;
    },
    paint(ctx, width, height, nowMs) {
      const stale = source.stale();
      const view = source.view(nowMs);
      const l = channelLayout(width, height);
      const y = (db: number) => l.bottom - meterDeflection(db) * (l.bottom - l.top);
      drawVerticalBar(ctx, l, view.input.barDbfs, y, stale);
      drawMarker(ctx, l.barX, l.barWidth, y(view.input.averageDbfs), view.input.averageDbfs, COLOURS.average, stale, 2);
      drawMarker(ctx, l.barX, l.barWidth, y(view.input.peakHoldDbfs), view.input.peakHoldDbfs, ZONE_COLOURS[levelZone(view.input.peakHoldDbfs)], stale, 2);
      const grHeight = (db: number) => (Math.min(db, GR_FULL_SCALE_DB) / GR_FULL_SCALE_DB) * (l.bottom - l.top);
      ctx.fillStyle = stale ? COLOURS.stale : COLOURS.gate;
      ctx.fillRect(l.grX, l.top, l.grWidth, grHeight(view.gateGrDb));
      ctx.fillStyle = stale ? COLOURS.stale : COLOURS.dyn;
      ctx.fillRect(l.grX + l.grWidth + 2, l.top, l.grWidth, grHeight(view.dynGrDb));
      drawClipLight(ctx, l.barX, l.clipTop, l.barWidth, l.clipHeight, view.input.clipping && !stale);
      if (stale) drawStaleLabel(ctx, width / 2, (l.top + l.bottom) / 2);
    },
  };
}

export interface LevelMeterSource {
  /** One view per bar (one for a bus, left and right for main). */
  views(nowMs: number): PointView[];
  /** Number of bars: 1 for a bus, 2 for main. */
  bars(): number;
  stale(): boolean;
}

/** Horizontal meter for a bus (one bar) or main (two bars). */
export function horizontalMeterPainter(source: LevelMeterSource): MeterPainter {
  const layout = (width: number, height: number) => {
    const bars = source.bars();
    const clipWidth = 12;
    const trackWidth = width - clipWidth - 3;
    const gap = 2;
    const barHeight = (height - 14 - gap * (bars - 1)) / bars;
    return { bars, clipWidth, trackWidth, barHeight, gap, scaleY: height - 1 };
  };
  return {
    backgroundKey: () => `${source.stale() ? 'stale' : 'live'}:${source.bars()}`,
    paintBackground(ctx, width, height) {
      const stale = source.stale();
      const l = layout(width, height);
      const bars = l.bars;
      ctx.fillStyle = COLOURS.panel;
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = COLOURS.track;
      for (let b = 0; b < bars; b++) ctx.fillRect(0, b * (l.barHeight + l.gap), l.trackWidth, l.barHeight);
      ctx.font = '600 12px system-ui, sans-serif';
      ctx.textBaseline = 'bottom';
      const x = (db: number) => Math.round(meterDeflection(db) * l.trackWidth) + 0.5;
      const labelled = spacedMarks(x, 24);
      for (const mark of [0, PEAK_CEILING_DBFS, -12, TARGET_AVERAGE_DBFS, -30, -50]) {
        const markX = x(mark);
        ctx.fillStyle = ctx.strokeStyle = stale ? COLOURS.tick : markColour(mark);
        ctx.textAlign = mark === 0 ? 'right' : 'center';
        if (labelled.has(mark)) ctx.fillText(String(mark), mark === 0 ? markX + 1 : markX, l.scaleY + 1);
        ctx.lineWidth = mark === TARGET_AVERAGE_DBFS ? 1.5 : 1;
        ctx.beginPath();
        ctx.moveTo(markX, 0);
        ctx.lineTo(markX, bars * (l.barHeight + l.gap) - l.gap);
        ctx.stroke();
      }
    },
    frameKey(width, height, nowMs) {
      const l = layout(width, height);
      const px = (db: number) => Math.round(meterDeflection(db) * l.trackWidth);
      const parts = source.views(nowMs).map((v) => `${px(v.barDbfs)},${px(v.averageDbfs)},${px(v.peakHoldDbfs)},${v.clipping}`);
      return `${source.stale()}|${parts.join('|')}`;
    },
    paint(ctx, width, height, nowMs) {
      const stale = source.stale();
      const l = layout(width, height);
      const bars = l.bars;
      const views = source.views(nowMs);
      let clipping = false;
      for (let b = 0; b < bars; b++) {
        const view = views[b];
        if (!view) continue;
        const top = b * (l.barHeight + l.gap);
        const x = (db: number) => meterDeflection(db) * l.trackWidth;
        drawHorizontalBar(ctx, top, l.barHeight, view.barDbfs, x, stale);
        drawVerticalMarker(ctx, x(view.averageDbfs), top, l.barHeight, view.averageDbfs, COLOURS.average, stale);
        drawVerticalMarker(ctx, x(view.peakHoldDbfs), top, l.barHeight, view.peakHoldDbfs, ZONE_COLOURS[levelZone(view.peakHoldDbfs)], stale);
        clipping ||= view.clipping;
      }
      drawClipLight(ctx, width - l.clipWidth, 0, l.clipWidth, bars * (l.barHeight + l.gap) - l.gap, clipping && !stale);
      if (stale) drawStaleLabel(ctx, l.trackWidth / 2, (bars * (l.barHeight + l.gap)) / 2);
    },
  };
}

export interface ReadoutSource {
  /** The figure, e.g. "-12.3". */
  text(): string;
  /** Shown after the figure, smaller: "dBFS"; the word STALE replaces it when stale. */
  unit(): string;
  stale(): boolean;
  /** Height of the figure, CSS px. */
  sizePx: number;
  /** Where the figure sits: centred (channel strips) or at the right edge (bus and main). */
  align: 'center' | 'right';
}

const READOUT_COLOURS = { background: '#0f141b', text: '#eef2f7', unit: '#9aa8ba', staleText: '#5b6573', staleUnit: '#ffb020' } as const;
const READOUT_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';

/**
 * A level readout drawn on a canvas rather than as page text: the figure changes several times a second,
 * and page text would lay out and repaint the page each time; a canvas only redraws itself.
 */
export function readoutPainter(source: ReadoutSource): MeterPainter {
  return {
    backgroundKey: () => '',
    paintBackground(ctx, width, height) {
      ctx.fillStyle = READOUT_COLOURS.background;
      ctx.fillRect(0, 0, width, height);
    },
    frameKey: () => `${source.text()}|${source.stale()}|${source.unit()}`,
    paint(ctx, width, height) {
      const stale = source.stale();
      const unit = stale ? 'STALE' : source.unit();
      // The unit never goes below 12 px (legible at arm's length); the figure shrinks to fit a narrow strip.
      const unitPx = Math.max(12, Math.round(source.sizePx * 0.52));
      ctx.textBaseline = 'alphabetic';
      ctx.textAlign = 'left';
      const text = source.text();
      ctx.font = `800 ${source.sizePx}px ${READOUT_FONT}`;
      const fullWidth = ctx.measureText(text).width;
      ctx.font = `${stale ? 800 : 600} ${unitPx}px ${READOUT_FONT}`;
      const unitWidth = unit === '' ? 0 : ctx.measureText(unit).width + 4;
      const figurePx = Math.max(12, Math.min(source.sizePx, Math.floor((source.sizePx * (width - 4 - unitWidth)) / Math.max(1, fullWidth))));
      ctx.font = `800 ${figurePx}px ${READOUT_FONT}`;
      const textWidth = ctx.measureText(text).width;
      const left = source.align === 'center' ? (width - textWidth - unitWidth) / 2 : width - textWidth - unitWidth;
      const baseline = Math.round(height / 2 + figurePx * 0.36);
      ctx.fillStyle = stale ? READOUT_COLOURS.staleText : READOUT_COLOURS.text;
      ctx.fillText(text, left, baseline);
      if (unit === '') return;
      ctx.font = `${stale ? 800 : 600} ${unitPx}px ${READOUT_FONT}`;
      ctx.fillStyle = stale ? READOUT_COLOURS.staleUnit : READOUT_COLOURS.unit;
      ctx.fillText(unit, left + textWidth + 4, baseline);
    },
  };
}

/** Scale marks in order of importance: the target and ceiling are always labelled. */
const MARK_PRIORITY: readonly number[] = [0, PEAK_CEILING_DBFS, TARGET_AVERAGE_DBFS, -30, -50, -12, -40, -60];

/** The marks whose labels fit: each at least `minGap` px from every more important one. */
function spacedMarks(position: (db: number) => number, minGap: number): Set<number> {
  const placed: number[] = [];
  const labelled = new Set<number>();
  for (const mark of MARK_PRIORITY) {
    const at = position(mark);
    if (placed.every((p) => Math.abs(p - at) >= minGap)) {
      placed.push(at);
      labelled.add(mark);
    }
  }
  return labelled;
}

function markColour(mark: number): string {
  if (mark === TARGET_AVERAGE_DBFS) return COLOURS.target;
  if (mark === PEAK_CEILING_DBFS) return COLOURS.ceiling;
  if (mark === 0) return COLOURS.top;
  return COLOURS.label;
}

function drawTargetLine(ctx: CanvasRenderingContext2D, x0: number, x1: number, y: number, stale: boolean): void {
  ctx.save();
  ctx.strokeStyle = stale ? COLOURS.tick : COLOURS.target;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([3, 2]);
  ctx.beginPath();
  ctx.moveTo(x0, y);
  ctx.lineTo(x1, y);
  ctx.stroke();
  ctx.restore();
}

function drawVerticalBar(ctx: CanvasRenderingContext2D, l: ChannelLayout, barDbfs: number, y: (db: number) => number, stale: boolean): void {
  const barTop = y(barDbfs);
  let below = l.bottom;
  for (const [upTo, zone] of ZONE_BANDS) {
    const bandTop = Math.max(barTop, y(upTo));
    if (bandTop < below) {
      ctx.fillStyle = stale ? COLOURS.stale : ZONE_COLOURS[zone];
      ctx.fillRect(l.barX, bandTop, l.barWidth, below - bandTop);
    }
    below = Math.min(below, y(upTo));
    if (below <= barTop) break;
  }
}

function drawHorizontalBar(ctx: CanvasRenderingContext2D, top: number, height: number, barDbfs: number, x: (db: number) => number, stale: boolean): void {
  const barEnd = x(barDbfs);
  let from = 0;
  for (const [upTo, zone] of ZONE_BANDS) {
    const bandEnd = Math.min(barEnd, x(upTo));
    if (bandEnd > from) {
      ctx.fillStyle = stale ? COLOURS.stale : ZONE_COLOURS[zone];
      ctx.fillRect(from, top, bandEnd - from, height);
    }
    from = Math.max(from, x(upTo));
    if (from >= barEnd) break;
  }
}

function drawMarker(ctx: CanvasRenderingContext2D, x: number, width: number, y: number, db: number, colour: string, stale: boolean, thickness: number): void {
  if (db === -Infinity) return;
  ctx.fillStyle = stale ? COLOURS.staleText : colour;
  ctx.fillRect(x, Math.round(y - thickness / 2), width, thickness);
}

function drawVerticalMarker(ctx: CanvasRenderingContext2D, x: number, top: number, height: number, db: number, colour: string, stale: boolean): void {
  if (db === -Infinity) return;
  ctx.fillStyle = stale ? COLOURS.staleText : colour;
  ctx.fillRect(Math.round(x - 1), top, 2, height);
}

function drawClipLight(ctx: CanvasRenderingContext2D, x: number, y: number, width: number, height: number, on: boolean): void {
  ctx.fillStyle = on ? COLOURS.clipOn : COLOURS.clipOff;
  ctx.fillRect(x, y, width, height);
  if (on && width >= 24) {
    ctx.fillStyle = '#ffffff';
    ctx.font = '700 9px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('CLIP', x + width / 2, y + height / 2 + 0.5);
  }
}

function drawStaleLabel(ctx: CanvasRenderingContext2D, cx: number, cy: number): void {
  ctx.font = '800 10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const w = ctx.measureText('STALE').width + 8;
  ctx.fillStyle = 'rgba(8, 10, 14, 0.85)';
  ctx.fillRect(cx - w / 2, cy - 8, w, 16);
  ctx.fillStyle = COLOURS.staleText;
  ctx.fillText('STALE', cx, cy + 0.5);
}
