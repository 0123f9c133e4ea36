/**
 * Downstream compensation. For an input gain change (what "re-gain" does on other desks): thresholds move
 * with the gain so the gate and compressor act the same, and pre-fader sends move against it so monitor
 * mixes stay where the performers set them; post-fader paths follow the fader and are left to the
 * engineer. For a change of a processor's output level (makeup, threshold): the fader and the pre-fader
 * sends (tapped after the processors) move against it, so neither the mix nor the monitors change.
 */
import { formatParamId } from '../model/params';
import type { ChannelState, ConsoleSnapshot, DbRange } from '../model/stages';
import { proposedChange, quantiseToRange } from './channel-gain';
import type { ProposedChange } from './suggestion';

function moved(param: string, currentDb: number, deltaDb: number, range: DbRange): ProposedChange | null {
  if (!Number.isFinite(currentDb)) return null;
  const proposedDb = quantiseToRange(currentDb + deltaDb, range);
  return Math.abs(proposedDb - currentDb) >= range.stepDb / 2 ? proposedChange(param, currentDb, proposedDb) : null;
}

/** The compensating changes for a `gainDeltaDb` change of the channel's input gain (empty for 0). */
export function downstreamCompensation(snapshot: ConsoleSnapshot, channel: ChannelState, gainDeltaDb: number): ProposedChange[] {
  if (gainDeltaDb === 0) return [];
  const { ranges } = snapshot;
  const changes: (ProposedChange | null)[] = [];
  if (channel.gateOn) {
    const param = formatParamId({ scope: 'channel', channel: channel.index, param: 'gateThresholdDb' });
    changes.push(moved(param, channel.gateThresholdDb, gainDeltaDb, ranges.gateThresholdDb));
  }
  if (channel.dynOn) {
    const param = formatParamId({ scope: 'channel', channel: channel.index, param: 'dynThresholdDb' });
    changes.push(moved(param, channel.dynThresholdDb, gainDeltaDb, ranges.dynThresholdDb));
  }
  for (const send of channel.sends) {
    if (!send.on || !send.preFader) continue;
    const param = formatParamId({ scope: 'channel-send', channel: channel.index, bus: send.bus });
    changes.push(moved(param, send.levelDb, -gainDeltaDb, ranges.sendLevelDb));
  }
  return changes.filter((change): change is ProposedChange => change !== null);
}

/** The fader and pre-fader send changes that cancel a `outputDeltaDb` change at the channel's processor output. */
export function processorOutputCompensation(snapshot: ConsoleSnapshot, channel: ChannelState, outputDeltaDb: number): ProposedChange[] {
  if (outputDeltaDb === 0) return [];
  const { ranges } = snapshot;
  const changes: (ProposedChange | null)[] = [
    moved(formatParamId({ scope: 'channel', channel: channel.index, param: 'faderDb' }), channel.faderDb, -outputDeltaDb, ranges.faderDb),
  ];
  for (const send of channel.sends) {
    if (!send.on || !send.preFader) continue;
    const param = formatParamId({ scope: 'channel-send', channel: channel.index, bus: send.bus });
    changes.push(moved(param, send.levelDb, -outputDeltaDb, ranges.sendLevelDb));
  }
  return changes.filter((change): change is ProposedChange => change !== null);
}
