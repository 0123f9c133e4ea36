/**
 * Behringer X-Air (XR12/XR16/XR18) and Midas MR18 over OSC (UDP; default port in ./descriptor.ts). Same adapter as
 * the X32 (../x-family/x-console.ts) with the X-Air address map and meter banks.
 * Wire with: createXAirConsole({ host, port: XAIR_DEFAULT_PORT, logger }).start(signal).
 */
import type { Console } from '../console';
import { createXConsole, type XConsoleOptions } from '../x-family/x-console';
import { XAIR_FAMILY } from './addresses';

/** An adapter for an X-Air at options.host:options.port. Nothing is sent before start(). */
export function createXAirConsole(options: XConsoleOptions): Console {
  return createXConsole(XAIR_FAMILY, options);
}
