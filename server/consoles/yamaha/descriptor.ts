/** Yamaha TF, DM3, DM7, CL/QL and RIVAGE PM over RCP on the command line (--model picks the parameter map). */
import type { ConsoleDescriptor } from '../console-descriptor';
import { RCP_MODELS } from './rcp-map';
import { RCP_PORT } from './rcp-link';
import { createYamahaConsole } from './yamaha-console';

export const YAMAHA_CONSOLE: ConsoleDescriptor = {
  label: 'Yamaha TF, DM3, DM7, CL, QL, RIVAGE PM (--model)',
  transport: `RCP text lines over TCP ${RCP_PORT}`,
  defaultPort: RCP_PORT,
  needsHost: () => true,
  models: RCP_MODELS,
  create: (options, logger) =>
    createYamahaConsole({
      map: options.model ?? '',
      host: options.host ?? '',
      port: options.consolePort ?? RCP_PORT,
      logger: logger.child({ console: 'yamaha' }),
    }),
};
