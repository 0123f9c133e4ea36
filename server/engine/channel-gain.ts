/**
 * Where a channel's input gain lives and how a wanted change lands on it: the headamp gain when the
 * channel has a headamp, else the digital trim; quantised to the console's grid and clamped to its range.
 * When the headamp runs out of range, the trim (where the console has one) takes the rest.
 */
import { roundDb } from '../model/db';
import { quantiseToRange } from '../model/param-range';
import { formatParamId, type ParamId } from '../model/params';
import type { ChannelState, DbRange } from '../model/stages';
import type { ProposedChange } from './suggestion';

export interface GainControl {
  param: ParamId;
  /** 'preamp gain' or 'trim', as the reason names it. */
  name: string;
  currentDb: number;
  range: DbRange;
}

/** The channel's input gain controls in the order the engine uses them (headamp first). */
export function gainControls(channel: ChannelState): GainControl[] {
  const controls: GainControl[] = [];
  if (channel.preampGainDb !== null && channel.preampGainRange !== null) {
    controls.push({
      param: formatParamId({ scope: 'channel', channel: channel.index, param: 'preampGainDb' }),
      name: 'preamp gain',
      currentDb: channel.preampGainDb,
      range: channel.preampGainRange,
    });
  }
  if (channel.trimDb !== null && channel.trimRange !== null) {
    controls.push({
      param: formatParamId({ scope: 'channel', channel: channel.index, param: 'trimDb' }),
      name: 'trim',
      currentDb: channel.trimDb,
      range: channel.trimRange,
    });
  }
  return controls;
}

/** A change from `currentDb` to `proposedDb` on one parameter. */
export function proposedChange(param: ParamId, currentDb: number, proposedDb: number): ProposedChange {
  return { param, currentValue: currentDb, proposedValue: proposedDb, deltaDb: roundDb(proposedDb - currentDb, 6) };
}

export interface GainPlan {
  /** Changes that carry the gain, main control first; empty when nothing can move. */
  changes: ProposedChange[];
  /** Gain the changes actually add, dB (after quantising and clamping). */
  achievedDb: number;
  /** Wanted minus achieved, dB: non-zero when the range ran out. */
  shortfallDb: number;
  /** The control whose range ran out, when one did. */
  limit: { control: GainControl; atDb: number } | null;
}

/** Spreads a wanted input gain change over the channel's gain controls (headamp, then trim). */
export function planGainChange(channel: ChannelState, wantedDb: number): GainPlan {
  const changes: ProposedChange[] = [];
  let remainingDb = wantedDb;
  let limit: GainPlan['limit'] = null;
  for (const control of gainControls(channel)) {
    if (Math.abs(remainingDb) < control.range.stepDb / 2) break;
    const proposedDb = quantiseToRange(control.currentDb + remainingDb, control.range);
    const movedDb = proposedDb - control.currentDb;
    if (Math.abs(movedDb) >= control.range.stepDb / 2) {
      changes.push(proposedChange(control.param, control.currentDb, proposedDb));
      remainingDb -= movedDb;
    }
    const atEnd = remainingDb > 0 ? proposedDb >= control.range.maxDb : proposedDb <= control.range.minDb;
    if (atEnd && Math.abs(remainingDb) >= control.range.stepDb / 2) {
      limit = { control, atDb: proposedDb };
    } else {
      limit = null;
      break;
    }
  }
  return {
    changes,
    achievedDb: roundDb(wantedDb - remainingDb, 6),
    shortfallDb: roundDb(remainingDb, 6),
    limit,
  };
}
