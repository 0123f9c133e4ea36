/** Software consoles and DAWs over OSC (through a mapping file) on the command line. */
import type { ConsoleDescriptor } from '../console-descriptor';
import { createOscGenericConsole } from './osc-generic-console';

export const OSC_CONSOLE: ConsoleDescriptor = {
  label: 'OSC consoles and DAWs through a mapping file (Ardour, REAPER)',
  transport: "OSC over UDP, the map's port (Ardour 3819, REAPER 8000)",
  defaultPort: null,
  needsHost: () => true,
  maps: ['ardour', 'reaper'],
  create: (options, logger) =>
    createOscGenericConsole({
      map: options.map ?? '',
      host: options.host ?? '',
      port: options.consolePort,
      localPort: options.localPort,
      logger: logger.child({ console: 'osc' }),
    }),
};
