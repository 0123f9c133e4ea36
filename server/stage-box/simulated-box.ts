/**
 * The simulator's two-desk mode: simulated desks on one stage box. A preamp's gain or 48 V set on one desk
 * (a write or a change at that desk) is set on every other desk as a change at that desk, as a split box
 * reports it on each of its links. The simulator's headamp numbers are local, so the desk set maps its
 * channels to box inputs one to one (simulatedBoxMapping).
 */
import type { SimulatorConsole } from '../consoles/simulator/simulator-console';
import { formatParamId, readParam } from '../model/params';
import type { StageBoxConfig } from './stage-box';

const SHARED = /^channels\.(\d+)\.(preampGainDb|phantom)$/;

/** Links the desks; returns the function that unlinks them. */
export function linkSimulatedBox(desks: readonly SimulatorConsole[]): () => void {
  const stops = desks.map((desk) =>
    desk.onChanges(({ changes, snapshot }) => {
      for (const change of changes) {
        const match = SHARED.exec(change.path);
        const channel = match ? snapshot.channels[Number(match[1])] : undefined;
        if (!match || !channel) continue;
        const param = formatParamId({ scope: 'channel', channel: channel.index, param: match[2] as 'preampGainDb' | 'phantom' });
        const value = readParam(snapshot, param);
        if (value === undefined) continue;
        for (const other of desks) {
          // The other desk already holds it: the box's own echo coming back.
          if (other !== desk && readParam(other.snapshot(), param) !== value) other.deskChange(param, value);
        }
      }
    }),
  );
  return () => stops.forEach((stop) => stop());
}

/** Box input n is channel n on every desk (1..channels). */
export function simulatedBoxMapping(deskIds: readonly string[], channels: number): StageBoxConfig['mapping'] {
  return deskIds.flatMap((desk) => Array.from({ length: channels }, (_, i) => ({ desk, channel: i + 1, input: i + 1 })));
}
