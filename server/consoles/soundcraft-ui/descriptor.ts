/** Soundcraft Ui12, Ui16 and Ui24R on the command line: the desk's web-app WebSocket, --host required. */
import type { ConsoleDescriptor } from '../console-descriptor';
import { createUiConsole } from './ui-console';

/** The desk's web server, which also carries its WebSocket. */
export const UI_DEFAULT_PORT = 80;

export const SOUNDCRAFT_UI_CONSOLE: ConsoleDescriptor = {
  label: 'Soundcraft Ui12, Ui16, Ui24R',
  transport: `WebSocket on TCP ${UI_DEFAULT_PORT} (the desk's web app protocol), two connections`,
  defaultPort: UI_DEFAULT_PORT,
  needsHost: () => true,
  create(options, logger) {
    if (options.host === null) throw new Error('--console soundcraft-ui needs --host IP (the desk\'s address)');
    return createUiConsole({ host: options.host, port: options.consolePort ?? UI_DEFAULT_PORT, logger: logger.child({ console: 'soundcraft-ui' }) });
  },
};
