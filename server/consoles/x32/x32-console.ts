/**
 * Behringer X32 / Midas M32 over OSC (UDP; default port in ./descriptor.ts).
 * Wire with: createX32Console({ host, port: X32_DEFAULT_PORT, logger }).start(signal).
 */
import type { Console } from '../console';
import { X32_FAMILY } from './addresses';
import { createXConsole, type XConsoleOptions } from '../x-family/x-console';

export type { XConsoleLogger, XConsoleOptions } from '../x-family/x-console';

/** An adapter for an X32/M32 at options.host:options.port. Nothing is sent before start(). */
export function createX32Console(options: XConsoleOptions): Console {
  return createXConsole(X32_FAMILY, options);
}
