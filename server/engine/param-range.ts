/** The range of any parameter the engine proposes, looked up in the snapshot. */
import { parseParamId, type ParamId } from '../model/params';
import type { ConsoleSnapshot, DbRange } from '../model/stages';

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
      const channel = snapshot.channels.find((c) => c.index === ref.channel);
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
