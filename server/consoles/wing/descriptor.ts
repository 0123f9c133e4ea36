/** Behringer WING on the command line. */
import type { ConsoleDescriptor } from '../console-descriptor';
import { createWingConsole } from './wing-console';

/** The WING's OSC port; its native port (meter requests) is the one below it, 2222. */
export const WING_DEFAULT_PORT = 2223;

export const WING_CONSOLE: ConsoleDescriptor = {
  label: 'Behringer WING, WING Compact, WING Rack',
  transport: `OSC over UDP ${WING_DEFAULT_PORT}, meters requested over TCP ${WING_DEFAULT_PORT - 1} (the port below --console-port)`,
  defaultPort: WING_DEFAULT_PORT,
  needsHost: () => true,
  create: (options, logger) =>
    createWingConsole({ host: options.host ?? '', port: options.consolePort ?? WING_DEFAULT_PORT, logger: logger.child({ console: 'wing' }) }),
};
