/** Builds the console adapter the command line asks for. */
import type { BridgeCliOptions } from '../cli/options';
import type { Logger } from '../logger';
import type { Console } from './console';
import { createMidiConsole } from './midi/midi-console';
import { loadEasyMidi } from './midi/open-ports';
import { createOscGenericConsole } from './osc-generic/osc-generic-console';
import { createRecordingConsole } from './recording/recording-console';
import { SimulatorConsole } from './simulator/simulator-console';
import { createX32Console, X32_DEFAULT_PORT } from './x32/x32-console';
import { createWingConsole, WING_DEFAULT_PORT } from './wing/wing-console';
import { createXAirConsole, XAIR_DEFAULT_PORT } from './xair/xair-console';

/** Rejects with the adapter's own error (a bad mapping file names the file and field). */
export async function createConsole(options: BridgeCliOptions, logger: Logger): Promise<Console> {
  const host = options.host ?? '';
  switch (options.console) {
    case 'sim':
      return new SimulatorConsole({
        seed: options.seed,
        autoRun: true,
        onListenerError: (error) => logger.error({ err: String(error) }, 'meter listener failed'),
      });
    case 'recording':
      return createRecordingConsole(options.recording ?? '', {
        autoRun: true,
        onListenerError: (error) => logger.error({ err: String(error) }, 'recording: playback or a listener failed'),
      });
    case 'x32':
      return createX32Console({ host, port: options.consolePort ?? X32_DEFAULT_PORT, logger: logger.child({ console: 'x32' }) });
    case 'xair':
      return createXAirConsole({ host, port: options.consolePort ?? XAIR_DEFAULT_PORT, logger: logger.child({ console: 'xair' }) });
    case 'wing':
      return createWingConsole({ host, port: options.consolePort ?? WING_DEFAULT_PORT, logger: logger.child({ console: 'wing' }) });
    case 'midi':
      return createMidiConsole({
        map: options.map ?? '',
        transport:
          options.midiTransport === 'tcp'
            ? { kind: 'tcp', host, port: options.consolePort }
            : { kind: 'easymidi', input: options.midiIn ?? '', output: options.midiOut ?? '', loadEasyMidi },
        logger: logger.child({ console: 'midi' }),
      });
    case 'osc':
      return createOscGenericConsole({
        map: options.map ?? '',
        host,
        port: options.consolePort,
        localPort: options.localPort,
        logger: logger.child({ console: 'osc' }),
      });
  }
}
