/**
 * What each point of an area remembers besides its readings and windows (times, the playing gate, the peak
 * hold, recent clips), as one record of eight doubles (one cache line) per point in a single typed array,
 * in point order: a frame's push walks it in order rather than finding a tracker object per point cold.
 */
import { SampleQueue } from './sample-queue';

/** Span of the recent clip count. */
export const RECENT_CLIP_MS = 500;

/** A record: NOT_STARTED (no reading since the start or a reset), SILENT_SO_FAR or PLAYED (a reading counted as playing), ... */
const PHASE = 0;
/** ... the time of the latest reading, ms, ... */
const LAST_AT_MS = 1;
/** ... of the first since the start or reset, ... */
const FIRST_AT_MS = 2;
/** ... of the latest playing one, ... */
const LAST_PRESENT_AT_MS = 3;
/** ... the playing gate, dBFS, ... */
const GATE_DBFS = 4;
/** ... readings since it was computed (Infinity: none yet), ... */
const READINGS_SINCE_GATE = 5;
/** ... the peak hold, dB, ... */
const PEAK_HOLD_DB = 6;
/** ... and the clips in the last RECENT_CLIP_MS (their times are in a queue, looked at only while it holds any). */
const RECENT_CLIPS = 7;
const FIELDS = 8;

const NOT_STARTED = 0;
const SILENT_SO_FAR = 1;
const PLAYED = 2;

export class PointRecords {
  #records: Float64Array;
  #count = 0;
  readonly #recentClips: (SampleQueue<number> | undefined)[] = [];

  /** `points`: how many points to make room for at first. */
  constructor(points: number) {
    this.#records = new Float64Array(Math.max(1, points) * FIELDS);
  }

  get count(): number {
    return this.#count;
  }

  /** Adds a point (the next number) with nothing seen yet. */
  attach(): void {
    if ((this.#count + 1) * FIELDS > this.#records.length) {
      const records = new Float64Array(this.#records.length * 2);
      records.set(this.#records);
      this.#records = records;
    }
    this.#count += 1;
    this.reset(this.#count - 1);
  }

  /**
   * Notes a reading arriving at `atMs`; returns how long it stands for: the gap since the previous one,
   * capped at `maxFrameMs`, or `nominalFrameMs` for the first.
   */
  arrive(point: number, atMs: number, nominalFrameMs: number, maxFrameMs: number): number {
    const records = this.#records;
    const at = point * FIELDS;
    let durationMs = nominalFrameMs;
    if (records[at + PHASE] !== NOT_STARTED) {
      durationMs = Math.min(Math.max(atMs - records[at + LAST_AT_MS]!, 0), maxFrameMs);
    } else {
      records[at + PHASE] = SILENT_SO_FAR;
      records[at + FIRST_AT_MS] = atMs;
    }
    records[at + LAST_AT_MS] = atMs;
    return durationMs;
  }

  /** Whether the gate is to be computed afresh: there is none yet, or this is the `refreshReadings`th reading since. */
  gateDue(point: number, refreshReadings: number): boolean {
    const at = point * FIELDS + READINGS_SINCE_GATE;
    const since = this.#records[at]! + 1;
    this.#records[at] = since;
    return since >= refreshReadings;
  }

  setGate(point: number, gateDbfs: number): void {
    this.#records[point * FIELDS + GATE_DBFS] = gateDbfs;
    this.#records[point * FIELDS + READINGS_SINCE_GATE] = 0;
  }

  gateDbfs(point: number): number {
    return this.#records[point * FIELDS + GATE_DBFS]!;
  }

  /** Notes the rest of a reading arrived at `atMs`: whether it counted as playing, its level for the peak hold, whether it clipped. */
  settle(point: number, atMs: number, valueDb: number, present: boolean, clip: boolean): void {
    const records = this.#records;
    const at = point * FIELDS;
    if (present) {
      records[at + PHASE] = PLAYED;
      records[at + LAST_PRESENT_AT_MS] = atMs;
    }
    if (valueDb > records[at + PEAK_HOLD_DB]!) records[at + PEAK_HOLD_DB] = valueDb;
    if (clip) {
      const clips = (this.#recentClips[point] ??= new SampleQueue<number>());
      clips.push(atMs);
      records[at + RECENT_CLIPS] = clips.length;
    }
    if (records[at + RECENT_CLIPS] !== 0) this.#dropOldClips(point, atMs);
  }

  /** Whether the point played within `holdMs` of its latest reading. */
  signalPresent(point: number, holdMs: number): boolean {
    const records = this.#records;
    const at = point * FIELDS;
    return records[at + PHASE] === PLAYED && records[at + LAST_AT_MS]! - records[at + LAST_PRESENT_AT_MS]! < holdMs;
  }

  /** Time from the latest playing reading (or the first reading, if none played) to the latest, ms; 0 before any reading. */
  silentForMs(point: number): number {
    const records = this.#records;
    const at = point * FIELDS;
    const phase = records[at + PHASE];
    if (phase === NOT_STARTED) return 0;
    return records[at + LAST_AT_MS]! - records[at + (phase === PLAYED ? LAST_PRESENT_AT_MS : FIRST_AT_MS)]!;
  }

  peakHoldDb(point: number): number {
    return this.#records[point * FIELDS + PEAK_HOLD_DB]!;
  }

  recentClipCount(point: number): number {
    return this.#records[point * FIELDS + RECENT_CLIPS]!;
  }

  /** Forgets what the point has seen (its latest reading's time stays: nothing reads it before the next one). */
  reset(point: number): void {
    const records = this.#records;
    const at = point * FIELDS;
    records[at + PHASE] = NOT_STARTED;
    records[at + READINGS_SINCE_GATE] = Infinity;
    records[at + PEAK_HOLD_DB] = -Infinity;
    records[at + RECENT_CLIPS] = 0;
    this.#recentClips[point]?.clear();
  }

  #dropOldClips(point: number, atMs: number): void {
    const clips = this.#recentClips[point]!;
    for (let front = clips.front(); front !== undefined && front <= atMs - RECENT_CLIP_MS; front = clips.front()) clips.shift();
    this.#records[point * FIELDS + RECENT_CLIPS] = clips.length;
  }
}
