/** A multitrack recording played as a desk (--console recording --recording PATH). */
import type { ConsoleDescriptor } from '../console-descriptor';
import { createRecordingConsole } from './recording-console';

export const RECORDING_CONSOLE: ConsoleDescriptor = {
  label: 'A multitrack recording played as a desk (a folder of WAV/FLAC tracks or a multichannel WAV)',
  transport: 'files (--recording PATH)',
  defaultPort: null,
  needsHost: () => false,
  create: (options, logger) =>
    createRecordingConsole(options.recording ?? '', {
      autoRun: true,
      onListenerError: (error) => logger.error({ err: String(error) }, 'recording: playback or a listener failed'),
    }),
};
