/** Behringer X-Air / Midas MR on the command line. */
import type { ConsoleDescriptor } from '../console-descriptor';
import { createXAirConsole } from './xair-console';

/** The X-Air desk's OSC port. */
export const XAIR_DEFAULT_PORT = 10024;

export const XAIR_CONSOLE: ConsoleDescriptor = {
  label: 'Behringer X-Air XR12, XR16, XR18, Midas MR18',
  transport: `OSC over UDP ${XAIR_DEFAULT_PORT}`,
  defaultPort: XAIR_DEFAULT_PORT,
  needsHost: () => true,
  create: (options, logger) =>
    createXAirConsole({ host: options.host ?? '', port: options.consolePort ?? XAIR_DEFAULT_PORT, logger: logger.child({ console: 'xair' }) }),
};
