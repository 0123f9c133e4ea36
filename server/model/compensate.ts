/**
 * The invariant as a construction: given the changes that are a change set's purpose (a preamp gain, a
 * makeup, a threshold, a stored gain to recall), add the moves that keep every level downstream where it
 * was. An input gain change carries its gate and compressor thresholds with it (so they act the same), the
 * fader the other way (the PA and post-fader sends stay) and each pre-fader send against it (monitor mixes
 * stay); a change at the processors' output carries the fader and pre-fader sends. Where a range runs out
 * (fader already at +10 dB, threshold at its end) the rest is a residual: post-fader sends then take what
 * the fader could not, and what no control can keep is reported with its size, never hidden. A preamp gain
 * is its headamp's: every channel taking that headamp (an input split to two channels) gets the same
 * compensation as the channel written; trim and phantom are each channel's own.
 */
import { formatDb } from './db';
import { quantiseToRange, paramRange } from './param-range';
import { formatParamId, parseParamId, type ParamId } from './params';
import {
  channelLabel,
  channelsMoved,
  eqShiftDb,
  predictChannelShift,
  predictLevelShift,
  shiftText,
  LEVEL_TOLERANCE_DB,
  type LevelChange,
  type LevelMeters,
  type LevelShift,
} from './level-model';
import { channelAt, type ChannelState, type ConsoleSnapshot } from './stages';

export interface CompensatedChangeSet {
  /** The purpose changes first (as given), then the compensation. */
  changes: LevelChange[];
  /** The added moves only, in the order they are written. */
  compensation: LevelChange[];
  /** What the whole set does to every level. */
  shift: LevelShift;
  /** Why a level could not be kept, one sentence each ("Ch 13 Vox 1: fader at its +10.0 dB maximum, the PA rises 3.0 dB"). */
  limits: string[];
}

/** The value to write for `currentDb` moved by `deltaDb` on the parameter's grid, or null for no move. */
function movedValue(snapshot: ConsoleSnapshot, param: ParamId, currentDb: number, deltaDb: number): number | null {
  if (!Number.isFinite(currentDb) || !Number.isFinite(deltaDb)) return null;
  const range = paramRange(snapshot, param);
  if (range === null) return null;
  const proposedDb = quantiseToRange(currentDb + deltaDb, range);
  return Math.abs(proposedDb - currentDb) >= Math.min(range.stepDb, 0.1) / 2 ? proposedDb : null;
}

/**
 * Completes `purpose` with the compensation that keeps the PA and every monitor mix where they were.
 * Master fader moves in `purpose` are mix moves by intent and get no compensation.
 */
export function compensate(snapshot: ConsoleSnapshot, purpose: readonly LevelChange[], meters: LevelMeters): CompensatedChangeSet {
  const { compensation, limits } = compensationMoves(snapshot, purpose, meters);
  const changes = [...purpose, ...compensation];
  return { changes, compensation, shift: predictLevelShift(snapshot, changes, meters), limits };
}

/** compensate() without the prediction of the whole set: the added moves and the limits only. */
export function compensationMoves(
  snapshot: ConsoleSnapshot,
  purpose: readonly LevelChange[],
  meters: LevelMeters,
): Pick<CompensatedChangeSet, 'compensation' | 'limits'> {
  const fixed = new Set(purpose.map((c) => c.param));
  // Each channel a purpose change moves is compensated as if the change were its own: a preamp gain is its
  // headamp's, so a channel split from the same input (channelsMoved) moves with it and needs its own
  // thresholds, fader and sends kept; the channel written comes first, so its moves are written first.
  const byChannel = new Map<number, LevelChange[]>();
  for (const change of purpose) {
    const ref = parseParamId(change.param);
    if (ref === null || ref.scope === 'main' || ref.scope === 'bus' || ref.scope === 'matrix') continue;
    const written = channelAt(snapshot.channels, ref.channel);
    const moved = written ? [written, ...channelsMoved(snapshot, written, ref).filter((c) => c !== written)] : [];
    for (const channel of moved) byChannel.set(channel.index, [...(byChannel.get(channel.index) ?? []), change]);
  }
  const compensation: LevelChange[] = [];
  const limits: string[] = [];
  for (const [index, own] of byChannel) {
    const channel = channelAt(snapshot.channels, index);
    if (!channel) continue;
    const added = compensateChannel(snapshot, channel, own, fixed, meters);
    compensation.push(...added.compensation);
    limits.push(...added.limits);
  }
  return { compensation, limits };
}

