/** Behringer X32 / Midas M32 on the command line. */
import type { ConsoleDescriptor } from '../console-descriptor';
import { createX32Console } from './x32-console';

/** The X32/M32 desk's OSC port. */
export const X32_DEFAULT_PORT = 10023;

export const X32_CONSOLE: ConsoleDescriptor = {
  label: 'Behringer X32, Midas M32',
  transport: `OSC over UDP ${X32_DEFAULT_PORT}`,
  defaultPort: X32_DEFAULT_PORT,
  needsHost: () => true,
  create: (options, logger) =>
    createX32Console({ host: options.host ?? '', port: options.consolePort ?? X32_DEFAULT_PORT, logger: logger.child({ console: 'x32' }) }),
};
