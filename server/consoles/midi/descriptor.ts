/** MIDI consoles and DAW control surfaces (through a mapping file) on the command line. */
import type { ConsoleDescriptor } from '../console-descriptor';
import { createMidiConsole } from './midi-console';
import { loadEasyMidi } from './open-ports';
import { AH_MIDI_TCP_PORT } from './tcp-transport';

export const MIDI_CONSOLE: ConsoleDescriptor = {
  label: 'MIDI consoles through a mapping file (Allen & Heath Qu, SQ, dLive, Avantis, Mackie Control, plain CC)',
  transport: `MIDI ports, or MIDI over TCP (--midi-transport tcp; Allen & Heath ${AH_MIDI_TCP_PORT}, dLive Surface 51328)`,
  defaultPort: null,
  needsHost: (options) => options.midiTransport === 'tcp',
  maps: ['qu', 'sq', 'dlive', 'avantis', 'mackie', 'cc'],
  create: (options, logger) =>
    createMidiConsole({
      map: options.map ?? '',
      transport:
        options.midiTransport === 'tcp'
          ? { kind: 'tcp', host: options.host ?? '', port: options.consolePort }
          : { kind: 'easymidi', input: options.midiIn ?? '', output: options.midiOut ?? '', loadEasyMidi },
      logger: logger.child({ console: 'midi' }),
    }),
};
