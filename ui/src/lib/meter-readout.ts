/**
 * A still picture of the meters for text and the level ladder, taken a few times per second from the
 * ballistics (the canvases read the ballistics directly at display rate).
 */
import type { MeterBallistics } from './meter-ballistics';

/** One meter point: newest reading, highest in the last few seconds, running average (dBFS or dB). */
export interface PointReadout {
  levelDbfs: number;
  peakDbfs: number;
  averageDbfs: number;
  /** The peak-hold reading: the highest level, held for the hold time (1.5 s), then falling back. */
  heldPeakDbfs: number;
}

export interface MeterReadout {
  /** Tablet clock when the picture was taken, ms; -Infinity before the first frame. */
  atMs: number;
  channelInput: PointReadout[];
  /** Gate gain reduction, positive dB. */
  channelGateGr: PointReadout[];
  /** Compressor gain reduction, positive dB. */
  channelDynGr: PointReadout[];
  channelPostFader: PointReadout[];
  buses: PointReadout[];
  matrices: PointReadout[];
  /** Main left and right. */
  main: PointReadout[];
}

export const EMPTY_READOUT: MeterReadout = {
  atMs: -Infinity,
  channelInput: [],
  channelGateGr: [],
  channelDynGr: [],
  channelPostFader: [],
  buses: [],
  matrices: [],
  main: [],
};

export const SILENT_POINT: PointReadout = { levelDbfs: -Infinity, peakDbfs: -Infinity, averageDbfs: -Infinity, heldPeakDbfs: -Infinity };

/** Every point of `ballistics` at `nowMs` (the tablet's clock). */
export function readPoints(ballistics: MeterBallistics, nowMs: number): PointReadout[] {
  const points: PointReadout[] = new Array(ballistics.size);
  for (let i = 0; i < ballistics.size; i++) {
    const view = ballistics.view(i, nowMs);
    points[i] = { levelDbfs: ballistics.level(i), peakDbfs: ballistics.recentPeak(i), averageDbfs: view.averageDbfs, heldPeakDbfs: view.peakHoldDbfs };
  }
  return points;
}
