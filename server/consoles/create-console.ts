/** Builds the console adapter the command line asks for. */
import type { BridgeCliOptions } from '../cli/options';
import type { Logger } from '../logger';
import type { Console } from './console';
import { SimulatorConsole } from './simulator/simulator-console';

export function createConsole(options: BridgeCliOptions, logger: Logger): Console {
  switch (options.console) {
    case 'sim':
      return new SimulatorConsole({
        seed: options.seed,
        autoRun: true,
        onListenerError: (error) => logger.error({ err: String(error) }, 'meter listener failed'),
      });
    case 'x32':
    case 'xair':
      throw new Error(`--console ${options.console} is not available in this build yet`);
  }
}
