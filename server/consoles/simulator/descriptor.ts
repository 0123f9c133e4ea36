/** The built-in simulated band (the default console). */
import type { ConsoleDescriptor } from '../console-descriptor';
import { SimulatorConsole } from './simulator-console';

export const SIMULATOR_CONSOLE: ConsoleDescriptor = {
  label: 'Headroom simulator: a band at soundcheck (deterministic with --seed)',
  transport: 'built in',
  defaultPort: null,
  needsHost: () => false,
  create: (options, logger) =>
    new SimulatorConsole({
      seed: options.seed,
      autoRun: true,
      onListenerError: (error) => logger.error({ err: String(error) }, 'meter listener failed'),
    }),
};
