/**
 * A recall preview as table rows: one row per stored gain or trim, with the value on the desk now, the
 * stored value and the change a recall would make, in dB. Pure.
 */
import type { ChannelDiff } from '../../../server/profiles/recall-diff';
import { formatDelta, formatGain, formatLevel } from './decibel-format';

export interface RecallRow {
  /** Unique within a preview: "3.preampGainDb". */
  key: string;
  channel: number;
  /** Name on the desk now (the stored name when the desk has no such channel). */
  name: string;
  /** The stored name when the desk's channel carries another one (another source may be plugged in), else null. */
  renamedFrom: string | null;
  /** "Gain" or "Trim". */
  stage: string;
  current: string;
  stored: string;
  delta: string;
  /** A recall writes this value (it exists on the desk and differs). */
  changes: boolean;
}

export function recallRows(diff: readonly ChannelDiff[]): RecallRow[] {
  return diff.flatMap((channel) =>
    channel.params.map((param) => {
      // A preamp gain is an absolute setting (no sign); a trim reads with one.
      const value = param.stage === 'preampGainDb' ? formatLevel : formatGain;
      return {
        key: `${channel.index}.${param.stage}`,
        channel: channel.index,
        name: channel.name ?? channel.storedName,
        renamedFrom: channel.renamed ? channel.storedName : null,
        stage: param.stage === 'preampGainDb' ? 'Gain' : 'Trim',
        current: param.currentDb === null ? 'none' : value(param.currentDb),
        stored: value(param.storedDb),
        delta: param.deltaDb === null ? '—' : param.deltaDb === 0 ? '0.0' : formatDelta(param.deltaDb),
        changes: param.deltaDb !== null && param.deltaDb !== 0,
      };
    }),
  );
}

/** Values a recall of this preview would write. */
export function recallWrites(diff: readonly ChannelDiff[]): number {
  return diff.reduce((sum, channel) => sum + channel.params.filter((p) => p.deltaDb !== null && p.deltaDb !== 0).length, 0);
}
