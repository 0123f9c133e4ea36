/** The range of any parameter the engine proposes, looked up in the snapshot. */
import { clamp, roundDb, snapToStep } from './db';
import { parseParamId, type ParamId } from './params';
import { channelAt, type ConsoleSnapshot, type DbRange } from './stages';

/** Range and grid of a dB parameter; null for switches and for parameters the snapshot does not have. */
export function paramRange(snapshot: ConsoleSnapshot, param: ParamId): DbRange | null {
  const ref = parseParamId(param);
  if (ref === null) return null;
  const { ranges } = snapshot;
  switch (ref.scope) {
    case 'main':
    case 'bus':
    case 'matrix':
      return ranges.faderDb;
    case 'channel-eq':
      return ranges.eqGainDb;
    case 'channel-send':
      return ranges.sendLevelDb;
    case 'channel': {
      const channel = channelAt(snapshot.channels, ref.channel);
      if (channel === undefined) return null;
      switch (ref.param) {
        case 'preampGainDb': return channel.preampGainRange;
        case 'trimDb': return channel.trimRange;
        case 'faderDb': return ranges.faderDb;
        case 'dynThresholdDb': return ranges.dynThresholdDb;
        case 'dynMakeupDb': return ranges.dynMakeupDb;
        case 'gateThresholdDb': return ranges.gateThresholdDb;
        case 'phantom':
        case 'on':
          return null;
      }
    }
  }
}

/** Grid of ranges without a finite bottom (faders and sends reach -Infinity), dB. */
const FADER_PROPOSAL_STEP_DB = 0.1;

/**
 * The value to propose for `valueDb` on a range: clamped, then on the grid. Fader-like ranges (bottom
 * -Infinity, non-uniform law) are proposed on a 0.1 dB grid from 0 dB; the console snaps them to its law.
 */
export function quantiseToRange(valueDb: number, range: DbRange): number {
  const clamped = clamp(valueDb, range.minDb, range.maxDb);
  const finiteBottom = Number.isFinite(range.minDb);
  const step = finiteBottom ? range.stepDb : Math.max(range.stepDb, FADER_PROPOSAL_STEP_DB);
  const snapped = snapToStep(clamped, step, finiteBottom ? range.minDb : 0);
  // Snapping can step just past either end when the range is not a whole number of steps.
  const inside = snapped > range.maxDb ? snapped - step : snapped < range.minDb ? snapped + step : snapped;
  return roundDb(inside, 6) + 0;
}

/**
 * How far a level may land from the exact compensation because faders and sends move on a grid: half the
 * coarsest proposal grid among the fader and send moves of a change set (0 without any), dB. The same
 * allowance the safe writer makes from the console's own grid.
 */
export function gridAllowanceDb(snapshot: ConsoleSnapshot, params: readonly ParamId[]): number {
  let gridDb = 0;
  for (const param of params) {
    if (!/\.faderDb$|\.levelDb$/.test(param)) continue;
    const range = paramRange(snapshot, param);
    if (range === null) continue;
    gridDb = Math.max(gridDb, Number.isFinite(range.minDb) ? range.stepDb : Math.max(range.stepDb, FADER_PROPOSAL_STEP_DB));
  }
  return gridDb / 2;
}
