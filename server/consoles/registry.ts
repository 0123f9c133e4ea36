/**
 * Every console Headroom can drive, one line each. A new console is its folder (adapter, descriptor, fake in
 * test/fakes) plus one line here: the CLI's choices, default ports, host and map checks, help and the
 * ConsoleKind type all derive from this table.
 */
import type { BridgeCliOptions } from '../cli/options';
import type { Logger } from '../logger';
import type { Console } from './console';
import type { ConsoleDescriptor } from './console-descriptor';
import { MIDI_CONSOLE } from './midi/descriptor';
import { OSC_CONSOLE } from './osc-generic/descriptor';
import { RECORDING_CONSOLE } from './recording/descriptor';
import { SIMULATOR_CONSOLE } from './simulator/descriptor';
import { SOUNDCRAFT_UI_CONSOLE } from './soundcraft-ui/descriptor';
import { WING_CONSOLE } from './wing/descriptor';
import { X32_CONSOLE } from './x32/descriptor';
import { XAIR_CONSOLE } from './xair/descriptor';
import { YAMAHA_CONSOLE } from './yamaha/descriptor';

export const CONSOLE_REGISTRY = {
  sim: SIMULATOR_CONSOLE,
  x32: X32_CONSOLE,
  xair: XAIR_CONSOLE,
  wing: WING_CONSOLE,
  midi: MIDI_CONSOLE,
  osc: OSC_CONSOLE,
  recording: RECORDING_CONSOLE,
  yamaha: YAMAHA_CONSOLE,
  'soundcraft-ui': SOUNDCRAFT_UI_CONSOLE,
} as const satisfies Record<string, ConsoleDescriptor>;

/** A console the bridge can drive: a key of the registry. */
export type ConsoleKind = keyof typeof CONSOLE_REGISTRY;

/** Every kind, in the registry's order (the order --help lists them). */
export const CONSOLE_KINDS = Object.keys(CONSOLE_REGISTRY) as ConsoleKind[];

export function isConsoleKind(text: string): text is ConsoleKind {
  return Object.hasOwn(CONSOLE_REGISTRY, text);
}

/** Builds the adapter the command line asks for. Rejects with the adapter's own error (a bad map names the file and field). */
export async function createConsole(options: BridgeCliOptions, logger: Logger): Promise<Console> {
  const descriptor: ConsoleDescriptor = CONSOLE_REGISTRY[options.console];
  return descriptor.create(options, logger);
}
