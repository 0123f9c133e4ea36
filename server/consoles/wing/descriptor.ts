/** Behringer WING on the command line; without --host the desk is found on every network interface. */
import { networkInterfaces } from 'node:os';
import type { Logger } from '../../logger';
import type { ConsoleDescriptor } from '../console-descriptor';
import { createWingConsole } from './wing-console';
import { broadcastTargets, discoverWings } from './wing-discovery';

/** The WING's OSC port; its native port (meter requests, discovery) is the one below it, 2222. */
export const WING_DEFAULT_PORT = 2223;

/** How long discovery listens for answers. */
const DISCOVERY_MS = 1500;

export const WING_CONSOLE: ConsoleDescriptor = {
  label: 'Behringer WING, WING Compact, WING Rack',
  transport: `OSC over UDP ${WING_DEFAULT_PORT}, meters requested over TCP ${WING_DEFAULT_PORT - 1} (the port below --console-port)`,
  defaultPort: WING_DEFAULT_PORT,
  needsHost: () => false,
  findsHost: 'found on every network interface when left out',
  async create(options, logger) {
    const port = options.consolePort ?? WING_DEFAULT_PORT;
    const host = options.host ?? (await findOneWing(port - 1, logger));
    return createWingConsole({ host, port, logger: logger.child({ console: 'wing' }) });
  },
};

/** The address of the one WING that answers discovery; rejects naming what was tried or what answered. */
async function findOneWing(port: number, logger: Logger): Promise<string> {
  const targets = broadcastTargets(networkInterfaces());
  if (targets.length === 0) throw new Error('no IPv4 network interface to look for a WING on: give --host IP');
  logger.info({ targets, port }, 'looking for a WING');
  const found = await discoverWings({ targets, port, timeoutMs: DISCOVERY_MS });
  const [only] = found;
  if (only === undefined) throw new Error(`no WING answered on ${targets.join(', ')} (UDP ${port}): give --host IP`);
  if (found.length > 1) {
    const list = found.map((desk) => `${desk.ip} (${desk.name}, ${desk.model})`).join(', ');
    throw new Error(`several WINGs answered: ${list}; choose one with --host IP`);
  }
  logger.info({ ip: only.ip, name: only.name, model: only.model }, 'found a WING');
  return only.ip;
}
