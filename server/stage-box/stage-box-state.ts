/** The stage box as tablets get it (stage-box-wire.ts): desks, tracking pairs, shared preamps with each desk's trim and range left. */
import type { ConnectionState } from '../consoles/console';
import { channelLabel } from '../model/level-model';
import type { DeskAccess } from './desk-access';
import type { DeskRole, SharedPreamp } from './stage-box';
import type { StageLog } from './stage-log';
import type { WireStageBox } from './stage-box-wire';

export interface StateDesk {
  id: string;
  name: string;
  role: DeskRole;
  httpPort: number | null;
  state: ConnectionState;
}

export function stageBoxState(input: {
  desks: readonly StateDesk[];
  preamps: readonly SharedPreamp[];
  tracking: (a: string, b: string) => boolean;
  access: DeskAccess;
  log: StageLog;
}): WireStageBox {
  const { desks, access } = input;
  const channelOf = (desk: string, channel: number) => access.snapshot(desk).channels.find((c) => c.index === channel);
  return {
    desks: desks.map((d) => ({ id: d.id, name: d.name, role: d.role, httpPort: d.httpPort, state: d.state })),
    pairs: desks.flatMap((a, i) => desks.slice(i + 1).map((b) => ({ desks: [a.id, b.id] as [string, string], tracking: input.tracking(a.id, b.id) }))),
    preamps: input.preamps.map((p) => {
      const memberChannel = (desk: string) => {
        const member = p.members.find((m) => m.desk === desk);
        return member ? channelOf(desk, member.channel) : undefined;
      };
      const ownerChannel = memberChannel(p.owner) ?? memberChannel(p.members[0]!.desk);
      return {
        input: p.input,
        owner: p.owner,
        gainDb: ownerChannel?.preampGainDb ?? null,
        phantom: ownerChannel?.phantom ?? null,
        members: p.members.map((m) => {
          const channel = channelOf(m.desk, m.channel);
          const trimDb = channel?.trimDb ?? null;
          const range = channel?.trimRange ?? null;
          return {
            desk: m.desk,
            channel: m.channel,
            label: channel ? channelLabel(channel) : `Ch ${m.channel}`,
            trimDb,
            trimRoomDb: trimDb === null || range === null ? null : { down: trimDb - range.minDb, up: range.maxDb - trimDb },
          };
        }),
      };
    }),
    changes: input.log.changes(),
    warnings: input.log.warnings(),
  };
}
