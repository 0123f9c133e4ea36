/**
 * The fake of every desk in the console registry with a network port of its own: what
 * `scripts/fake-desk.ts KIND` starts and what test/consoles/registry.test.ts checks is there for each such
 * console. The mapped dialects bring their own peers (test/consoles/midi/fake-qu-peer.ts,
 * test/consoles/osc-generic/fake-ardour.ts).
 */
import type { ConsoleKind } from '../../server/consoles/registry';
import { startFakeUi } from './fake-soundcraft-ui';
import { startFakeWing } from './fake-wing';
import { startFakeX32 } from './fake-x32';
import { startFakeXAir } from './fake-xair';
import { startFakeYamaha } from './fake-yamaha';
import { FAKE_FAMILIES } from './fake-yamaha-params';

export interface RunningFakeDesk {
  /** The port to pass as --console-port. */
  port: number;
  stop(): Promise<void>;
}

export const FAKE_DESKS: Partial<Record<ConsoleKind, (options: { port: number; variant: string | null }) => Promise<RunningFakeDesk>>> = {
  x32: startFakeX32,
  xair: startFakeXAir,
  wing: startFakeWing,
  yamaha: ({ port, variant }) => {
    const family = FAKE_FAMILIES.find((f) => f === (variant ?? 'cl'));
    if (!family) return Promise.reject(new Error(`no fake Yamaha "${variant}": one of ${FAKE_FAMILIES.join(', ')}`));
    return startFakeYamaha({ port, family, busSourceDbfs: { 1: -2 } });
  },
  'soundcraft-ui': startFakeUi,
};