function compensateChannel(
  snapshot: ConsoleSnapshot,
  channel: ChannelState,
  own: readonly LevelChange[],
  fixed: ReadonlySet<ParamId>,
  meters: LevelMeters,
): { compensation: LevelChange[]; limits: string[] } {
  const param = (p: Parameters<typeof formatParamId>[0]) => formatParamId(p);
  const compensation: LevelChange[] = [];
  /** The purpose, then the compensation so far: kept as it grows rather than joined for every shift. */
  const changes = [...own];
  const add = (id: ParamId, currentDb: number, deltaDb: number) => {
    if (fixed.has(id)) return;
    const value = movedValue(snapshot, id, currentDb, deltaDb);
    if (value === null) return;
    const change = { param: id, value };
    compensation.push(change);
    changes.push(change);
  };
  const shiftNow = () => predictChannelShift(snapshot, changes, meters, channel.index)!;

  const first = shiftNow();
  if (first.heardDb !== 0) {
    if (channel.gateOn) add(param({ scope: 'channel', channel: channel.index, param: 'gateThresholdDb' }), channel.gateThresholdDb, first.heardDb);
    if (channel.dynOn) {
      const bands = new Map<number, number>();
      for (const c of own) {
        const ref = parseParamId(c.param);
        // A sibling's purpose holds the other channel's preamp: only this channel's own bands shape its level.
        if (ref?.scope === 'channel-eq' && ref.channel === channel.index) bands.set(ref.band, c.value);
      }
      add(param({ scope: 'channel', channel: channel.index, param: 'dynThresholdDb' }), channel.dynThresholdDb, first.heardDb + eqShiftDb(channel, bands));
    }
  }
  const afterProcessors = shiftNow();
  const faderParam = param({ scope: 'channel', channel: channel.index, param: 'faderDb' });
  if (Math.abs(afterProcessors.preFaderDb) > LEVEL_TOLERANCE_DB / 2) add(faderParam, channel.faderDb, -afterProcessors.preFaderDb);
  const afterFader = shiftNow();
  for (const send of channel.sends) {
    if (!send.on) continue;
    const tapDb = send.preFader ? afterFader.preFaderDb : afterFader.postFaderDb;
    if (Math.abs(tapDb) > LEVEL_TOLERANCE_DB / 2) add(param({ scope: 'channel-send', channel: channel.index, bus: send.bus }), send.levelDb, -tapDb);
  }

  const final = shiftNow();
  const limits: string[] = [];
  const label = channelLabel(channel);
  if (channel.toMain && Math.abs(final.postFaderDb) > LEVEL_TOLERANCE_DB && !fixed.has(faderParam)) {
    const end = final.postFaderDb < 0 ? `its ${formatDb(snapshot.ranges.faderDb.maxDb)} dB maximum` : 'the bottom of its travel';
    limits.push(`${label}: the fader cannot follow (it reaches ${end}); in the PA it moves ${shiftText(final.postFaderDb)}.`);
  }
  for (const [bus, deltaDb] of final.sendsDb) {
    if (Math.abs(deltaDb) <= LEVEL_TOLERANCE_DB) continue;
    const name = snapshot.buses.find((b) => b.index === bus)?.name.trim() || `Bus ${bus}`;
    limits.push(`${label}: the send to ${name} cannot follow (end of its range); in ${name} it moves ${shiftText(deltaDb)}.`);
  }
  const thresholdParam = param({ scope: 'channel', channel: channel.index, param: 'dynThresholdDb' });
  if (channel.dynOn && !fixed.has(thresholdParam) && Math.abs(final.compressorMismatchDb) > LEVEL_TOLERANCE_DB) {
    limits.push(`${label}: the compressor threshold cannot follow all the way (end of its range); it compresses ${final.compressorMismatchDb > 0 ? 'harder' : 'less'}.`);
  }
  const gateParam = param({ scope: 'channel', channel: channel.index, param: 'gateThresholdDb' });
  if (channel.gateOn && !fixed.has(gateParam) && Math.abs(final.gateMismatchDb) > LEVEL_TOLERANCE_DB) {
    limits.push(`${label}: the gate threshold cannot follow all the way (end of its range); the gate opens ${formatDb(Math.abs(final.gateMismatchDb))} dB ${final.gateMismatchDb > 0 ? 'earlier' : 'later'}.`);
  }
  return { compensation, limits };
}
